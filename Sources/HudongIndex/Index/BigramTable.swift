/// An open-addressing hash map from a bigram's two unit ids to its term id.
///
/// Swift's `Dictionary` hashes with SipHash, which dominated ingest; ingest looks up one bigram
/// per pair of adjacent CJK characters, so this table uses a multiplicative hash and linear
/// probing over two flat arrays. Load factor ≤ 0.5; 12 bytes per slot.
struct BigramTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0
    private static let empty = UInt64.max

    init() {
        keys = [UInt64](repeating: Self.empty, count: 1024)
        values = [Int32](repeating: -1, count: 1024)
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
            let k = keys[i]
            if k == key { return values[i] }
            if k == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// The value for `key`, inserting `make()` if absent.
    @inline(__always)
    mutating func value(_ key: UInt64, orInsert make: () -> Int32) -> Int32 {
        if count * 2 >= keys.count { grow() }
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == Self.empty {
                let v = make()
                keys[i] = key
                values[i] = v
                count += 1
                return v
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = keys.count * 2
        keys = [UInt64](repeating: Self.empty, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (k, v) in zip(oldKeys, oldValues) where k != Self.empty {
            var i = Self.slot(k, mask)
            while keys[i] != Self.empty { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
        }
    }
}
