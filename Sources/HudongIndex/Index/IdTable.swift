/// External id → internal id of the live items: an open-addressing table of internal ids
/// whose keys are the stored items' own ids (their bytes in `ItemStore`), so a slot costs 5 bytes
/// (an internal id and a tag).
///
/// A `[String: Int32]` kept a second String and a value per item, about 41 bytes an item at
/// 1M items; this table keeps 5 bytes a slot at a load of at most 0.7 (7–15 bytes an item).
/// A probe compares the id with the item's where the tags agree; linear probing, deletion by
/// backward shift (no tombstones). The hash is `String.hashValue` (seeded per process; the table
/// is rebuilt from the items when a snapshot loads, never stored).
struct IdTable: Sendable {
    /// Internal id + 1 per slot; 0 when empty.
    private var slots: [Int32] = []
    /// Per slot, 8 bits of the id's hash (beside the bits that chose its home): a probe compares
    /// ids only where the tags agree (1 in 256 of the other ids), where each comparison read the
    /// item's row and id bytes, two cache misses, at about six probes per new id.
    private var tags: [UInt8] = []
    private(set) var count = 0

    init() {}

    /// A table that holds `count` ids without growing (growing re-reads every stored id).
    init(capacity count: Int) {
        slots = [Int32](repeating: 0, count: Self.slotCount(for: count, atLeast: 1024))
        tags = [UInt8](repeating: 0, count: slots.count)
    }

    /// The smallest power of two ≥ `minimum` that holds `count` ids at a load of at most 0.7.
    private static func slotCount(for count: Int, atLeast minimum: Int) -> Int {
        var size = minimum
        while count * 10 > size * 7 { size *= 2 }
        return size
    }

    /// Bytes held.
    var memoryBytes: Int { slots.capacity * 4 + tags.capacity }

    /// `id`'s home slot and tag.
    @inline(__always)
    private func place(_ id: String) -> (home: Int, tag: UInt8) {
        let hash = id.hashValue
        return (hash & (slots.count - 1), UInt8(truncatingIfNeeded: UInt(bitPattern: hash) >> 56))
    }

    /// The internal id of the live item with `id`.
    func find(_ id: String, in items: ItemStore) -> Int32? {
        slotIndex(of: id, in: items).map { slots[$0] - 1 }
    }

    /// Where `id`'s entry is.
    private func slotIndex(of id: String, in items: ItemStore) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var (i, tag) = place(id)
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if tags[i] == tag, items.idMatches(Int(slot - 1), id) { return i }
            i = (i + 1) & mask
        }
    }

    /// Records that the item with `id` is `document`; returns what `id` pointed to before.
    @discardableResult
    mutating func set(_ id: String, to document: Int32, in items: ItemStore) -> Int32? {
        if (count + 1) * 10 > slots.count * 7 { grow(items) }
        let mask = slots.count - 1
        var (i, tag) = place(id)
        while true {
            let slot = slots[i]
            if slot == 0 {
                slots[i] = document + 1
                tags[i] = tag
                count += 1
                return nil
            }
            if tags[i] == tag, items.idMatches(Int(slot - 1), id) {
                slots[i] = document + 1
                return slot - 1
            }
            i = (i + 1) & mask
        }
    }

    /// Removes `id`; returns the internal id it pointed to.
    mutating func remove(_ id: String, in items: ItemStore) -> Int32? {
        guard let i = slotIndex(of: id, in: items) else { return nil }
        let mask = slots.count - 1
        let removed = slots[i] - 1
        // Backward shift: move later entries of the run into the hole when their home allows.
        var hole = i
        var j = (i + 1) & mask
        while slots[j] != 0 {
            let h = place(items.id(at: Int(slots[j] - 1))).home
            // The entry at j may fill the hole when its home is not in (hole, j] cyclically:
            // it is at least as far from j as the hole is.
            if (j - h) & mask >= (j - hole) & mask {
                slots[hole] = slots[j]
                tags[hole] = tags[j]
                hole = j
            }
            j = (j + 1) & mask
        }
        slots[hole] = 0
        count -= 1
        return removed
    }

    private mutating func grow(_ items: ItemStore) {
        let old = slots
        let size = Self.slotCount(for: count, atLeast: max(1024, slots.count * 2))
        slots = [Int32](repeating: 0, count: size)
        tags = [UInt8](repeating: 0, count: size)
        let mask = size - 1
        for slot in old where slot != 0 {
            var (i, tag) = place(items.id(at: Int(slot - 1)))
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = slot
            tags[i] = tag
        }
    }
}
