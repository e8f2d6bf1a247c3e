import Dispatch

/// Packing the stored texts: every text recoded in a Huffman code fitted to the store's characters.
extension ItemStore {
    /// Recodes every item's text in a `TextCode` fitted to the characters of all of them (and,
    /// in a store of 64 KB of text or more, to their most frequent pairs: `pairedCounts`): a
    /// pack (`SearchIndex.pack()`), after which the stored text takes a little over half of its
    /// `CompactText` bytes. Items added or changed later are kept in `CompactText` until the
    /// next one. `threads` share the rows (counting, then coding). Cost: two passes over the
    /// texts and a new arena (the old one is freed at the end); a store without text is left
    /// as it is.
    public mutating func codeTexts(threads: Int = 1) {
        let parts = Swift.max(1, Swift.min(threads, rows.count / 4_096))
        let rows = self.rows, bytes = self.bytes, oldCode = textCode
        let ranges = (0..<parts).map { p in rows.count * p / parts..<rows.count * (p + 1) / parts }
        // A large store counts by `CompactText` unit in a table (no scalar decoded for most
        // characters); a small one in a hash table (a snapshot of a few items loads without
        // filling and scanning 32K counters).
        let large = storedTextBytes >= 1 << 16
        let counted = ResultSlots<ScalarCounts>(count: parts)
        Self.perform(parts) { p in
            counted.set(p, ScalarCounts(rows: rows[ranges[p]], bytes: bytes, code: oldCode, byTable: large))
        }
        var byScalar: [UInt32: Int] = [:]
        for part in counted.values { part.add(to: &byScalar) }
        // A large store's frequent pairs of characters get codes of their own.
        let symbols = large ? pairedCounts(scalarCounts: byScalar) : byScalar.map { (symbol: TextCode.Symbol(first: $0.key), count: $0.value) }
        guard let code = TextCode(symbols: symbols) else { return }
        let encoder = TextCode.Encoder(code)
        let coded = ResultSlots<CodedTexts>(count: parts)
        Self.perform(parts) { p in
            coded.set(p, CodedTexts(rows: rows[ranges[p]], bytes: bytes, oldCode: oldCode, encoder: encoder))
        }
        // The parts' arenas joined, each row pointed at its bytes there.
        let codedParts = coded.values
        var arena = ByteArena()
        arena.reserveCapacity(codedParts.reduce(0) { $0 + $1.bytes.count })
        for (p, part) in codedParts.enumerated() {
            let base = arena.count
            part.bytes.withUnsafeBufferPointer { arena.append(UnsafeRawBufferPointer($0)) }
            for (k, i) in ranges[p].enumerated() {
                self.rows[i].start = base + Int(part.starts[k])
                self.rows[i].storedTextLength = part.lengths[k]
                self.rows[i].flags |= Flag.coded
            }
        }
        self.bytes = arena
        textCode = code
    }

    /// Runs `body` for 0..<`parts`, on as many threads when there are several.
    private static func perform(_ parts: Int, _ body: @Sendable (Int) -> Void) {
        if parts == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: body) }
    }

    /// A run of rows' characters counted (`codeTexts`): by `CompactText` unit in a table, or
    /// by scalar.
    private struct ScalarCounts: Sendable {
        var byUnit: [Int]
        var byScalar: [UInt32: Int] = [:]

        init(rows: ArraySlice<Row>, bytes: ByteArena, code: TextCode?, byTable: Bool) {
            var byUnit = [Int](repeating: 0, count: byTable ? TextCode.Encoder.unitCount : 0)
            var byScalar: [UInt32: Int] = [:]
            bytes.withUnsafeBufferPointer { arena in
                byUnit.withUnsafeMutableBufferPointer { byUnit in
                    for r in rows {
                        let start = r.start + Int(r.idLength)
                        let stored = UnsafeBufferPointer(rebasing: arena[start..<start + Int(r.storedTextLength)])
                        if r.flags & Flag.coded != 0, let code {
                            code.forEachScalar(stored, utf8Count: Int(r.textLength)) { byScalar[$0, default: 0] += 1 }
                        } else if byTable {
                            CompactText.forEachUnit(stored) { unit, scalar in
                                if unit >= 0 { byUnit[unit] += 1 } else { byScalar[scalar, default: 0] += 1 }
                            }
                        } else {
                            CompactText.forEachScalar(stored) { byScalar[$0, default: 0] += 1 }
                        }
                    }
                }
            }
            self.byUnit = byUnit
            self.byScalar = byScalar
        }

        /// Adds these counts to `counts`, by scalar.
        func add(to counts: inout [UInt32: Int]) {
            for (scalar, n) in byScalar { counts[scalar, default: 0] += n }
            for unit in byUnit.indices where byUnit[unit] > 0 {
                counts[ItemStore.scalar(ofUnit: unit), default: 0] += byUnit[unit]
            }
        }
    }

    /// A run of rows' ids and texts, the texts coded (`codeTexts`): their bytes, and where
    /// each row's start and how many bytes its coded text takes.
    private struct CodedTexts: Sendable {
        var bytes = ByteArena()
        var starts: [UInt32] = []
        var lengths: [UInt32] = []

        init(rows: ArraySlice<Row>, bytes old: ByteArena, oldCode: TextCode?, encoder: TextCode.Encoder) {
            var scratch: [UInt8] = []
            var out = ByteArena()
            starts.reserveCapacity(rows.count)
            lengths.reserveCapacity(rows.count)
            old.withUnsafeBufferPointer { old in
                for r in rows {
                    starts.append(UInt32(out.count))
                    let start = r.start + Int(r.idLength)
                    out.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: old[r.start..<start])))
                    let stored = UnsafeBufferPointer(rebasing: old[start..<start + Int(r.storedTextLength)])
                    var n: Int?
                    if r.flags & Flag.coded == 0 {
                        n = encoder.encode(compact: stored, appendingTo: &out, scratch: &scratch)
                    } else {
                        // Coded before: recoded scalar by scalar.
                        var coded: [UInt8] = []
                        if encoder.encode(into: &coded, { body in oldCode?.forEachScalar(stored, utf8Count: Int(r.textLength), body) }) {
                            coded.withUnsafeBytes { out.append($0) }
                            n = coded.count
                        }
                    }
                    guard let n else { preconditionFailure("a character counted for the text code has no code") }
                    lengths.append(UInt32(n))
                }
            }
            bytes = out
        }
    }
}
