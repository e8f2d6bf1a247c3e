/// An immutable trie of folded dictionary terms over UTF-16 units, for longest-match lookups.
///
/// Built once per dictionary version and shared read-only by all analyzing threads.
/// Cost: one hash lookup per unit walked; a first-unit bitset rejects most positions at once.
public final class DictionaryTrie: Sendable {
    private let transitions: [UInt64: UInt32]
    private let terminal: [Bool]
    private let firstUnits: [UInt64]
    /// Number of terms in the trie.
    public let count: Int
    /// Length in UTF-16 units of the longest term.
    public let maxLength: Int

    /// Builds a trie of `terms` (already folded; empty terms are ignored).
    public init<S: Sequence>(terms: S) where S.Element == String {
        var transitions: [UInt64: UInt32] = [:]
        var terminal: [Bool] = [false]
        var firstUnits = [UInt64](repeating: 0, count: 1024)
        var count = 0
        var maxLength = 0
        for term in terms {
            var node: UInt32 = 0
            var length = 0
            for u in term.utf16 {
                if length == 0 { firstUnits[Int(u) >> 6] |= 1 << UInt64(u & 63) }
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
        self.transitions = transitions
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
        var node: UInt32 = 0
        var i = start
        while i < limit {
            guard let next = transitions[UInt64(node) << 16 | UInt64(units[i])] else { return }
            node = next
            i += 1
            if terminal[Int(node)] { onTerm(i) }
        }
    }

    /// Whether `term` (folded) is in the trie.
    public func contains(_ term: String) -> Bool {
        var node: UInt32 = 0
        for u in term.utf16 {
            guard let next = transitions[UInt64(node) << 16 | UInt64(u)] else { return false }
            node = next
        }
        return node != 0 && terminal[Int(node)]
    }
}
