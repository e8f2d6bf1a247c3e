import CHeap

/// Up to one block of a posting list, decoded: documents, counts and whole-word bits, and
/// where each document's positions are, without the positions themselves.
///
/// Top-k search decodes a block first, keeping only the documents whose length byte lets them
/// reach the page, and then reads each kept document's signals in a separate pass: the loads
/// of the signals (one cache miss each at a million documents) no longer wait on the varint
/// decoding between them, so the processor has many in flight at once.
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

    /// The decoded documents kept, ascending: the first `count` entries (the rest are spare).
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
    /// (and at most one block's) into `out`, keeping those `keep(document, count, wholeWord)`
    /// accepts (in `out`, replacing what it held); returns how many were read.
    /// (`keep` sees a document as it is read: a top-k search drops most of a block there,
    /// before anything is stored for it.)
    @inline(__always)
    func decode(term: Int, from start: PostingReaderState?, limit: Int, into out: inout DecodedPostings,
                keeping keep: (Int32, Int32, Bool) -> Bool) -> Int {
        let wanted = min(limit, out.entries.count)
        var read = 0, kept = 0
        out.next = bytes.withUnsafeBufferPointer { buffer -> PostingReaderState? in
            var (reader, document) = reader(of: term, from: start, in: buffer)
            out.entries.withUnsafeMutableBufferPointer { entries in
                if reader.offset <= reader.end, reader.end <= reader.sliceLimit, let base = buffer.baseAddress {
                    // The rest of the list in the slice being read (a packed list is one slice;
                    // slices never overlap, so the list's end inside this one's range means this
                    // is its last): read with the offset in a register and no slice check per byte.
                    let end = Int(reader.end), limit = reader.sliceLimit, level = Int32(reader.level)
                    var at = Int(reader.offset)
                    @inline(__always) func varint() -> UInt32 {
                        var result: UInt32 = 0, shift: UInt32 = 0
                        while true {
                            let byte = base[at]
                            at += 1
                            result |= UInt32(byte & 0x7F) << shift
                            if byte < 0x80 { return result }
                            shift += 7
                        }
                    }
                    while read < wanted, at != end {
                        let header = varint()
                        document += Int32(header >> 2)
                        let freq = header & 1 != 0 ? 1 : Int32(varint())
                        let wholeWord = header & 2 != 0
                        if keep(document, freq, wholeWord) {
                            entries[kept] = DecodedPostings.Entry(document: document, count: freq, wholeWord: wholeWord,
                                                                  positions: PostingReaderState(documentBefore: document, offset: Int32(at),
                                                                                                sliceLimit: limit, level: level))
                            kept += 1
                        }
                        // Skip the positions: one varint each, a byte below 0x80 ends one.
                        var skipped: Int32 = 0
                        while skipped < freq {
                            if base[at] < 0x80 { skipped += 1 }
                            at += 1
                        }
                        read += 1
                    }
                    reader.offset = Int32(at)
                    return
                }
                // (The same steps through `SliceReader`, following the list from slice to slice.
                // One loop generic over the two ways of reading was 1.2× slower per term query.)
                while read < wanted, !reader.atEnd {
                    let header = reader.readVarint()
                    document += Int32(header >> 2)
                    let freq = header & 1 != 0 ? 1 : Int32(reader.readVarint())
                    let wholeWord = header & 2 != 0
                    if keep(document, freq, wholeWord) {
                        entries[kept] = DecodedPostings.Entry(document: document, count: freq, wholeWord: wholeWord,
                                                              positions: reader.state(documentBefore: document))
                        kept += 1
                    }
                    var skipped: Int32 = 0
                    while skipped < freq {
                        if reader.readByte() < 0x80 { skipped += 1 }
                    }
                    read += 1
                }
            }
            return reader.atEnd ? nil : reader.state(documentBefore: document)
        }
        out.count = kept
        return read
    }

    /// Asks the cache for the postings from `start` to `end` (a block's bytes: from its start
    /// to the next block's) without waiting for them (a hint, as `ItemStore.prefetch`): a block
    /// read next then starts on bytes on their way. With no end known (the block being
    /// filled, or a next block in another slice), its first four cache lines.
    @inline(__always)
    func prefetch(from start: PostingReaderState, to end: PostingReaderState?) {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // (Never past the slice the block starts in, nor past 16 cache lines.)
            let last = end.flatMap { $0.sliceLimit == start.sliceLimit && $0.offset >= start.offset ? Int($0.offset) : nil }
                ?? Int(start.offset) + 256
            let stop = min(Int(start.sliceLimit), last, Int(start.offset) + 1_024, buffer.count)
            var line = Int(start.offset) & ~63
            while line < stop {
                hudong_prefetch(base + line)
                line += 64
            }
        }
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
