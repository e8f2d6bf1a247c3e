import Foundation
import HudongIndex

/// Orders of search results by the content metrics.
public enum MetricSort: String, Sendable, Hashable, CaseIterable {
    /// 内容度, highest first.
    case content
    /// 相关度, highest first.
    case relevance
    /// 影响度, highest first (the same order as the index's `sort:influence`).
    case influence
    /// Relevance score + `MetricRanking.contentWeight`·内容度 + `relevanceWeight`·log2(1 + 相关度).
    case blended

    /// Reads `content`, `relevance`, `influence`, `blended` or 内容度 / 相关度 / 影响度 / 综合.
    public init?(name: String) {
        switch name.lowercased() {
        case "content", "内容度": self = .content
        case "relevance", "相关度", "related": self = .relevance
        case "influence", "影响度": self = .influence
        case "blended", "blend", "综合": self = .blended
        default: return nil
        }
    }
}

/// Search results ranked by 内容度, 相关度, 影响度 or a blend of them with text relevance.
///
/// Runs the query with the index's executor (all matches, no highlights), orders the matches
/// by the metric (ties keep the executor's order), then fetches highlights for the page only.
/// Cost: the executor's, plus O(matches log matches).
public enum MetricRanking {
    /// Weight of 内容度 in the blended order.
    public static let contentWeight = 1.0
    /// Weight of log2(1 + 相关度) in the blended order.
    public static let relevanceWeight = 0.5

    /// The sort key of `metrics` under `sort`, given the executor's relevance score.
    public static func key(_ metrics: ContentMetrics, sort: MetricSort, score: Double) -> Double {
        switch sort {
        case .content: return metrics.content
        case .relevance: return metrics.relevance
        case .influence: return metrics.influence
        case .blended: return score + contentWeight * metrics.content + relevanceWeight * log2(1 + metrics.relevance)
        }
    }

    /// Runs `query` over `index` ordered by `sort`; hit scores are the sort keys.
    public static func search(_ query: ParsedQuery, in index: SearchIndex, metrics: [String: ContentMetrics],
                              sort: MetricSort, options: SearchOptions = SearchOptions()) -> SearchResults {
        var all = options
        all.offset = 0
        all.limit = max(1, index.documents.liveCount)
        all.highlight = false
        all.explain = false
        all.sort = .relevance
        var results = QueryExecutor.search(query, in: index, options: all)
        let none = ContentMetrics(content: 0, relevance: 0, influence: 0)
        let keyed = results.hits.enumerated().map { (rank, hit) -> (key: Double, rank: Int, hit: SearchHit) in
            var m = metrics[hit.item.id] ?? none
            if metrics[hit.item.id] == nil { m.influence = ContentMetrics.influence(hit.item) }
            return (key(m, sort: sort, score: hit.score), rank, hit)
        }
        let ordered = keyed.sorted { $0.key != $1.key ? $0.key > $1.key : $0.rank < $1.rank }
        let start = min(max(0, options.offset), ordered.count)
        let end = min(ordered.count, start + max(0, options.limit))
        var page: [SearchHit] = ordered[start..<end].map { entry in
            var hit = entry.hit
            hit.score = entry.key
            return hit
        }
        if options.highlight, !page.isEmpty {
            let ids = QueryNode.or(page.map { .field(.id, $0.item.id) })
            var one = options
            one.offset = 0
            one.limit = page.count
            one.facets = false
            let highlighted = QueryExecutor.search(ParsedQuery(root: .and([query.root, ids])), in: index, options: one)
            var byId: [String: [Range<Int>]] = [:]
            for hit in highlighted.hits { byId[hit.item.id] = hit.highlights }
            for i in page.indices { page[i].highlights = byId[page[i].item.id] ?? [] }
        }
        results.hits = page
        return results
    }
}
