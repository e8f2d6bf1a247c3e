/// The stored items in a snapshot as they are kept (snapshot format 9): rows as columns, the
/// id and text arena as one block, the text code, the label list and the value table.
///
/// Before format 9 a snapshot held every item encoded value by value; a load decoded each
/// into an `Item`, stored it again (its text in `CompactText`) and then coded every text anew
/// (`codeTexts`, with the choice of character pairs): about half of a load's time. Now the
/// writer codes the texts not yet coded (in the store's code as it writes them, or all of
/// them on a copy when that code lacks one of their characters) and a load reads the
/// store's arrays straight in, checking every offset, length and value id against what it
/// points into.
extension ItemStore {
    /// Writes the store as it is kept, every text coded, times aside (the document arrays
    /// hold them); the store in memory is left as it is.
    ///
    /// Texts not yet coded (added since the last pack) are coded in the store's own code as
    /// they are written: a checkpoint costs the new texts, not all of them. Only a store with
    /// no code yet, or with a new text holding a character its code lacks, is coded afresh,
    /// on a copy (`codeTexts` on `threads`: a new code fitted to every text). The arena is
    /// written row by row, so bytes no row points at (left by replacements) are not written.
    func writeSnapshot(to sink: inout some SnapshotByteSink, threads: Int) {
        let uncoded = rows.indices.filter { rows[$0].flags & Flag.coded == 0 }
        // (Empty texts need no code: a store of them alone is written as it is.)
        if uncoded.isEmpty || textCode == nil && uncoded.allSatisfy({ rows[$0].storedTextLength == 0 }) {
            return write(to: &sink, coding: NewlyCoded())
        }
        if let textCode, let coded = NewlyCoded(uncoded, of: self, in: textCode) {
            return write(to: &sink, coding: coded)
        }
        var copy = self
        copy.codeTexts(threads: threads)
        copy.write(to: &sink, coding: NewlyCoded())
    }

    /// The texts of uncoded rows coded for a snapshot, one after another (`writeSnapshot`).
    struct NewlyCoded {
        /// The rows, ascending, and where each one's code starts in `bytes` and ends.
        var rows: [Int] = []
        var ends: [Int] = [0]
        var bytes = ByteArena()

        init() {}

        /// The texts of `rows` (uncoded ones of `store`) in `code`; nil when one of them has
        /// a character without a code.
        init?(_ rows: [Int], of store: ItemStore, in code: TextCode) {
            let encoder = TextCode.Encoder(code)
            var scratch: [UInt8] = []
            let coded = store.bytes.withUnsafeBufferPointer { arena -> Bool in
                for i in rows {
                    let r = store.rows[i], textStart = r.start + Int(r.idLength)
                    let compact = UnsafeBufferPointer(rebasing: arena[textStart..<textStart + Int(r.storedTextLength)])
                    guard encoder.encode(compact: compact, appendingTo: &bytes, scratch: &scratch) != nil else { return false }
                    ends.append(bytes.count)
                }
                return true
            }
            guard coded else { return nil }
            self.rows = rows
        }
    }

    /// Writes the store exactly as it is kept: rows, arena and all, nothing coded or moved
    /// (for tests that damage a store and check that its load refuses it).
    func writeVerbatimSnapshot(to sink: inout some SnapshotByteSink) {
        write(to: &sink, coding: NewlyCoded(), verbatim: true)
    }

    /// Writes the store with the texts of `coding`'s rows as it codes them; `verbatim`, with
    /// the rows' offsets and the arena as they are.
    private func write(to sink: inout some SnapshotByteSink, coding: NewlyCoded, verbatim: Bool = false) {
        var storedLengths = rows.map(\.storedTextLength), flags = rows.map(\.flags)
        for (k, i) in coding.rows.enumerated() {
            storedLengths[i] = UInt32(coding.ends[k + 1] - coding.ends[k])
            flags[i] |= Flag.coded
        }
        // Each row's id and text where the written arena has them: row after row.
        var arenaBytes = verbatim ? bytes.count : 0
        let starts = verbatim ? rows.map { UInt32($0.start) } : rows.indices.map { i in
            precondition(arenaBytes <= Int(UInt32.max), "the item store holds at most 4 GiB of ids and text")
            defer { arenaBytes += Int(rows[i].idLength) + Int(storedLengths[i]) }
            return UInt32(arenaBytes)
        }
        precondition(arenaBytes <= Int(UInt32.max), "the item store holds at most 4 GiB of ids and text")
        func column<T: BitwiseCopyable>(_ field: (Row) -> T) { sink.put(array: rows.map(field)) }
        sink.put(array: starts)
        column(\.idLength)
        column(\.textLength)
        sink.put(array: storedLengths)
        column(\.channel)
        column(\.author)
        column(\.city)
        column(\.category)
        column(\.labels)
        column(\.likes)
        column(\.shares)
        column(\.comments)
        sink.put(array: flags)
        sink.put(UInt64(arenaBytes))
        if verbatim {
            bytes.withUnsafeBufferPointer { sink.write(UnsafeRawBufferPointer($0)) }
        } else {
            writeArena(to: &sink, coding: coding)
        }
        sink.put(UInt8(textCode == nil ? 0 : 1))
        if let textCode {
            sink.put(array: textCode.symbols.map(\.first))
            sink.put(array: textCode.symbols.map(\.second))
            sink.put(array: textCode.lengths)
        }
        sink.put(array: labelList)
        var table = BinaryWriter()
        for value in values { table.string(value) }
        sink.put(UInt64(values.count))
        sink.put(table)
        let talks = conversations.keys.sorted()
        sink.put(array: talks)
        sink.put(array: talks.map { conversations[$0]!.from })
        sink.put(array: talks.map { conversations[$0]!.to })
        sink.put(array: talks.map { conversations[$0]!.group })
        let large = largeCounts.keys.sorted()
        sink.put(array: large.map { Int64($0) })
        sink.put(array: large.map { Int64(largeCounts[$0]!) })
    }

    /// Writes every row's id and text, row after row: runs of the arena as they lie (one
    /// write for rows whose bytes follow one another), the texts of `coding`'s rows from it.
    private func writeArena(to sink: inout some SnapshotByteSink, coding: NewlyCoded) {
        bytes.withUnsafeBufferPointer { arena in
            coding.bytes.withUnsafeBufferPointer { codes in
                var run = 0..<0
                func flush() {
                    if !run.isEmpty { sink.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: arena[run]))) }
                    run = 0..<0
                }
                func take(_ range: Range<Int>) {
                    if range.isEmpty { return }
                    if !run.isEmpty, run.upperBound == range.lowerBound { run = run.lowerBound..<range.upperBound } else { flush(); run = range }
                }
                var k = 0
                for (i, r) in rows.enumerated() {
                    if k < coding.rows.count, coding.rows[k] == i {
                        take(r.start..<r.start + Int(r.idLength))
                        flush()
                        sink.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: codes[coding.ends[k]..<coding.ends[k + 1]])))
                        k += 1
                    } else {
                        take(r.start..<r.start + Int(r.idLength) + Int(r.storedTextLength))
                    }
                }
                flush()
            }
        }
    }

    /// Reads a store of `count` items written by `writeSnapshot(to:)`; its times are left
    /// empty for the caller to set from the document arrays.
    /// Every row's bytes must lie in the arena, its value and label ids in their tables, and a
    /// coded text needs a code; a text's UTF-8 length is bounded by its stored bytes (so a
    /// damaged length cannot ask for a huge String). Damage gives `IndexError.decoding`.
    init(snapshot source: inout some SnapshotByteSource, count: Int) throws(IndexError) {
        self.init()
        func column<T: BitwiseCopyable>(_: T.Type, _ name: String) throws(IndexError) -> [T] {
            let values = try source.takeArray(T.self)
            guard values.count == count else { throw .decoding(reason: "the items' \(name) column has \(values.count) rows, not \(count)") }
            return values
        }
        let starts = try column(UInt32.self, "start"), idLengths = try column(UInt32.self, "id length")
        let textLengths = try column(UInt32.self, "text length"), storedLengths = try column(UInt32.self, "stored text length")
        let channels = try column(UInt32.self, "channel"), authors = try column(UInt32.self, "author")
        let cities = try column(UInt32.self, "city"), categories = try column(UInt32.self, "category")
        let labels = try column(UInt32.self, "labels")
        let likes = try column(UInt16.self, "likes"), shares = try column(UInt16.self, "shares")
        let comments = try column(UInt16.self, "comments"), flags = try column(UInt8.self, "flags")
        let arenaBytes = try source.take(UInt64.self)
        guard arenaBytes <= UInt64(source.remaining) else {
            throw .decoding(reason: "an item arena of \(arenaBytes) bytes is longer than the \(source.remaining) bytes left")
        }
        bytes = try ByteArena(count: Int(arenaBytes)) { (buffer) throws(IndexError) in try source.read(into: buffer) }
        switch try source.take(UInt8.self) {
        case 0: textCode = nil
        case 1:
            let firsts = try source.takeArray(UInt32.self), seconds = try source.takeArray(UInt32.self)
            let lengths = try source.takeArray(UInt8.self)
            guard firsts.count == seconds.count,
                  let code = TextCode(canonical: zip(firsts, seconds).map { TextCode.Symbol(first: $0, second: $1) }, lengths: lengths) else {
                throw .decoding(reason: "the items' text code is not a valid prefix code")
            }
            textCode = code
        case let mark: throw .decoding(reason: "bad text code mark \(mark)")
        }
        labelList = try source.takeArray(UInt32.self)
        let valueCount = try source.take(UInt64.self)
        var table = try source.takeBuffer()
        guard valueCount <= UInt64(table.remaining) else { throw .decoding(reason: "\(valueCount) field values cannot fit in their table") }
        values.reserveCapacity(Int(valueCount))
        for _ in 0..<Int(valueCount) {
            let value = try table.string()
            guard valueIds.updateValue(UInt32(values.count), forKey: value) == nil else {
                throw .decoding(reason: "the field value \"\(value)\" is stored twice")
            }
            values.append(value)
        }
        guard table.atEnd else { throw .decoding(reason: "the field value table has trailing bytes") }
        let talks = try source.takeArray(Int32.self), from = try source.takeArray(UInt32.self)
        let to = try source.takeArray(UInt32.self), group = try source.takeArray(UInt32.self)
        guard from.count == talks.count, to.count == talks.count, group.count == talks.count else {
            throw .decoding(reason: "the message fields' columns disagree in length")
        }
        let valueLimit = UInt32(values.count)
        for k in talks.indices {
            guard talks[k] >= 0, Int(talks[k]) < count, from[k] <= valueLimit, to[k] <= valueLimit, group[k] <= valueLimit else {
                throw .decoding(reason: "message fields of item \(talks[k]) point outside the items or the value table")
            }
            conversations[talks[k]] = Conversation(from: from[k], to: to[k], group: group[k])
        }
        let largeKeys = try source.takeArray(Int64.self), largeValues = try source.takeArray(Int64.self)
        guard largeKeys.count == largeValues.count else { throw .decoding(reason: "the large counts' columns disagree in length") }
        for (key, value) in zip(largeKeys, largeValues) {
            guard key >= 0, key < Int64(count) * 3 else { throw .decoding(reason: "a large count of item \(key / 3) is outside the items") }
            largeCounts[Int(key)] = Int(value)
        }
        rows.reserveCapacity(count)
        for i in 0..<count {
            let row = Row(start: Int(starts[i]), idLength: idLengths[i], textLength: textLengths[i], storedTextLength: storedLengths[i],
                          channel: channels[i], author: authors[i], city: cities[i], category: categories[i], labels: labels[i],
                          likes: likes[i], shares: shares[i], comments: comments[i], flags: flags[i])
            try check(row, at: i)
            rows.append(row)
        }
    }

    /// Throws unless `row` (item `i`) points only into this store's arena, labels and values.
    private func check(_ row: Row, at i: Int) throws(IndexError) {
        let coded = row.flags & Flag.coded != 0
        // A `CompactText` byte gives at most 1.5 bytes of UTF-8; a code bit at most one 8-byte pair.
        let textLimit = Int(row.storedTextLength) * (coded ? 64 : 2)
        guard row.start + Int(row.idLength) + Int(row.storedTextLength) <= bytes.count, Int(row.textLength) <= textLimit,
              row.flags & ~Flag.known == 0, !coded || textCode != nil else {
            throw .decoding(reason: "item \(i)'s bytes lie outside the item arena, or its text length or flags are impossible")
        }
        let valueLimit = UInt32(values.count)
        guard row.channel <= valueLimit, row.author <= valueLimit, row.city <= valueLimit, row.category <= valueLimit else {
            throw .decoding(reason: "item \(i) names a field value outside the value table")
        }
        guard row.labels > 0 else { return }
        // Its tags then its paths, each run a count and that many value ids.
        var at = Int(row.labels - 1)
        for _ in 0..<2 {
            guard at < labelList.count, Int(labelList[at]) < labelList.count - at else {
                throw .decoding(reason: "item \(i)'s labels run past the label list")
            }
            let end = at + 1 + Int(labelList[at])
            guard labelList[at + 1..<end].allSatisfy({ $0 < valueLimit }) else {
                throw .decoding(reason: "item \(i) has a label outside the value table")
            }
            at = end
        }
    }
}
