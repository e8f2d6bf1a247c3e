import HudongText

/// A brute-force searcher: the reference answer the index is tested against.
///
/// It keeps the items in a dictionary (upserts replace, deletes remove) and answers a query
/// by scanning every item: terms and phrases by comparing unit sequences position by
/// position, NEAR by trying every pair of matches, fields by comparing folded values. No
/// postings, bigrams, ids or intersections — the index must return exactly the same set.
public struct ReferenceSearcher: Sendable {
    public let analyzer: Analyzer
    private var items: [String: (item: Item, units: UnitSequence, tags: [String])] = [:]

    public init(analyzer: Analyzer) { self.analyzer = analyzer }

    public var count: Int { items.count }

    /// Adds or replaces an item.
    public mutating func add(_ item: Item) {
        let analyzed = analyzer.analyze(item.text)
        var tags = item.tags
        for token in analyzed.tokens where token.kind == .hashtag {
            let tag = String(token.bareTerm)
            if !tag.isEmpty, !tags.contains(tag) { tags.append(tag) }
        }
        items[item.id] = (item, UnitSequence(analyzed), tags)
    }

    /// Removes an item.
    public mutating func delete(id: String) { items[id] = nil }

    /// The ids of the items matching `query`.
    public func matchingIds(_ query: ParsedQuery) -> Set<String> {
        Set(items.values.filter { matches(query.root, $0) }.map(\.item.id))
    }

    private func matches(_ node: QueryNode, _ entry: (item: Item, units: UnitSequence, tags: [String])) -> Bool {
        switch node {
        case let .term(text), let .phrase(text):
            let phrase = UnitSequence(analyzer.analyze(text))
            return phrase.count > 0 && !UnitMatching.starts(of: phrase, in: entry.units).isEmpty
        case let .and(children):
            return children.allSatisfy { matches($0, entry) }
        case let .or(children):
            return children.contains { matches($0, entry) }
        case let .not(inner):
            return !matches(inner, entry)
        case let .near(left, right, distance, ordered):
            guard let l = QueryExecutor.text(of: left), let r = QueryExecutor.text(of: right) else {
                return matches(left, entry) && matches(right, entry)
            }
            let a = UnitSequence(analyzer.analyze(l)), b = UnitSequence(analyzer.analyze(r))
            guard a.count > 0, b.count > 0 else { return false }
            let positions = entry.units.positions
            let startsA = UnitMatching.starts(of: a, in: entry.units)
            let startsB = UnitMatching.starts(of: b, in: entry.units)
            let spanA = a.positions[a.count - 1] - a.positions[0] + 1
            let spanB = b.positions[b.count - 1] - b.positions[0] + 1
            for i in startsA {
                for j in startsB {
                    let sa = positions[i], sb = positions[j]
                    let endA = sa + spanA, endB = sb + spanB
                    if sb >= endA { if sb - endA <= Int32(distance) { return true } }
                    else if sa >= endB { if !ordered, sa - endB <= Int32(distance) { return true } }
                    else if !ordered || sa <= sb { return true }
                }
            }
            return false
        case let .field(field, value):
            return fieldValues(field, entry).contains(fold(field, value))
        case let .timeRange(lower, upper):
            guard let t = entry.item.time else { return false }
            return (lower.map { t >= $0 } ?? true) && (upper.map { t < $0 } ?? true)
        case .matchAll:
            return true
        }
    }

    private func fold(_ field: QueryField, _ value: String) -> String {
        if field == .id { return value }
        let folded = analyzer.fold(value)
        switch field {
        case .keyword: return folded.split(separator: "/").map { $0.trimmingCharacters() }.filter { !$0.isEmpty }.joined(separator: "/")
        case .direction: return Direction(feedValue: folded)?.rawValue ?? folded
        default: return folded
        }
    }

    private func fieldValues(_ field: QueryField, _ entry: (item: Item, units: UnitSequence, tags: [String])) -> [String] {
        let item = entry.item
        let raw: [String?]
        switch field {
        case .id: return [item.id]
        case .type: raw = [item.type.rawValue]
        case .channel: raw = [item.channel]
        case .author: raw = [item.author]
        case .city: raw = [item.city]
        case .direction: raw = [item.direction?.rawValue]
        case .group: raw = [item.group]
        case .from: raw = [item.from]
        case .to: raw = [item.to]
        case .category: raw = [item.category]
        case .tag: raw = entry.tags
        case .keyword:
            // A node matches itself and every path below it.
            return item.keywordPaths.flatMap { FieldIndex.pathPrefixes(analyzer.fold($0)) }
        }
        return raw.compactMap { $0 }.filter { !$0.isEmpty }.map { analyzer.fold($0) }
    }
}
