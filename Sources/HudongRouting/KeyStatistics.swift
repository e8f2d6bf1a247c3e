import HudongIndex

/// How often keys occur in posts: what the pre-filter uses to pick each subscription's rarest key.
///
/// Built from a sample of posts (`add`), it estimates the chance that a post has a unit, a unit
/// pair or a field value as `(documents with it + 0.5) / (documents + 1)`. Without a sample, or for
/// a field the sample never filled, fixed guesses apply: a pair is rarer than a character, a deep
/// keyword path rarer than a shallow one, a tag rarer than a category. The estimates only steer
/// which key a subscription is filed under; matches are always verified exactly.
public struct KeyStatistics: Sendable {
    /// Posts sampled.
    public private(set) var documents = 0
    private var units: [UnitKey: Int32] = [:]
    private var pairs: [UnitPair: Int32] = [:]
    private var fields = [[String: Int32]](repeating: [:], count: FieldOrdinal.count)
    private var fieldSeen = [Bool](repeating: false, count: FieldOrdinal.count)

    struct UnitPair: Hashable, Sendable {
        var a: UnitKey
        var b: UnitKey
    }

    /// No sample: the fixed guesses.
    public init() {}

    /// Statistics of `items`.
    public init(sample items: some Sequence<PreparedItem>, matcher: ItemMatcher) {
        for item in items { add(item, matcher: matcher) }
    }

    /// Counts the distinct keys of one post.
    public mutating func add(_ prepared: PreparedItem, matcher: ItemMatcher) {
        documents += 1
        let keys = prepared.units.keys, positions = prepared.units.positions
        var seenUnits: Set<UnitKey> = []
        var seenPairs: Set<UnitPair> = []
        for (i, key) in keys.enumerated() {
            if seenUnits.insert(key).inserted { units[key, default: 0] += 1 }
            if i + 1 < keys.count, positions[i + 1] == positions[i] + 1 {
                let pair = UnitPair(a: key, b: keys[i + 1])
                if seenPairs.insert(pair).inserted { pairs[pair, default: 0] += 1 }
            }
        }
        for field in FieldOrdinal.all where field != .id {
            let f = FieldOrdinal.of(field)
            let values = Set(matcher.fieldValues(field, prepared))
            if !values.isEmpty { fieldSeen[f] = true }
            for value in values { fields[f][value, default: 0] += 1 }
        }
    }

    private func estimate(_ count: Int32?) -> Double {
        (Double(count ?? 0) + 0.5) / Double(documents + 1)
    }

    /// The chance a post has this unit.
    func probability(unit: UnitKey) -> Double {
        if documents > 0 { return estimate(units[unit]) }
        if case .character = unit { return 0.03 }
        return 0.01
    }

    /// The chance a post has these two units next to each other.
    func probability(pair a: UnitKey, _ b: UnitKey) -> Double {
        if documents > 0 { return estimate(pairs[UnitPair(a: a, b: b)]) }
        return 0.003
    }

    /// The chance a post has this folded value in `field`.
    func probability(field: QueryField, _ value: String) -> Double {
        let f = FieldOrdinal.of(field)
        if documents > 0, fieldSeen[f] { return estimate(fields[f][value]) }
        switch field {
        case .id: return 1e-6
        case .type, .direction: return 0.5
        case .channel: return 0.2
        case .category: return 0.1
        case .city: return 0.05
        case .tag: return 0.02
        case .keyword:
            let depth = value.split(separator: "/").count
            return depth <= 1 ? 0.2 : depth == 2 ? 0.05 : 0.01
        case .author, .group, .from, .to: return 0.001
        }
    }
}
