import HudongIndex

/// Integer ids for everything a subscription can require of a post: units, unit pairs, field values.
///
/// Keys share one id space. A unit key is a `UnitKey` (a CJK character or a whole token); a
/// pair key is two units next to each other (consecutive units whose positions differ by one:
/// a character bigram, or `iphone 15`); a field key is a folded field value (`category=口碑`,
/// `kw=品牌/小米`). Characters of the Basic Multilingual Plane are found through a flat table,
/// pairs through an open-addressing table on two 32-bit ids, so a post's keys are looked up
/// without building strings.
struct KeyDictionary: Sendable {
    /// What a key stands for (kept for statistics and cost estimates).
    enum Kind: Sendable, Hashable {
        case unit(UnitKey)
        case pair(Int32, Int32)
        case field(QueryField, String)
    }

    /// BMP character → unit key id, or -1.
    private(set) var characterIDs = [Int32](repeating: -1, count: 0x10000)
    private(set) var tokenIDs: [String: Int32] = [:]
    private(set) var pairs = PairTable()
    /// Per field (by `FieldOrdinal`), folded value → key id.
    private(set) var fieldIDs = [[String: Int32]](repeating: [:], count: FieldOrdinal.count)
    /// Per key id, whether some pair key starts with it.
    private(set) var startsPair: [Bool] = []
    private(set) var kinds: [Kind] = []

    var count: Int { kinds.count }

    /// The id of a unit, adding it if new.
    mutating func intern(_ unit: UnitKey) -> Int32 {
        let existing = id(of: unit)
        if existing >= 0 { return existing }
        let id = append(.unit(unit))
        switch unit {
        case let .character(u): characterIDs[Int(u)] = id
        case let .token(s): tokenIDs[s] = id
        }
        return id
    }

    /// The id of a unit, or -1.
    @inline(__always)
    func id(of unit: UnitKey) -> Int32 {
        switch unit {
        case let .character(u): return characterIDs[Int(u)]
        case let .token(s): return tokenIDs[s] ?? -1
        }
    }

    /// The id of the pair `a b`, adding it if new.
    mutating func internPair(_ a: Int32, _ b: Int32) -> Int32 {
        let existing = pairs.find(a, b)
        if existing >= 0 { return existing }
        let id = append(.pair(a, b))
        pairs.insert(a, b, id)
        startsPair[Int(a)] = true
        return id
    }

    /// The id of a folded field value, adding it if new.
    mutating func intern(_ field: QueryField, _ value: String) -> Int32 {
        let f = FieldOrdinal.of(field)
        if let id = fieldIDs[f][value] { return id }
        let id = append(.field(field, value))
        fieldIDs[f][value] = id
        return id
    }

    /// The id of a folded field value, or -1.
    func id(of field: QueryField, _ value: String) -> Int32 {
        fieldIDs[FieldOrdinal.of(field)][value] ?? -1
    }

    private mutating func append(_ kind: Kind) -> Int32 {
        kinds.append(kind)
        startsPair.append(false)
        return Int32(kinds.count - 1)
    }

    /// Approximate heap bytes held.
    var memoryBytes: Int {
        var bytes = characterIDs.count * 4 + pairs.memoryBytes + kinds.count * 33 + startsPair.count
        bytes += tokenIDs.count * 48
        for table in fieldIDs { bytes += table.count * 48 + table.keys.reduce(0) { $0 + $1.utf8.count } }
        return bytes
    }
}

/// Dense numbers for `QueryField`, for per-field arrays.
enum FieldOrdinal {
    static let all = QueryField.allCases
    static let count = all.count

    @inline(__always)
    static func of(_ field: QueryField) -> Int {
        switch field {
        case .id: return 0
        case .type: return 1
        case .channel: return 2
        case .author: return 3
        case .city: return 4
        case .direction: return 5
        case .group: return 6
        case .tag: return 7
        case .category: return 8
        case .keyword: return 9
        case .from: return 10
        case .to: return 11
        }
    }
}

/// An open-addressing hash table from a pair of non-negative 32-bit ids to a 32-bit id.
///
/// Linear probing, load factor at most 1/2, a multiplicative hash: one or two probes per look-up.
struct PairTable: Sendable {
    private var keys = [UInt64](repeating: .max, count: 16)
    private var values = [Int32](repeating: -1, count: 16)
    private var mask = 15
    private(set) var count = 0

    @inline(__always)
    private static func pack(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask }

    /// The value of `a b`, or -1.
    @inline(__always)
    func find(_ a: Int32, _ b: Int32) -> Int32 {
        let key = Self.pack(a, b)
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == .max { return -1 }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ a: Int32, _ b: Int32, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.pack(a, b)
        var i = slot(key)
        while keys[i] != .max && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == .max { count += 1 }
        keys[i] = key
        values[i] = value
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != .max {
            insert(Int32(truncatingIfNeeded: k >> 32), Int32(truncatingIfNeeded: k & 0xFFFF_FFFF), v)
        }
    }

    var memoryBytes: Int { keys.count * 12 }
}
