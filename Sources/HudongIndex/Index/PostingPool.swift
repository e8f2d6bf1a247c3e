/// The postings of every term in one byte arena: documents and positions, append-only.
///
/// Each term's list is a chain of slices in `bytes` (12, 24, 48 … 4,096 bytes; the last 4
/// bytes of a full slice point to the next), so a term costs no array of its own — about 17
/// bytes of bookkeeping per term. The unused ends of the lists' last slices are the arena's
/// slack (about a sixth of it after a bulk ingest): `pack()` lays every list out in one
/// piece and drops it, and snapshots are written packed, so a loaded index has none. A list is, per
/// document: `varint(docDelta << 2 | wholeWord << 1 | single)`, then `varint(freq)` unless
/// `single` (freq is 1 for most postings, so most cost no byte for it), then `freq` ×
/// `varint(positionDelta)`. `wholeWord` says some occurrence is a whole segmenter word (a unit
/// a word starts and ends on; a bigram a word starts on and ends after): top-k search bounds
/// BM25 with it, and for most documents (one occurrence, or none whole) it is the exact
/// whole-word count. Snapshot formats 1–4 wrote `varint(docDelta) varint(freq << 1 | wholeWord)`
/// (1 and 2 without the bit); they are re-encoded at load (`recodingLegacyLists`).
/// Cost: appending is amortized O(bytes); reading is sequential (`forEachDocument`).
public struct PostingPool: Sendable {
    static let sliceSizes: [Int32] = [12, 24, 48, 96, 192, 384, 768, 1536, 3072, 4096]
    static let pointerSize: Int32 = 4

    /// The arena (`ByteArena`: grows in place rather than by copying).
    var bytes = ByteArena()

    /// One term's list: where it starts, where the next byte goes, its current slice's end.
    /// Kept together so an append touches one cache line of bookkeeping.
    struct ListState: Sendable {
        var head: Int32
        var tail: Int32
        var limit: Int32
        var lastDocument: Int32
        var documentCount: Int32
        var level: UInt8
        /// The first slice's level and where its link goes: for a list begun here the
        /// smallest slice (`sliceSizes[0]`); for a packed list (`pack()`) the whole list,
        /// one slice of its own length, at the level its next slice grows from.
        var headLevel: UInt8
        var headLimit: Int32
        /// Where the list's blocks are kept (`openBlocks`, `blockLists`); -1 until it first
        /// fills a block (most lists never do: they cost no block bookkeeping).
        var slot: Int32
    }
    var lists: [ListState] = []
    /// By slot: the block being filled (where it starts, its bounds so far)…
    var openBlocks: [PostingBlock] = []
    /// …and the full blocks (`SealedBlock`): skip data and score bounds for top-k search.
    var blockLists: [[SealedBlock]] = []
    /// By term: where the best documents of the longest lists are (`ChampionList`), chosen
    /// after a pack, a compaction or a load (a pack drops them); the documents, the blocks
    /// that hold them, and the index's document count at the choice.
    var championLists: [Int32: ChampionList] = [:]
    var champions: [PostingChampion] = []
    var championBlocks: [ChampionBlock] = []
    var championsChosenAt = -1

    public init() {}

    /// Number of terms.
    public var count: Int { lists.count }

    /// Bytes written to the arena (slices, including their unused tails and links).
    public var arenaByteCount: Int { bytes.count }

    /// Calls `body` with the arena's bytes (tools: checksums, dumps).
    public func withArenaBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBufferPointer { body(UnsafeRawBufferPointer($0)) }
    }

    /// Documents in `term`'s list (deleted ones included).
    @inline(__always)
    public func documentCount(of term: Int) -> Int32 { lists[term].documentCount }

    /// Bytes in use: the arena's written slices plus per-term bookkeeping (deterministic,
    /// unlike `memoryBytes`, which counts allocated capacity).
    public var usedBytes: Int {
        bytes.count + lists.count * MemoryLayout<ListState>.stride + blockLists.count * MemoryLayout<[SealedBlock]>.stride
            + openBlocks.count * MemoryLayout<PostingBlock>.stride + blockCount * MemoryLayout<SealedBlock>.stride
    }

    /// Bytes held: the arena plus bookkeeping.
    public var memoryBytes: Int {
        bytes.capacity + lists.capacity * MemoryLayout<ListState>.stride + blockLists.capacity * MemoryLayout<[SealedBlock]>.stride
            + openBlocks.capacity * MemoryLayout<PostingBlock>.stride + blockLists.reduce(0) { $0 + $1.capacity } * MemoryLayout<SealedBlock>.stride
            + championBytes
    }

    /// Where the pool's memory goes (for benchmarks and `stats`).
    public struct MemoryParts: Sendable {
        /// The arena's written bytes: postings, the unused ends of the lists' last slices
        /// (with their link space), and the links between full slices.
        public var postings = 0, unusedSliceEnds = 0, links = 0
        /// The arena's allocated bytes beyond those written.
        public var unwrittenArena = 0
        /// Block bookkeeping (`PostingBlock`s: skip data and score bounds) and list states.
        public var blocks = 0, lists = 0
        /// The long lists' champions and their blocks' bounds without them (`ChampionList`).
        public var champions = 0
    }

    /// Where the pool's memory goes. Cost: O(terms + slices): it follows every list's chain.
    public var memoryParts: MemoryParts {
        var unused = 0, slices = 0
        for term in lists.indices {
            unused += Int(lists[term].limit - lists[term].tail)
            forEachSlice(of: term) { _, _, _ in slices += 1 }
        }
        var m = MemoryParts()
        m.links = (slices - lists.count) * Int(Self.pointerSize)
        m.unusedSliceEnds = unused + lists.count * Int(Self.pointerSize)
        m.postings = bytes.count - m.unusedSliceEnds - m.links
        m.unwrittenArena = bytes.capacity - bytes.count
        m.blocks = openBlocks.capacity * MemoryLayout<PostingBlock>.stride
            + blockLists.reduce(0) { $0 + $1.capacity } * MemoryLayout<SealedBlock>.stride
            + blockLists.capacity * MemoryLayout<[SealedBlock]>.stride
        m.lists = lists.capacity * MemoryLayout<ListState>.stride
        m.champions = championBytes
        return m
    }

    /// Full blocks kept over all lists.
    var blockCount: Int { blockLists.reduce(0) { $0 + $1.count } }

    /// Adds empty lists until there are `n` terms.
    mutating func grow(to n: Int) {
        while lists.count < n {
            let start = allocate(level: 0)
            let limit = start + Self.sliceSizes[0] - Self.pointerSize
            lists.append(ListState(head: start, tail: start, limit: limit, lastDocument: -1, documentCount: 0, level: 0,
                                   headLevel: 0, headLimit: limit, slot: -1))
        }
    }

    private mutating func allocate(level: Int) -> Int32 {
        // Offsets are 32-bit: the arena holds at most 2 GiB of postings (about 11M posts of the
        // bundled corpora; 192 MB at 1.03M).
        precondition(bytes.count + Int(Self.sliceSizes[level]) <= Int(Int32.max),
                     "the posting arena is full (2 GiB of postings, about 11M posts): split the data over several indexes")
        let start = Int32(bytes.count)
        // The arena grows by an eighth at a time, in place (`ByteArena`): it is most of the index's memory.
        bytes.appendZeros(Int(Self.sliceSizes[level]))
        return start
    }

    /// Reads the list state, list tail and open block of each of `terms`, all at once, so their
    /// cache misses overlap before the lists are appended to one by one; returns a value to
    /// keep (so the loads stay).
    func touchLists(_ terms: UnsafeBufferPointer<Int32>) -> UInt64 {
        var sum: UInt64 = 0
        lists.withUnsafeBufferPointer { lists in
            for t in terms { sum &+= UInt64(UInt32(bitPattern: lists[Int(t)].tail)) }
            bytes.withUnsafeBufferPointer { arena in
                for t in terms { sum &+= UInt64(arena[Int(lists[Int(t)].tail)]) }
            }
            openBlocks.withUnsafeBufferPointer { blocks in
                // Both ends of the 80-byte block (its bounds and its score envelope), which lie on two cache lines.
                for t in terms where lists[Int(t)].slot >= 0 {
                    let block = blocks.baseAddress! + Int(lists[Int(t)].slot)
                    sum &+= UInt64(UInt32(bitPattern: block.pointee.lastDocument)) &+ UInt64(block.pointee.envelope.values[0].bitPattern)
                }
            }
        }
        return sum
    }

    /// Appends one document's ascending positions to `term`'s list; documents must ascend.
    /// `wholeWord`: some occurrence is a whole segmenter word. `signals` are the document's, for
    /// the block bounds. Returns true when this document filled the list's first block: the
    /// caller then calls `sealFirstBlock`.
    @discardableResult
    mutating func append(term: Int, document: Int32, positions: UnsafeBufferPointer<UInt32>, wholeWord: Bool,
                         signals: DocumentSignals) -> Bool {
        append(term: term, document: document, positions: positions, layout: .current, wholeWord: wholeWord, signals: signals)
    }

    /// How `append` writes a posting's header.
    enum HeaderLayout {
        /// This build's: delta, whole-word bit and single-occurrence bit in one varint.
        case current
        /// Snapshot formats 1–4's: `varint(delta) varint(frequencyField)`, for writing old
        /// formats in tests (`PostingPool+Legacy`); `frequencyField` is `freq << 1 | wholeWord`
        /// (formats 3 and 4) or `freq` (1 and 2).
        case legacy(frequencyField: UInt32)
    }

    /// `append` with the header in `layout`.
    mutating func append(term: Int, document: Int32, positions: UnsafeBufferPointer<UInt32>, layout: HeaderLayout, wholeWord: Bool,
                         signals: DocumentSignals) -> Bool {
        var state = lists[term]
        precondition(document > state.lastDocument, "postings must be appended in document order")
        let delta = UInt32(document - state.lastDocument)
        state.lastDocument = document
        state.documentCount += 1
        let first: UInt32, second: UInt32?
        switch layout {
        case .current:
            precondition(delta < 1 << 30, "document gaps beyond 2^30 do not fit a posting header")
            let single = positions.count == 1
            first = delta << 2 | (wholeWord ? 2 : 0) | (single ? 1 : 0)
            second = single ? nil : UInt32(positions.count)
        case let .legacy(frequencyField):
            first = delta
            second = frequencyField
        }
        var size = Self.varintSize(first) + (second.map(Self.varintSize) ?? 0)
        var previous: UInt32 = 0
        for p in positions {
            size += Self.varintSize(p - previous)
            previous = p
        }
        if Int(state.limit - state.tail) >= size {
            // It fits the current slice (the common case): write in place.
            let at = Int(state.tail)
            let n = bytes.withUnsafeMutableBufferPointer { buffer in
                Self.encode(first: first, second: second, positions: positions,
                            into: UnsafeMutableBufferPointer(rebasing: buffer[at..<(at + size)]))
            }
            state.tail += Int32(n)
        } else {
            appendAcrossSlices(first: first, second: second, positions: positions, state: &state)
        }
        lists[term] = state
        guard state.slot >= 0 else { return state.documentCount == Int32(PostingBlock.size) }
        let slot = Int(state.slot)
        openBlocks[slot].include(document, frequency: Int32(positions.count), wholeWord: wholeWord, signals: signals)
        if state.documentCount % Int32(PostingBlock.size) == 0 {
            // The block is full: keep it; the next starts here.
            blockLists[slot].append(SealedBlock(openBlocks[slot]))
            openBlocks[slot] = PostingBlock(start: endState(of: state))
        }
        return false
    }

    /// `append`'s encoding when it may not fit the current slice: encoded on the stack, then
    /// copied across as many slices as it needs.
    private mutating func appendAcrossSlices(first: UInt32, second: UInt32?, positions: UnsafeBufferPointer<UInt32>,
                                             state: inout ListState) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 5 * (positions.count + 2)) { scratch in
            let n = Self.encode(first: first, second: second, positions: positions, into: scratch)
            var written = 0
            while written < n {
                if state.tail == state.limit { nextSlice(&state) }
                let chunk = min(Int(state.limit - state.tail), n - written)
                let at = Int(state.tail)
                bytes.withUnsafeMutableBufferPointer { buffer in
                    for k in 0..<chunk { buffer[at + k] = scratch[written + k] }
                }
                state.tail += Int32(chunk)
                written += chunk
            }
        }
    }

    /// The reader state at the end of a list (where its next document will start).
    private func endState(of state: ListState) -> PostingReaderState {
        PostingReaderState(documentBefore: state.lastDocument, offset: state.tail, sliceLimit: state.limit, level: Int32(state.level))
    }

    /// Gives `term`'s list, which has just filled its first block, a slot: the first block's
    /// bounds are read back from the list (once per list), later ones kept as documents come.
    mutating func sealFirstBlock(term: Int, signals: (Int32) -> DocumentSignals) {
        var state = lists[term]
        guard state.slot < 0 else { return }
        var first = PostingBlock(start: state.headState)
        forEachDocument(term: term, from: nil, limit: PostingBlock.size) { document, freq, cursor in
            first.include(document, frequency: Int32(freq), wholeWord: cursor.wholeWord, signals: signals(document))
        }
        state.slot = Int32(openBlocks.count)
        openBlocks.append(PostingBlock(start: endState(of: state)))
        blockLists.append([SealedBlock(first)])
        lists[term] = state
    }

    /// Writes one document's posting (its header's one or two varints, then the position
    /// deltas) at the start of `out`, which must be large enough; returns the bytes written.
    @inline(__always)
    private static func encode(first: UInt32, second: UInt32?, positions: UnsafeBufferPointer<UInt32>,
                               into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = 0
        varint(first, into: out, at: &n)
        if let second { varint(second, into: out, at: &n) }
        var previous: UInt32 = 0
        for p in positions {
            varint(p - previous, into: out, at: &n)
            previous = p
        }
        return n
    }

    /// Bytes `varint` writes for `value`.
    @inline(__always)
    private static func varintSize(_ value: UInt32) -> Int {
        1 + (value >= 1 << 7 ? 1 : 0) + (value >= 1 << 14 ? 1 : 0) + (value >= 1 << 21 ? 1 : 0) + (value >= 1 << 28 ? 1 : 0)
    }

    @inline(__always)
    private static func varint(_ value: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        var v = value
        while v >= 0x80 {
            out[n] = UInt8(truncatingIfNeeded: v) | 0x80
            n += 1
            v >>= 7
        }
        out[n] = UInt8(v)
        n += 1
    }

    /// Starts the list's next slice and links the full one to it.
    private mutating func nextSlice(_ state: inout ListState) {
        let next = Int(min(state.level + 1, UInt8(Self.sliceSizes.count - 1)))
        let start = allocate(level: next)
        let at = Int(state.limit)
        withUnsafeBytes(of: start.littleEndian) { for k in 0..<4 { bytes[at + k] = $0[k] } }
        state.level = UInt8(next)
        state.tail = start
        state.limit = start + Self.sliceSizes[next] - Self.pointerSize
    }

    /// Calls `body(document, freq, cursor)` for each document of `term`'s list, in order; the
    /// body may read the document's positions from the cursor (unread ones are skipped).
    @inline(__always)
    public func forEachDocument(term: Int, _ body: (Int32, Int, inout PositionCursor) -> Void) {
        forEachDocument(term: term, from: nil, limit: Int.max, body)
    }
}

/// Reads bytes along a chain of slices.
struct SliceReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var offset: Int32
    var sliceLimit: Int32
    var level = 0
    let end: Int32

    /// A reader resuming where another stood (`PostingBlocks`), or at a list's head (`ListState.headState`).
    init(buffer: UnsafeBufferPointer<UInt8>, state: PostingReaderState, end: Int32) {
        self.buffer = buffer
        self.offset = state.offset
        self.sliceLimit = state.sliceLimit
        self.level = Int(state.level)
        self.end = end
    }

    var atEnd: Bool { offset == end }

    /// Where this reader stands, as a state to resume from; `documentBefore` is the last document read.
    func state(documentBefore: Int32) -> PostingReaderState {
        PostingReaderState(documentBefore: documentBefore, offset: offset, sliceLimit: sliceLimit, level: Int32(level))
    }

    @inline(__always)
    mutating func readByte() -> UInt8 {
        if offset == sliceLimit {
            let at = Int(offset)
            let next = Int32(buffer[at]) | Int32(buffer[at + 1]) << 8 | Int32(buffer[at + 2]) << 16 | Int32(buffer[at + 3]) << 24
            level = min(level + 1, PostingPool.sliceSizes.count - 1)
            offset = next
            sliceLimit = next + PostingPool.sliceSizes[level] - PostingPool.pointerSize
        }
        let b = buffer[Int(offset)]
        offset += 1
        return b
    }

    /// `readVarint` for bytes not yet trusted (a snapshot being loaded): nil instead of
    /// reading outside the arena, following a pointer outside it, or an overlong varint.
    mutating func readVarintChecked() -> UInt32? {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while shift < 35 {
            if offset == sliceLimit {
                let at = Int(offset)
                guard at >= 0, at + 4 <= buffer.count else { return nil }
                let next = Int32(buffer[at]) | Int32(buffer[at + 1]) << 8 | Int32(buffer[at + 2]) << 16 | Int32(buffer[at + 3]) << 24
                level = min(level + 1, PostingPool.sliceSizes.count - 1)
                guard next >= 0, Int(next) + Int(PostingPool.sliceSizes[level]) <= buffer.count else { return nil }
                offset = next
                sliceLimit = next + PostingPool.sliceSizes[level] - PostingPool.pointerSize
            }
            guard offset >= 0, Int(offset) < buffer.count else { return nil }
            let byte = buffer[Int(offset)]
            offset += 1
            result |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        return nil
    }

    @inline(__always)
    mutating func readVarint() -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            let byte = readByte()
            result |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }
}

/// The positions of one document in a posting list.
public struct PositionCursor {
    var reader: SliceReader
    var remaining: Int
    var last: UInt32 = 0
    /// Whether some occurrence in this document is a whole segmenter word (see `PostingPool`).
    public let wholeWord: Bool

    init(reader: SliceReader, remaining: Int, wholeWord: Bool) {
        self.reader = reader
        self.remaining = remaining
        self.wholeWord = wholeWord
    }

    /// The next position, or nil after the last.
    @inline(__always)
    public mutating func next() -> UInt32? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        last &+= reader.readVarint()
        return last
    }
}
