extension PostingPool {
    /// Reads lists written by snapshot formats 1 and 2 (`varint(delta) varint(freq)`, no
    /// whole-word bit) or 3 and 4 (`withWholeWordBits`: `varint(delta) varint(freq << 1 |
    /// wholeWord)`) and re-encodes them in this build's encoding, with fresh blocks.
    ///
    /// `wholeWord(term, document, position)` says whether the occurrence at `position` is a
    /// whole segmenter word (from the stored word boundaries), for lists without the bit. The bytes are not trusted yet:
    /// every read is checked, each list is read for its declared number of documents only,
    /// documents must ascend below `documents`, and a list must end where its tail says.
    /// Cost: one decode and encode of the arena, about as long as compaction.
    func recodingLegacyLists(documents: Int, withWholeWordBits: Bool = false, wholeWord: (Int, Int32, UInt32) -> Bool,
                             signals: (Int32) -> DocumentSignals) throws(IndexError) -> PostingPool {
        var out = PostingPool()
        out.bytes.reserveCapacity(bytes.count + bytes.count / 16)
        out.grow(to: lists.count)
        var damaged: Int?
        var positions: [UInt32] = []
        bytes.withUnsafeBufferPointer { buffer in
            for term in lists.indices where damaged == nil {
                let state = lists[term]
                var reader = SliceReader(buffer: buffer, state: state.headState, end: state.tail)
                var document: Int32 = -1
                reading: for _ in 0..<state.documentCount {
                    guard let delta = reader.readVarintChecked(), delta > 0, let code = reader.readVarintChecked(),
                          Int(document) + Int(delta) < documents else { damaged = term; break reading }
                    let freq = withWholeWordBits ? code >> 1 : code
                    guard freq > 0 else { damaged = term; break reading }
                    document += Int32(delta)
                    positions.removeAll(keepingCapacity: true)
                    var position: UInt32 = 0
                    var whole = withWholeWordBits && code & 1 != 0
                    for _ in 0..<freq {
                        guard let step = reader.readVarintChecked() else { damaged = term; break reading }
                        position &+= step
                        positions.append(position)
                        if !withWholeWordBits, !whole, wholeWord(term, document, position) { whole = true }
                    }
                    let filled = positions.withUnsafeBufferPointer {
                        out.append(term: term, document: document, positions: $0, wholeWord: whole, signals: signals(document))
                    }
                    if filled { out.sealFirstBlock(term: term, signals: signals) }
                }
                if damaged == nil, reader.offset != state.tail { damaged = term }
            }
        }
        if let damaged { throw .decoding(reason: "posting list \(damaged) does not read as its document count says") }
        return out
    }

    /// The lists in the encoding of snapshot formats 1 and 2 (no whole-word bit) or, with
    /// `withWholeWordBits`, 3 and 4; without blocks (a load of those formats builds them
    /// afresh). For writing those formats: tests of loading snapshots written by older builds.
    func legacyEncoded(withWholeWordBits: Bool = false) -> PostingPool {
        var out = PostingPool()
        out.grow(to: lists.count)
        var positions: [UInt32] = []
        let none = DocumentSignals(length: 1, time: 0, engagement: 0, averageLength: 1)
        for term in lists.indices {
            forEachDocument(term: term) { document, freq, cursor in
                positions.removeAll(keepingCapacity: true)
                while let p = cursor.next() { positions.append(p) }
                _ = positions.withUnsafeBufferPointer {
                    let field = withWholeWordBits ? UInt32(freq) << 1 | (cursor.wholeWord ? 1 : 0) : UInt32(freq)
                    return out.append(term: term, document: document, positions: $0, layout: .legacy(frequencyField: field),
                                      wholeWord: false, signals: none)
                }
            }
        }
        out.openBlocks = []
        out.blockLists = []
        for i in out.lists.indices { out.lists[i].slot = -1 }
        return out
    }
}
