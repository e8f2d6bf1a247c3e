/// An open-addressing hash map from a bigram's two unit ids to its term id.
///
/// Swift's `Dictionary` hashes with SipHash, which dominated ingest; ingest looks up one bigram
/// per pair of adjacent CJK characters, so this table uses a multiplicative hash and linear
/// probing over one array of (key, value) slots, so a probe costs one cache miss, not two.
/// Load factor ≤ 0.5; 16 bytes per slot.
struct BigramTable: Sendable {
    struct Slot: Sendable {
        var key: UInt64
        var value: Int32
    }
    var slots: [Slot]
    var mask: Int
    var count = 0
    static let empty = UInt64.max

    init() {
        slots = [Slot](repeating: Slot(key: Self.empty, value: -1), count: 1024)
        mask = 1023
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    @inline(__always)
    func value(_ key: UInt64) -> Int32? {
        var i = Self.slot(key, mask)
        while true {
            let slot = slots[i]
            if slot.key == key { return slot.value }
            if slot.key == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// Reads the home slot of each key (see `TermDictionary.touchBigrams`).
    func touch(_ keys: UnsafeBufferPointer<UInt64>) -> UInt64 {
        var sum: UInt64 = 0
        slots.withUnsafeBufferPointer { slots in
            for key in keys { sum ^= slots[Self.slot(key, mask)].key }
        }
        return sum
    }

    /// The value for `key`, inserting `make()` if absent.
    @inline(__always)
    mutating func value(_ key: UInt64, orInsert make: () -> Int32) -> Int32 {
        if count * 2 >= slots.count { grow() }
        var i = Self.slot(key, mask)
        while true {
            let slot = slots[i]
            if slot.key == key { return slot.value }
            if slot.key == Self.empty {
                let v = make()
                slots[i] = Slot(key: key, value: v)
                count += 1
                return v
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        let size = slots.count * 2
        slots = [Slot](repeating: Slot(key: Self.empty, value: -1), count: size)
        mask = size - 1
        for slot in old where slot.key != Self.empty {
            var i = Self.slot(slot.key, mask)
            while slots[i].key != Self.empty { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}
