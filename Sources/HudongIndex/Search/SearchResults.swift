/// What a search returns: the total, the page of hits, facet counts and warnings.
public struct SearchResults: Sendable {
    /// Number of live items that match.
    public var totalHits: Int
    /// The requested page of hits, best first.
    public var hits: [SearchHit]
    /// Counts by facet field (category, tag, kw, channel, city), most frequent first; empty unless asked.
    public var facets: [QueryField: [FacetCount]]
    /// Things the user may want to know (a term with nothing searchable in it…).
    public var warnings: [String]
    /// The order used.
    public var sort: QuerySort
}

/// One facet value with its count among the matches.
public struct FacetCount: Sendable, Hashable {
    public var value: String
    public var count: Int
}

/// One matching item.
public struct SearchHit: Sendable {
    public var item: Item
    /// The sort key: relevance score, time or influence, as `SearchResults.sort` says.
    public var score: Double
    /// Character (Unicode-scalar) ranges of the original text that matched, merged and ascending.
    public var highlights: [Range<Int>]
    /// The parts of the score, when asked for.
    public var explanation: Explanation?
}

/// The parts of a hit's relevance score.
public struct Explanation: Sendable, Hashable {
    /// BM25 per query term or phrase that matched (`term`, score).
    public var terms: [TermScore]
    public var recency: Double
    public var engagement: Double
    public var total: Double

    public struct TermScore: Sendable, Hashable {
        public var term: String
        public var score: Double
        public var occurrences: Int
        public var wholeWordOccurrences: Int
        public var documentFrequency: Int
    }
}

/// What to return from a search.
public struct SearchOptions: Sendable {
    public var limit: Int = 10
    public var offset: Int = 0
    public var facets: Bool = false
    /// How many values each facet lists.
    public var facetLimit: Int = 10
    public var explain: Bool = false
    public var highlight: Bool = true
    /// Overrides the query's `sort:`.
    public var sort: QuerySort?
    public var ranking = RankingParameters()
    /// Whether a query may take an exact shortcut (a single posting list scored and ranked in
    /// one pass, without building the full match set). Results are the same either way; tests
    /// turn it off to compare.
    public var shortcuts = true

    public init(limit: Int = 10, offset: Int = 0, facets: Bool = false, explain: Bool = false,
                highlight: Bool = true, sort: QuerySort? = nil) {
        self.limit = limit
        self.offset = offset
        self.facets = facets
        self.explain = explain
        self.highlight = highlight
        self.sort = sort
    }
}
