/// An immutable trie of folded dictionary terms over UTF-16 units, for longest-match lookups.
///
/// Built once per dictionary version and shared read-only by all analyzing threads.
/// Cost: a first-unit bitset rejects most positions at once; the first unit then indexes a
/// direct table (256 KB), each further unit is one open-addressing hash probe (a multiply, a
/// shift, usually one comparison). About 16 bytes per transition: jieba's 349k-word lexicon
/// takes ~25 MB.
public final class DictionaryTrie: Sendable {
    private let rootChildren: [UInt32]
    private let transitions: TransitionTable
    private let terminal: [Bool]
    private let firstUnits: [UInt64]
    /// Number of terms in the trie.
    public let count: Int
    /// Length in UTF-16 units of the longest term.
    public let maxLength: Int

    /// Builds a trie of `terms` (already folded; empty terms are ignored).
    public init<S: Sequence>(terms: S) where S.Element == String {
        var transitions: [UInt64: UInt32] = [:]
        var rootChildren = [UInt32](repeating: TransitionTable.missing, count: 0x10000)
        var terminal: [Bool] = [false]
        var firstUnits = [UInt64](repeating: 0, count: 1024)
        var count = 0
        var maxLength = 0
        for term in terms {
            var node: UInt32 = 0
            var length = 0
            for u in term.utf16 {
                if length == 0 {
                    firstUnits[Int(u) >> 6] |= 1 << UInt64(u & 63)
                    if rootChildren[Int(u)] == TransitionTable.missing {
                        rootChildren[Int(u)] = UInt32(terminal.count)
                        terminal.append(false)
                    }
                    node = rootChildren[Int(u)]
                    length = 1
                    continue
                }
                let key = UInt64(node) << 16 | UInt64(u)
                if let next = transitions[key] {
                    node = next
                } else {
                    let next = UInt32(terminal.count)
                    terminal.append(false)
                    transitions[key] = next
                    node = next
                }
                length += 1
            }
            guard length > 0 else { continue }
            if !terminal[Int(node)] { count += 1 }
            terminal[Int(node)] = true
            maxLength = max(maxLength, length)
        }
        self.transitions = TransitionTable(transitions)
        self.rootChildren = rootChildren
        self.terminal = terminal
        self.firstUnits = firstUnits
        self.count = count
        self.maxLength = maxLength
    }

    /// Whether some term starts with `unit`.
    @inline(__always)
    public func mayStart(with unit: UInt16) -> Bool {
        firstUnits[Int(unit) >> 6] & (1 << UInt64(unit & 63)) != 0
    }

    /// Walks `units` from `start`, calling `onTerm(end)` at the end of every term found, shortest first.
    ///
    /// Stops at `limit` or when no term continues.
    @inline(__always)
    public func forEachMatch(in units: UnsafeBufferPointer<UInt16>, from start: Int, limit: Int, _ onTerm: (Int) -> Void) {
        guard start < limit, mayStart(with: units[start]) else { return }
        var node = rootChildren[Int(units[start])]
        var i = start + 1
        if terminal[Int(node)] { onTerm(i) }
        while i < limit {
            let next = transitions.lookup(UInt64(node) << 16 | UInt64(units[i]))
            guard next != TransitionTable.missing else { return }
            node = next
            i += 1
            if terminal[Int(node)] { onTerm(i) }
        }
    }

    /// Whether `term` (folded) is in the trie.
    public func contains(_ term: String) -> Bool {
        var units = term.utf16.makeIterator()
        guard let first = units.next() else { return false }
        var node = rootChildren[Int(first)]
        guard node != TransitionTable.missing else { return false }
        while let u = units.next() {
            let next = transitions.lookup(UInt64(node) << 16 | UInt64(u))
            guard next != TransitionTable.missing else { return false }
            node = next
        }
        return terminal[Int(node)]
    }
}

/// The trie's edges, `(node << 16 | unit) → child`, in one open-addressing table (linear probing,
/// load factor at most 1/2, Fibonacci hashing). Faster than `Dictionary`'s seeded SipHash for the
/// millions of probes an analysis makes.
struct TransitionTable: Sendable {
    static let missing = UInt32.max
    private static let empty = UInt64.max
    private let keys: [UInt64]
    private let values: [UInt32]
    private let shift: UInt64
    private let mask: Int

    init(_ map: [UInt64: UInt32]) {
        var bits = 4
        while (1 << bits) < map.count * 2 { bits += 1 }
        let capacity = 1 << bits
        var keys = [UInt64](repeating: Self.empty, count: capacity)
        var values = [UInt32](repeating: Self.missing, count: capacity)
        let shift = UInt64(64 - bits)
        let mask = capacity - 1
        for (key, value) in map {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != Self.empty { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
        self.shift = shift
        self.mask = mask
    }

    /// The child for `key`, or `missing`.
    @inline(__always)
    func lookup(_ key: UInt64) -> UInt32 {
        keys.withUnsafeBufferPointer { keys in
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while true {
                let k = keys[slot]
                if k == key { return values[slot] }
                if k == Self.empty { return Self.missing }
                slot = (slot + 1) & mask
            }
        }
    }
}
