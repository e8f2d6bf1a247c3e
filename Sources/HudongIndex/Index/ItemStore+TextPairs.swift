/// Choosing the pairs of characters the text code gives codes of their own (`TextCode`).
extension ItemStore {
    /// How pairs are chosen (`pairedCounts`).
    enum TextPairs {
        /// Characters that may be part of a pair: the most frequent ones.
        static let candidates = 1_024
        /// Pairs given a code of their own, at most.
        static let limit = 4_096
        /// Fewest occurrences in the sample for a pair to be considered.
        static let minimumCount = 8
        /// Rows in the sample the pairs are chosen and counted from, at least (every row of a
        /// smaller store).
        static let sampleRows = 50_000
    }

    /// The symbols of a text code for this store and their counts: each counted scalar, and
    /// the pairs of frequent characters (`TextPairs`) that occur most often, counted as the
    /// encoder will split the texts.
    ///
    /// The pairs are chosen from a sample of the rows (every n-th, at least
    /// `TextPairs.sampleRows`): their two characters' neighbours counted in a table, the most
    /// frequent kept. Then the sample is coded with those pairs, and its symbols counted: a
    /// pair's count is scaled up to the whole store; a character's whole count (`scalarCounts`)
    /// is scaled by the share of its occurrences in the sample left outside pairs. So
    /// the counts are estimates, which only make the code a little less than the shortest;
    /// every counted scalar keeps a code of its own, so every text can still be coded.
    func pairedCounts(scalarCounts: [UInt32: Int]) -> [(symbol: TextCode.Symbol, count: Int)] {
        let singles = scalarCounts.map { (symbol: TextCode.Symbol(first: $0.key), count: $0.value) }
        // The candidates: the most frequent characters `CompactText` keeps in a unit.
        let frequent = scalarCounts.compactMap { scalar, count in TextCode.Encoder.unit(of: scalar).map { (unit: $0, count: count) } }
            .sorted { ($0.count, $0.unit) > ($1.count, $1.unit) }.prefix(TextPairs.candidates)
        guard frequent.count >= 2 else { return singles }
        var rank = [Int16](repeating: -1, count: TextCode.Encoder.unitCount)
        var unitOfRank: [Int] = []
        for (r, f) in frequent.enumerated() {
            rank[f.unit] = Int16(r)
            unitOfRank.append(f.unit)
        }
        let k = frequent.count
        let stride = Swift.max(1, rows.count / TextPairs.sampleRows)
        let sample = Swift.stride(from: 0, to: rows.count, by: stride)
        // The sample's pairs of neighbouring candidates, and its characters by unit (escaped
        // ones by scalar).
        var pairCounts = [UInt32](repeating: 0, count: k * k)
        var sampleUnits = [Int](repeating: 0, count: TextCode.Encoder.unitCount)
        var sampleEscaped: [UInt32: Int] = [:]
        var sampleCount = 0
        pairCounts.withUnsafeMutableBufferPointer { counts in
            sampleUnits.withUnsafeMutableBufferPointer { units in
                for i in sample {
                    var previous = -1
                    forEachUnit(ofTextAt: i) { unit, scalar in
                        sampleCount += 1
                        guard unit >= 0 else {
                            sampleEscaped[scalar, default: 0] += 1
                            previous = -1
                            return
                        }
                        units[unit] += 1
                        let r = Int(rank[unit])
                        if previous >= 0, r >= 0 { counts[previous * k + r] &+= 1 }
                        previous = r
                    }
                }
            }
        }
        var chosen: [(index: Int, count: UInt32)] = []
        for (index, count) in pairCounts.enumerated() where count >= UInt32(TextPairs.minimumCount) { chosen.append((index, count)) }
        guard !chosen.isEmpty else { return singles }
        chosen.sort { ($0.count, $0.index) > ($1.count, $1.index) }
        let pairs = chosen.prefix(TextPairs.limit).map { pair in
            (symbol: TextCode.Symbol(first: Self.scalar(ofUnit: unitOfRank[pair.index / k]), second: Self.scalar(ofUnit: unitOfRank[pair.index % k])),
             count: Int(pair.count))
        }
        // The sample coded with those pairs (any counts split a text alike), its symbols counted.
        guard let provisional = TextCode(symbols: singles + pairs) else { return singles }
        let encoder = TextCode.Encoder(provisional)
        var symbolCounts = [Int](repeating: 0, count: provisional.symbols.count)
        // Counts the symbols of one coded text (its padding bits never read as one).
        func countSymbols(_ coded: UnsafeBufferPointer<UInt8>, utf8Count: Int) {
            var read = 0
            guard utf8Count > 0 else { return }
            provisional.forEachSymbol(coded) { s in
                symbolCounts[s] += 1
                read += provisional.utf8Count(ofSymbol: s)
                return read < utf8Count
            }
        }
        var scratch: [UInt8] = [], coded: [UInt8] = []
        for i in sample {
            let r = rows[i], utf8Count = Int(r.textLength)
            if r.flags & Flag.coded == 0 {
                // (A `CompactText` unit is at least a byte and its code at most 3.)
                if scratch.count < 3 * Int(r.storedTextLength) + 8 { scratch = [UInt8](repeating: 0, count: 3 * Int(r.storedTextLength) + 8) }
                let start = r.start + Int(r.idLength)
                bytes.withUnsafeBufferPointer { arena in
                    scratch.withUnsafeMutableBufferPointer { out in
                        let compact = UnsafeBufferPointer(rebasing: arena[start..<start + Int(r.storedTextLength)])
                        let n = encoder.encode(compact: compact, into: out.baseAddress!) ?? 0
                        countSymbols(UnsafeBufferPointer(rebasing: out[..<n]), utf8Count: utf8Count)
                    }
                }
            } else {
                // (Coded before, by the store's current code: recoded scalar by scalar.)
                coded.removeAll(keepingCapacity: true)
                guard encoder.encode(into: &coded, { body in forEachScalar(ofTextAt: i, body) }) else { continue }
                coded.withUnsafeBufferPointer { countSymbols($0, utf8Count: utf8Count) }
            }
        }
        var storeCount = 0
        for count in scalarCounts.values { storeCount += count }
        let scale = Double(storeCount) / Double(Swift.max(1, sampleCount))
        var alone: [UInt32: Int] = [:]
        var out: [(symbol: TextCode.Symbol, count: Int)] = []
        for (s, symbol) in provisional.symbols.enumerated() {
            if symbol.isPair {
                if symbolCounts[s] > 0 { out.append((symbol, Swift.max(1, Int(Double(symbolCounts[s]) * scale)))) }
            } else {
                alone[symbol.first] = symbolCounts[s]
            }
        }
        for (scalar, count) in scalarCounts {
            var estimate = count
            let seen = TextCode.Encoder.unit(of: scalar).map { sampleUnits[$0] } ?? sampleEscaped[scalar] ?? 0
            if seen > 0 {
                estimate = Swift.max(1, Int(Double(count) * Double(alone[scalar] ?? 0) / Double(seen)))
            }
            out.append((TextCode.Symbol(first: scalar), estimate))
        }
        return out
    }

    /// Calls `body` with the `CompactText` unit of each character of row `i`'s text, coded or
    /// not, and a scalar that is exact only for a unit of -1 (one `CompactText` escapes); for
    /// other units it may be 0 (`forEachScalar(ofTextAt:)` gives every scalar).
    func forEachUnit(ofTextAt i: Int, _ body: (Int, UInt32) -> Void) {
        let r = rows[i]
        let start = r.start + Int(r.idLength)
        bytes.withUnsafeBufferPointer { arena in
            let stored = UnsafeBufferPointer(rebasing: arena[start..<start + Int(r.storedTextLength)])
            if r.flags & Flag.coded != 0, let textCode {
                textCode.forEachScalar(stored, utf8Count: Int(r.textLength)) { body(TextCode.Encoder.unit(of: $0) ?? -1, $0) }
            } else {
                CompactText.forEachUnit(stored, body)
            }
        }
    }

    /// Calls `body` with each scalar of row `i`'s text, coded or not.
    func forEachScalar(ofTextAt i: Int, _ body: (UInt32) -> Void) {
        forEachUnit(ofTextAt: i) { unit, scalar in body(unit >= 0 ? Self.scalar(ofUnit: unit) : scalar) }
    }

    /// The scalar of a `CompactText` unit (`TextCode.Encoder.unit(of:)` read back).
    static func scalar(ofUnit unit: Int) -> UInt32 {
        unit < 128 ? UInt32(unit) : CompactText.scalar(of: UInt32(unit - 128))
    }
}
