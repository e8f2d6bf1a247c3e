import HudongText

/// A brute-force searcher: the reference answer the index is tested against.
///
/// It keeps the items in a dictionary (upserts replace, deletes remove) and answers a query by
/// testing every item with `ItemMatcher`: no postings, bigrams, ids or intersections — the
/// index must return exactly the same set.
public struct ReferenceSearcher: Sendable {
    public let matcher: ItemMatcher
    private var items: [String: PreparedItem] = [:]

    public init(analyzer: Analyzer) { matcher = ItemMatcher(analyzer: analyzer) }

    public var count: Int { items.count }

    /// Adds or replaces an item.
    public mutating func add(_ item: Item) { items[item.id] = matcher.prepare(item) }

    /// Removes an item.
    public mutating func delete(id: String) { items[id] = nil }

    /// The ids of the items matching `query`.
    public func matchingIds(_ query: ParsedQuery) -> Set<String> {
        let compiled = matcher.compile(query.root)
        return Set(items.values.filter { matcher.matches(compiled, $0) }.map(\.item.id))
    }
}
