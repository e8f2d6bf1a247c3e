/// Up to one block of a posting list, decoded: documents, counts and whole-word bits, and
/// where each document's positions are, without the positions themselves.
///
/// Top-k search decodes a block first and then reads each document's signals in a separate
/// pass: the loads of the signals (one cache miss each at a million documents) no longer wait
/// on the varint decoding between them, so the processor has many in flight at once.
/// One per search, reused from block to block: room for one block, allocated once.
struct DecodedPostings {
    /// One decoded document.
    struct Entry {
        var document: Int32
        /// Occurrences in the document.
        var count: Int32
        /// Whether some occurrence in the document is a whole segmenter word (`PostingPool`).
        var wholeWord: Bool
        /// Where the document's positions start (for `forEachPosition`).
        var positions: PostingReaderState
    }

    /// The decoded documents, ascending: the first `count` entries (the rest are spare).
    var entries: [Entry]
    var count = 0
    /// Where the next chunk starts; nil at the list's end.
    var next: PostingReaderState?

    init() {
        entries = Array(repeating: Entry(document: 0, count: 0, wholeWord: false,
                                         positions: PostingReaderState(documentBefore: 0, offset: 0, sliceLimit: 0, level: 0)),
                        count: PostingBlock.size)
    }
}

extension PostingPool {
    /// Decodes at most `limit` documents of `term`'s list from `start` (nil: the list's start)
    /// (and at most one block's) into `out`, replacing what it held.
    func decode(term: Int, from start: PostingReaderState?, limit: Int, into out: inout DecodedPostings) {
        let wanted = min(limit, out.entries.count)
        var n = 0
        out.next = bytes.withUnsafeBufferPointer { buffer -> PostingReaderState? in
            var (reader, document) = reader(of: term, from: start, in: buffer)
            out.entries.withUnsafeMutableBufferPointer { entries in
                while n < wanted, !reader.atEnd {
                    let header = reader.readVarint()
                    document += Int32(header >> 2)
                    let freq = header & 1 != 0 ? 1 : Int32(reader.readVarint())
                    entries[n] = DecodedPostings.Entry(document: document, count: freq, wholeWord: header & 2 != 0,
                                                       positions: reader.state(documentBefore: document))
                    // Skip the positions: one varint each, a byte below 0x80 ends one.
                    var skipped: Int32 = 0
                    while skipped < freq {
                        if reader.readByte() < 0x80 { skipped += 1 }
                    }
                    n += 1
                }
            }
            return reader.atEnd ? nil : reader.state(documentBefore: document)
        }
        out.count = n
    }

    /// Calls `body` with each position of the `i`th document of `decoded` (of `term`'s list), ascending.
    @inline(__always)
    func forEachPosition(term: Int, of i: Int, in decoded: DecodedPostings, _ body: (UInt32) -> Void) {
        let end = lists[term].tail
        bytes.withUnsafeBufferPointer { buffer in
            let entry = decoded.entries[i]
            var reader = SliceReader(buffer: buffer, state: entry.positions, end: end)
            var position: UInt32 = 0
            for _ in 0..<entry.count {
                position &+= reader.readVarint()
                body(position)
            }
        }
    }
}
