import HudongIndex

/// The reference for the subscription index: every subscription checked with `ItemMatcher`.
///
/// No pre-filter, no programs, no interning: `ItemMatcher.matches` on each compiled query in
/// turn (Lucene Monitor's no-filtering presearcher). Tests and `hudong-bench route --verify`
/// compare `SubscriptionMatcher` with it. Cost: O(subscriptions) per post.
public struct BruteForceMatcher: Sendable {
    public let matcher: ItemMatcher
    public let compiled: [CompiledQuery]

    /// Compiles every query with `matcher` (the same compilation the index starts from).
    public init(queries: [QueryNode], matcher: ItemMatcher) {
        self.matcher = matcher
        compiled = queries.map { matcher.compile($0) }
    }

    /// The subscriptions `prepared` matches, ascending.
    public func matches(_ prepared: PreparedItem) -> [Int32] {
        var out: [Int32] = []
        for (i, query) in compiled.enumerated() where matcher.matches(query, prepared) { out.append(Int32(i)) }
        return out
    }
}
