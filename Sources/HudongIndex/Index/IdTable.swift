/// External id → internal id of the live items: an open-addressing table of internal ids
/// whose keys are the stored items' own ids (their bytes in `ItemStore`), so a slot costs 4 bytes.
///
/// A `[String: Int32]` kept a second String and a value per item, about 41 bytes an item at
/// 1M items; this table keeps 4 bytes a slot at a load of at most 0.7 (6–12 bytes an item).
/// A probe compares the id with the item's; linear probing, deletion by backward shift (no
/// tombstones). The hash is `String.hashValue` (seeded per process; the table is rebuilt from
/// the items when a snapshot loads, never stored).
struct IdTable: Sendable {
    /// Internal id + 1 per slot; 0 when empty.
    private var slots: [Int32] = []
    private(set) var count = 0

    init() {}

    /// A table that holds `count` ids without growing (growing re-reads every stored id).
    init(capacity count: Int) {
        slots = [Int32](repeating: 0, count: Self.slotCount(for: count, atLeast: 1024))
    }

    /// The smallest power of two ≥ `minimum` that holds `count` ids at a load of at most 0.7.
    private static func slotCount(for count: Int, atLeast minimum: Int) -> Int {
        var size = minimum
        while count * 10 > size * 7 { size *= 2 }
        return size
    }

    /// Bytes held.
    var memoryBytes: Int { slots.capacity * 4 }

    @inline(__always)
    private func home(_ id: String) -> Int {
        id.hashValue & (slots.count - 1)
    }

    /// The internal id of the live item with `id`.
    func find(_ id: String, in items: ItemStore) -> Int32? {
        slotIndex(of: id, in: items).map { slots[$0] - 1 }
    }

    /// Where `id`'s entry is.
    private func slotIndex(of id: String, in items: ItemStore) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var i = home(id)
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if items.idMatches(Int(slot - 1), id) { return i }
            i = (i + 1) & mask
        }
    }

    /// Records that the item with `id` is `document`; returns what `id` pointed to before.
    @discardableResult
    mutating func set(_ id: String, to document: Int32, in items: ItemStore) -> Int32? {
        if (count + 1) * 10 > slots.count * 7 { grow(items) }
        let mask = slots.count - 1
        var i = home(id)
        while true {
            let slot = slots[i]
            if slot == 0 {
                slots[i] = document + 1
                count += 1
                return nil
            }
            if items.idMatches(Int(slot - 1), id) {
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
            let h = home(items.id(at: Int(slots[j] - 1)))
            // The entry at j may fill the hole when its home is not in (hole, j] cyclically:
            // it is at least as far from j as the hole is.
            if (j - h) & mask >= (j - hole) & mask {
                slots[hole] = slots[j]
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
        let mask = size - 1
        for slot in old where slot != 0 {
            var i = home(items.id(at: Int(slot - 1)))
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}
