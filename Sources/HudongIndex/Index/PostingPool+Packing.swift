extension PostingPool.ListState {
    /// The reader state at the list's first document.
    var headState: PostingReaderState {
        PostingReaderState(documentBefore: -1, offset: head, sliceLimit: headLimit, level: Int32(headLevel))
    }
}

extension PostingPool {
    /// Calls `body(start, end, limit)` for each slice of `term`'s list in order: the bytes it
    /// holds from `start` to `end`, and where its link goes (`limit`, which names the slice in a
    /// reader's state). A full slice ends at its limit, the last one at the list's tail.
    /// Cost: O(slices of the list).
    func forEachSlice(of term: Int, _ body: (_ start: Int32, _ end: Int32, _ limit: Int32) -> Void) {
        bytes.withUnsafeBufferPointer { Self.forEachSlice(of: lists[term], in: $0, body) }
    }

    /// `forEachSlice` of the list whose state is `state`, in `arena`.
    static func forEachSlice(of state: ListState, in arena: UnsafeBufferPointer<UInt8>, _ body: (_ start: Int32, _ end: Int32, _ limit: Int32) -> Void) {
        var start = state.head, limit = state.headLimit, level = Int(state.headLevel)
        // The last slice is the one whose link would go at the list's limit.
        while limit != state.limit {
            body(start, limit, limit)
            let at = Int(limit)
            start = Int32(arena[at]) | Int32(arena[at + 1]) << 8 | Int32(arena[at + 2]) << 16 | Int32(arena[at + 3]) << 24
            level = min(level + 1, sliceSizes.count - 1)
            limit = start + sliceSizes[level] - pointerSize
        }
        body(start, state.tail, state.limit)
    }

    /// Lays one list out packed at `head`: one slice of the list's bytes (`copy(start, end)`
    /// is called for them slice by slice, in order), at the level its next slice grows from,
    /// with room for a link after it. `starts`, its blocks' starts in list order (the full
    /// blocks, then the open one), move to where their bytes land. Returns the packed state.
    private static func packList(_ state: ListState, starts: inout [PostingReaderState], head: Int32, in arena: UnsafeBufferPointer<UInt8>,
                                 copy: (_ start: Int32, _ end: Int32) -> Void) -> ListState {
        var moved = 0, length: Int32 = 0
        forEachSlice(of: state, in: arena) { start, end, limit in
            // A block's state names the slice it stands in by its limit.
            while moved < starts.count, starts[moved].sliceLimit == limit {
                starts[moved].offset = head + length + (starts[moved].offset - start)
                moved += 1
            }
            copy(start, end)
            length += end - start
        }
        precondition(moved == starts.count, "a posting block starts outside its list's slices")
        let tail = head + length
        for b in starts.indices {
            starts[b].sliceLimit = tail
            starts[b].level = Int32(state.level)
        }
        var packed = state
        packed.head = head
        packed.tail = tail
        packed.limit = tail
        packed.headLimit = tail
        packed.headLevel = state.level
        return packed
    }

    /// The starts of the blocks of the list in `slot` (-1: none), full ones then the open one.
    private func blockStarts(slot: Int32) -> [PostingReaderState] {
        slot >= 0 ? blockLists[Int(slot)].map(\.start) + [openBlocks[Int(slot)].start] : []
    }

    /// Where every list goes when the pool is packed (`pack`): lists in term order, each in
    /// one piece followed by room for a link.
    struct PackedLayout {
        /// The lists' states in the packed arena.
        var lists: [ListState]
        /// Where each block starts in the packed arena: the full blocks of every slot in
        /// order, then (`openStarts`) each slot's open block.
        var fullStarts: [PostingReaderState]
        var openStarts: [PostingReaderState]
        /// Bytes of the packed arena.
        var size: Int
    }

    /// The layout of packed snapshots (`writePackedBytes` writes its arena). Cost: O(slices +
    /// blocks), and the blocks' starts held twice.
    func packedLayout() -> PackedLayout {
        var layout = PackedLayout(lists: lists, fullStarts: [], openStarts: openBlocks.map(\.start), size: 0)
        // Where each slot's full blocks begin in `fullStarts`.
        var firstFull: [Int] = []
        firstFull.reserveCapacity(blockLists.count)
        for blocks in blockLists {
            firstFull.append(layout.fullStarts.count)
            layout.fullStarts.append(contentsOf: blocks.lazy.map(\.start))
        }
        var next: Int32 = 0
        bytes.withUnsafeBufferPointer { arena in
            for term in lists.indices {
                let state = lists[term]
                var starts = blockStarts(slot: state.slot)
                layout.lists[term] = Self.packList(state, starts: &starts, head: next, in: arena) { start, end in next += end - start }
                next += Self.pointerSize
                guard state.slot >= 0 else { continue }
                let slot = Int(state.slot), full = starts.count - 1
                for b in 0..<full { layout.fullStarts[firstFull[slot] + b] = starts[b] }
                layout.openStarts[slot] = starts[full]
            }
        }
        layout.size = Int(next)
        return layout
    }

    /// Calls `write` with the packed arena's bytes in order (`packedLayout`), in chunks of up
    /// to 1 MB: each list's slices, then four zero bytes for a link.
    func writePackedBytes(_ write: (UnsafeRawBufferPointer) -> Void) {
        let chunkSize = 1 << 20
        var chunk: [UInt8] = []
        chunk.reserveCapacity(chunkSize)
        func flush() {
            chunk.withUnsafeBytes { write($0) }
            chunk.removeAll(keepingCapacity: true)
        }
        bytes.withUnsafeBufferPointer { arena in
            for term in lists.indices {
                Self.forEachSlice(of: lists[term], in: arena) { start, end, _ in
                    let piece = UnsafeBufferPointer(rebasing: arena[Int(start)..<Int(end)])
                    if chunk.count + piece.count > chunkSize { flush() }
                    if piece.count >= chunkSize {
                        write(UnsafeRawBufferPointer(piece))
                    } else {
                        chunk.append(contentsOf: piece)
                    }
                }
                if chunk.count + Int(Self.pointerSize) > chunkSize { flush() }
                chunk.append(contentsOf: repeatElement(0, count: Int(Self.pointerSize)))
            }
        }
        if !chunk.isEmpty { flush() }
    }

    /// Lays every list out in one piece: no unused slice ends, no links, and an arena
    /// allocated to its size; the lists' states and the blocks' starts are rewritten in place.
    /// Appending works as before (a packed list's next document starts a new slice).
    /// Cost: O(arena + blocks); the new arena is held beside the old one until it replaces it.
    /// (Not built on `packedLayout`, which holds copies of the states and starts, about 20 MB
    /// at 1M posts, that the heap would keep once freed: a version that copied the block
    /// arrays gave back 25 MB of resident memory at 1M, this one 43 MB.)
    mutating func pack() {
        // (Chosen again by `SearchIndex.pack`, from the packed lists.)
        championLists = [:]
        champions = []
        championBlocks = []
        var size = 0
        for term in lists.indices { forEachSlice(of: term) { start, end, _ in size += Int(end - start) } }
        var arena = ByteArena()
        arena.reserveCapacity(size + lists.count * Int(Self.pointerSize))
        let old = bytes
        old.withUnsafeBufferPointer { buffer in
            for term in lists.indices {
                let state = lists[term]
                var starts = blockStarts(slot: state.slot)
                lists[term] = Self.packList(state, starts: &starts, head: Int32(arena.count), in: buffer) { start, end in
                    arena.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[Int(start)..<Int(end)])))
                }
                arena.appendZeros(Int(Self.pointerSize))
                guard state.slot >= 0 else { continue }
                let slot = Int(state.slot), full = starts.count - 1
                for b in 0..<full { blockLists[slot][b].start = starts[b] }
                openBlocks[slot].start = starts[full]
            }
        }
        bytes = arena
    }

}
