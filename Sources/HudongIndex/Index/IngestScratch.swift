/// Reusable buffers that group one document's (term, position) occurrences by term.
///
/// A counting sort: each term seen in the document gets a slot (found through a per-term
/// stamp, so nothing is cleared between documents), occurrences are counted per slot, then
/// placed. No allocation per document once the buffers have grown.
struct IngestScratch: Sendable {
    /// Per term: the generation it was last seen in (high 32 bits) and its slot then (low 32).
    private var seen: [UInt64] = []
    private var generation: Int32 = 0
    private var slotTerms: [Int32] = []
    private var slotCounts: [Int32] = []
    /// Per slot: whether some occurrence is a whole segmenter word.
    private var slotWhole: [Bool] = []
    private var entrySlots: [Int32] = []
    private var entryPositions: [UInt32] = []
    private var placed: [UInt32] = []
    private var starts: [Int32] = []
    private var fill: [Int32] = []

    mutating func begin() {
        generation &+= 1
        if generation == Int32.max {
            generation = 1
            for i in seen.indices { seen[i] = 0 }
        }
        slotTerms.removeAll(keepingCapacity: true)
        slotCounts.removeAll(keepingCapacity: true)
        slotWhole.removeAll(keepingCapacity: true)
        entrySlots.removeAll(keepingCapacity: true)
        entryPositions.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func add(term: Int32, position: UInt32, wholeWord: Bool, termCount: Int) {
        if seen.count < termCount {
            seen.append(contentsOf: repeatElement(0, count: max(termCount - seen.count, seen.count / 4 + 1024)))
        }
        let t = Int(term)
        let entry = seen[t]
        var slot = Int32(truncatingIfNeeded: entry)
        if Int32(truncatingIfNeeded: entry >> 32) != generation {
            slot = Int32(slotTerms.count)
            seen[t] = UInt64(UInt32(generation)) << 32 | UInt64(UInt32(slot))
            slotTerms.append(term)
            slotCounts.append(0)
            slotWhole.append(false)
        }
        slotCounts[Int(slot)] += 1
        if wholeWord { slotWhole[Int(slot)] = true }
        entrySlots.append(slot)
        entryPositions.append(position)
    }

    /// Calls `body(term, positions, wholeWord)` once per term of the document, positions
    /// ascending; `wholeWord`: some occurrence is a whole segmenter word.
    mutating func group(_ body: (Int32, UnsafeBufferPointer<UInt32>, Bool) -> Void) {
        let slots = slotTerms.count
        // Prefix sums: where each slot's positions start.
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        for i in 0..<slots { starts.append(starts[i] + slotCounts[i]) }
        if placed.count < entryPositions.count {
            placed.append(contentsOf: repeatElement(0, count: entryPositions.count - placed.count))
        }
        fill.removeAll(keepingCapacity: true)
        fill.append(contentsOf: starts)
        for (slot, position) in zip(entrySlots, entryPositions) {
            placed[Int(fill[Int(slot)])] = position
            fill[Int(slot)] += 1
        }
        placed.withUnsafeBufferPointer { all in
            for i in 0..<slots {
                body(slotTerms[i], UnsafeBufferPointer(rebasing: all[Int(starts[i])..<Int(starts[i + 1])]), slotWhole[i])
            }
        }
    }
}
