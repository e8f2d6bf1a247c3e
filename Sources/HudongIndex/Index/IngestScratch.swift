/// Reusable buffers that group one document's (term, position) occurrences by term.
///
/// A counting sort: each term seen in the document gets a slot, found through a small hash
/// table sized to the document (so it stays in the first-level cache, where a per-term table
/// over the whole dictionary missed it once per occurrence), occurrences are counted per slot,
/// then placed. No allocation per document once the buffers have grown, and no per-element
/// checks: `begin` sizes every buffer for the document and makes them this index's own (copies
/// of an index share them until one ingests), so the rest works on raw pointers: an array
/// append checks its capacity and uniqueness each time (`swift_isUniquelyReferenced` was a
/// tenth of the index phase's profile).
struct IngestScratch: Sendable {
    private var owner = Owner()

    /// Starts a document of `units` units; returns its buffers, sized for it and not shared.
    mutating func begin(units: Int) -> Buffers {
        if !isKnownUniquelyReferenced(&owner) { owner = Owner() }
        return owner.reset(units: units)
    }

    /// Keeps what a touch pass read (`Buffers.touched`), so its loads are not optimized away.
    mutating func keep(_ buffers: Buffers) { owner.touched ^= buffers.touched }

    /// Owns the memory (grown as documents need, freed with the index). Its fields are read
    /// once a document; the work goes through `Buffers`, a value of plain pointers (a class's
    /// fields cost a dynamic exclusivity check at each access).
    private final class Owner: @unchecked Sendable {
        var table = ScratchBuffer<UInt64>(), slotTerms = ScratchBuffer<Int32>(), slotCounts = ScratchBuffer<Int32>()
        var slotWhole = ScratchBuffer<Bool>(), entrySlots = ScratchBuffer<Int32>(), entryPositions = ScratchBuffer<UInt32>()
        var placed = ScratchBuffer<UInt32>(), starts = ScratchBuffer<Int32>(), unitIds = ScratchBuffer<Int32>()
        var bigramKeys = ScratchBuffer<UInt64>(), bigramUnits = ScratchBuffer<Int32>(), bigramIds = ScratchBuffer<Int32>()
        var touched: UInt64 = 0

        deinit {
            table.free(); slotTerms.free(); slotCounts.free(); slotWhole.free(); entrySlots.free()
            entryPositions.free(); placed.free(); starts.free(); unitIds.free(); bigramKeys.free()
            bigramUnits.free(); bigramIds.free()
        }

        /// Buffers for a document of `units` units (at most `2 × units` occurrences: each unit
        /// and each bigram once), empty.
        func reset(units: Int) -> Buffers {
            let entries = 2 * units
            var size = 256
            while size < 2 * entries { size <<= 1 }
            // Grown for a long post, the table is given back at the next ordinary one (a 4 MB post
            // needs 64 MB of slots).
            if table.capacity < size || table.capacity > max(size, 1 << 16) * 4 { table.resize(to: size) }
            table.base.update(repeating: 0, count: size)
            slotTerms.reserve(entries + 1); slotCounts.reserve(entries + 1); slotWhole.reserve(entries + 1)
            starts.reserve(entries + 1); entrySlots.reserve(entries); entryPositions.reserve(entries); placed.reserve(entries)
            unitIds.reserve(units); bigramKeys.reserve(units); bigramUnits.reserve(units); bigramIds.reserve(units)
            return Buffers(table: table.base, tableMask: size - 1, slotTerms: slotTerms.base, slotCounts: slotCounts.base,
                           slotWhole: slotWhole.base, entrySlots: entrySlots.base, entryPositions: entryPositions.base,
                           placed: placed.base, starts: starts.base, unitIds: unitIds.base, bigramKeys: bigramKeys.base,
                           bigramUnits: bigramUnits.base, bigramIds: bigramIds.base)
        }
    }

    /// One document's buffers: its occurrences, and what each phase of `SearchIndex.indexUnits`
    /// leaves for the next. Valid until the next `begin`.
    struct Buffers {
        /// The document's slots by term: `(term + 1) << 32 | slot`, 0 when empty.
        private let table: UnsafeMutablePointer<UInt64>
        private let tableMask: Int
        private let slotTerms: UnsafeMutablePointer<Int32>
        private let slotCounts: UnsafeMutablePointer<Int32>
        /// Per slot: whether some occurrence is a whole segmenter word.
        private let slotWhole: UnsafeMutablePointer<Bool>
        private let entrySlots: UnsafeMutablePointer<Int32>
        private let entryPositions: UnsafeMutablePointer<UInt32>
        private let placed: UnsafeMutablePointer<UInt32>
        private let starts: UnsafeMutablePointer<Int32>
        /// Term ids of the document's units (one per unit)…
        let unitIds: UnsafeMutablePointer<Int32>
        /// …and its bigrams: their keys, the unit each ends on, their term ids.
        let bigramKeys: UnsafeMutablePointer<UInt64>
        let bigramUnits: UnsafeMutablePointer<Int32>
        let bigramIds: UnsafeMutablePointer<Int32>
        private var slotCount = 0
        private var entryCount = 0
        /// Where touch passes leave what they read (`IngestScratch.keep`).
        var touched: UInt64 = 0

        fileprivate init(table: UnsafeMutablePointer<UInt64>, tableMask: Int, slotTerms: UnsafeMutablePointer<Int32>,
                         slotCounts: UnsafeMutablePointer<Int32>, slotWhole: UnsafeMutablePointer<Bool>,
                         entrySlots: UnsafeMutablePointer<Int32>, entryPositions: UnsafeMutablePointer<UInt32>,
                         placed: UnsafeMutablePointer<UInt32>, starts: UnsafeMutablePointer<Int32>, unitIds: UnsafeMutablePointer<Int32>,
                         bigramKeys: UnsafeMutablePointer<UInt64>, bigramUnits: UnsafeMutablePointer<Int32>,
                         bigramIds: UnsafeMutablePointer<Int32>) {
            self.table = table; self.tableMask = tableMask; self.slotTerms = slotTerms; self.slotCounts = slotCounts
            self.slotWhole = slotWhole; self.entrySlots = entrySlots; self.entryPositions = entryPositions
            self.placed = placed; self.starts = starts; self.unitIds = unitIds; self.bigramKeys = bigramKeys
            self.bigramUnits = bigramUnits; self.bigramIds = bigramIds
        }

        /// Records that `term` occurs at `position` (positions of a term must come ascending).
        @inline(__always)
        mutating func add(term: Int32, position: UInt32, wholeWord: Bool) {
            let key = UInt64(UInt32(bitPattern: term) &+ 1) << 32
            var i = Int(truncatingIfNeeded: (UInt32(bitPattern: term) &* 0x9E37_79B1) >> 16) & tableMask
            var slot: Int
            while true {
                let entry = table[i]
                if entry & 0xFFFF_FFFF_0000_0000 == key {
                    slot = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: entry))
                    break
                }
                if entry == 0 {
                    slot = slotCount
                    table[i] = key | UInt64(UInt32(slot))
                    slotTerms[slot] = term
                    slotCounts[slot] = 0
                    slotWhole[slot] = false
                    slotCount += 1
                    break
                }
                i = (i + 1) & tableMask
            }
            slotCounts[slot] &+= 1
            if wholeWord { slotWhole[slot] = true }
            entrySlots[entryCount] = Int32(truncatingIfNeeded: slot)
            entryPositions[entryCount] = position
            entryCount += 1
        }

        /// Calls `body(term, positions, wholeWord)` once per term of the document, positions
        /// ascending; `wholeWord`: some occurrence is a whole segmenter word.
        func group(_ body: (Int32, UnsafeBufferPointer<UInt32>, Bool) -> Void) {
            // Prefix sums: where each slot's positions start; then each slot's placed in order
            // (the counts, no longer needed, become the fill marks).
            starts[0] = 0
            for i in 0..<slotCount { starts[i + 1] = starts[i] &+ slotCounts[i] }
            let fill = slotCounts
            for i in 0..<slotCount { fill[i] = starts[i] }
            for e in 0..<entryCount {
                let slot = Int(entrySlots[e])
                placed[Int(fill[slot])] = entryPositions[e]
                fill[slot] &+= 1
            }
            for i in 0..<slotCount {
                let lower = Int(starts[i]), upper = Int(starts[i + 1])
                body(slotTerms[i], UnsafeBufferPointer(start: placed + lower, count: upper - lower), slotWhole[i])
            }
        }

        /// The terms of the document's slots so far.
        var terms: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: slotTerms, count: slotCount) }
    }
}

/// A growable raw buffer whose contents need not survive growth (scratch: rewritten per use).
struct ScratchBuffer<Element: BitwiseCopyable> {
    private(set) var base = UnsafeMutablePointer<Element>.allocate(capacity: 16)
    private(set) var capacity = 16

    /// Makes room for at least `n` elements (contents are not kept when it grows).
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if n > capacity { resize(to: max(n, 2 * capacity)) }
    }

    /// Replaces the buffer with one of exactly `n` elements (contents are not kept).
    mutating func resize(to n: Int) {
        base.deallocate()
        base = .allocate(capacity: n)
        capacity = n
    }

    func free() { base.deallocate() }
}
