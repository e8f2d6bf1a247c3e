/// Reusable buffers that group one document's (term, position) occurrences by term.
///
/// A counting sort: each term seen in the document gets a slot, found through a small hash
/// table sized to the document (so it stays in the first-level cache, where a per-term table
/// over the whole dictionary missed it once per occurrence), occurrences are counted per slot,
/// then placed. No allocation per document once the buffers have grown.
struct IngestScratch: Sendable {
    /// The document's slots by term: `(term + 1) << 32 | slot`, 0 when empty; only the first
    /// `tableMask + 1` entries are in use for the current document.
    private var table: [UInt64] = []
    private var tableMask = 0
    private(set) var slotTerms: [Int32] = []
    private var slotCounts: [Int32] = []
    /// Per slot: whether some occurrence is a whole segmenter word.
    private var slotWhole: [Bool] = []
    private var entrySlots: [Int32] = []
    private var entryPositions: [UInt32] = []
    private var placed: [UInt32] = []
    private var starts: [Int32] = []
    private var fill: [Int32] = []
    /// Term ids of the document's units, and bigram keys with where each bigram goes (`SearchIndex.indexUnits`).
    var unitIds: [Int32] = []
    var bigramKeys: [UInt64] = []
    var bigramUnits: [Int32] = []
    var bigramIds: [Int32] = []
    /// Where touch passes leave what they read, so the loads are not optimized away.
    var touched: UInt64 = 0

    /// Starts a document of at most `entries` occurrences.
    mutating func begin(entries: Int) {
        var size = 256
        while size < 2 * entries { size <<= 1 }
        // Grown for a long post, the table is given back at the next ordinary one (a 4 MB post
        // needs 64 MB of slots).
        if table.count < size || table.count > max(size, 1 << 16) * 4 { table = [UInt64](repeating: 0, count: size) }
        table.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: 0, count: size) }
        tableMask = size - 1
        slotTerms.removeAll(keepingCapacity: true)
        slotCounts.removeAll(keepingCapacity: true)
        slotWhole.removeAll(keepingCapacity: true)
        entrySlots.removeAll(keepingCapacity: true)
        entryPositions.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func add(term: Int32, position: UInt32, wholeWord: Bool) {
        let key = UInt64(UInt32(bitPattern: term) &+ 1) << 32
        var i = Int(truncatingIfNeeded: (UInt32(bitPattern: term) &* 0x9E37_79B1) >> 16) & tableMask
        var slot: Int32
        while true {
            let entry = table[i]
            if entry & 0xFFFF_FFFF_0000_0000 == key {
                slot = Int32(truncatingIfNeeded: entry)
                break
            }
            if entry == 0 {
                slot = Int32(slotTerms.count)
                table[i] = key | UInt64(UInt32(bitPattern: slot))
                slotTerms.append(term)
                slotCounts.append(0)
                slotWhole.append(false)
                break
            }
            i = (i + 1) & tableMask
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
