import HudongText

/// One item made ready for matching: its analysis as units, and its tags with hashtags added.
public struct PreparedItem: Sendable {
    public let item: Item
    public let units: UnitSequence
    /// The item's tags plus the hashtags of its text.
    public let tags: [String]
}

/// A query whose text leaves are analyzed once, ready to test against many items.
public indirect enum CompiledQuery: Sendable {
    case text(UnitSequence, label: String)
    case and([CompiledQuery])
    case or([CompiledQuery])
    case not(CompiledQuery)
    case near(UnitSequence, UnitSequence, distance: Int32, ordered: Bool)
    case field(QueryField, String)
    case timeRange(lower: Int64?, upper: Int64?)
    case all
    case nothing
}

/// Tests a query against one item at a time, by brute force: the same semantics as the index.
///
/// Terms and phrases match when their units occur at the same relative positions; NEAR tries
/// every pair of matches; fields compare folded values (a keyword path matches itself and every
/// path below it). Used by the reference searcher, taxonomy rules, watchlist rules and the
/// subscription matcher's brute-force reference. Cost: O(units of the item) per text leaf.
public struct ItemMatcher: Sendable {
    public let analyzer: Analyzer

    public init(analyzer: Analyzer) { self.analyzer = analyzer }

    /// Analyzes `item` for matching.
    public func prepare(_ item: Item) -> PreparedItem {
        prepare(item, analysis: analyzer.analyze(item.text))
    }

    /// Prepares `item` from an analysis already made.
    public func prepare(_ item: Item, analysis: AnalyzedText) -> PreparedItem {
        PreparedItem(item: item, units: UnitSequence(analysis), tags: analysis.tags(addingHashtagsTo: item.tags))
    }

    /// Analyzes the text leaves of `node` once.
    public func compile(_ node: QueryNode) -> CompiledQuery {
        switch node {
        case let .term(text), let .phrase(text):
            let units = UnitSequence(analyzer.analyze(text))
            return units.count == 0 ? .nothing : .text(units, label: text)
        case let .and(children): return .and(children.map(compile))
        case let .or(children): return .or(children.map(compile))
        case let .not(inner): return .not(compile(inner))
        case let .near(left, right, distance, ordered):
            guard let l = QueryExecutor.text(of: left), let r = QueryExecutor.text(of: right) else {
                return .and([compile(left), compile(right)])
            }
            let a = UnitSequence(analyzer.analyze(l)), b = UnitSequence(analyzer.analyze(r))
            return a.count == 0 || b.count == 0 ? .nothing : .near(a, b, distance: Int32(distance), ordered: ordered)
        case let .field(field, value): return .field(field, foldFieldValue(field, value))
        case let .timeRange(lower, upper): return .timeRange(lower: lower, upper: upper)
        case .matchAll: return .all
        }
    }

    /// Whether `item` matches `query`.
    public func matches(_ query: QueryNode, _ item: PreparedItem) -> Bool {
        matches(compile(query), item)
    }

    /// Whether `item` matches the compiled `query`.
    public func matches(_ query: CompiledQuery, _ item: PreparedItem) -> Bool {
        switch query {
        case let .text(units, _):
            return !UnitMatching.starts(of: units, in: item.units).isEmpty
        case let .and(children): return children.allSatisfy { matches($0, item) }
        case let .or(children): return children.contains { matches($0, item) }
        case let .not(inner): return !matches(inner, item)
        case let .near(a, b, distance, ordered):
            let positions = item.units.positions
            let startsA = UnitMatching.starts(of: a, in: item.units).map { positions[$0] }
            let startsB = UnitMatching.starts(of: b, in: item.units).map { positions[$0] }
            guard !startsA.isEmpty, !startsB.isEmpty else { return false }
            let spanA = a.positions[a.count - 1] - a.positions[0] + 1
            let spanB = b.positions[b.count - 1] - b.positions[0] + 1
            return NearCheck.within(startsA[...], spanA, startsB[...], spanB, distance: distance, ordered: ordered)
        case let .field(field, value):
            return fieldValues(field, item).contains(value)
        case let .timeRange(lower, upper):
            guard let t = item.item.time else { return false }
            return (lower.map { t >= $0 } ?? true) && (upper.map { t < $0 } ?? true)
        case .all: return true
        case .nothing: return false
        }
    }

    /// A field value as the indexes hold it: folded (ids exact; paths without empty parts).
    public func foldFieldValue(_ field: QueryField, _ value: String) -> String {
        if field == .id { return value }
        let folded = analyzer.fold(value)
        switch field {
        case .keyword: return FieldIndex.pathPrefixes(folded).last ?? folded
        case .direction: return Direction(feedValue: folded)?.rawValue ?? folded
        default: return folded
        }
    }

    /// The folded values `item` has in `field` (every prefix of every keyword path).
    public func fieldValues(_ field: QueryField, _ prepared: PreparedItem) -> [String] {
        let raw = prepared.item.rawValues(of: field, tags: prepared.tags)
        switch field {
        case .id: return raw
        case .keyword: return raw.flatMap { FieldIndex.pathPrefixes(analyzer.fold($0)) }
        default: return raw.map { analyzer.fold($0) }
        }
    }
}

extension Item {
    /// The item's values for a filterable field, before folding: the one place that says which
    /// item field a `QueryField` reads. `.tag` reads `tags` (the item's tags plus its hashtags, as
    /// the caller prepared them). Ids match exactly, and keyword paths are split into prefixes
    /// after folding, so callers treat `.id` and `.keyword` apart. Empty values are left out.
    public func rawValues(of field: QueryField, tags: [String]) -> [String] {
        let raw: [String?]
        switch field {
        case .id: raw = [id]
        case .type: raw = [type.rawValue]
        case .channel: raw = [channel]
        case .author: raw = [author]
        case .city: raw = [city]
        case .direction: raw = [direction?.rawValue]
        case .group: raw = [group]
        case .from: raw = [from]
        case .to: raw = [to]
        case .category: raw = [category]
        case .tag: raw = tags
        case .keyword: raw = keywordPaths
        }
        return raw.compactMap { $0 }.filter { !$0.isEmpty }
    }
}
