import HeapModule
import HudongText

extension QueryExecutor {
    /// A relevance-sorted query of one term or phrase that `singleListSearch` does not take (a
    /// Chinese word of three characters or more, a phrase, or any term on an index with deleted
    /// items): top-k over its matches, keeping only the page, with the exact total and the same
    /// scores and order as the full evaluation.
    ///
    /// Every match is found (the total is the number of matches), but only those that can reach
    /// the page are scored. A match's key is at most its BM25 with every occurrence counted
    /// whole at the low end of its length byte (`LengthFloor`), plus the most recency and
    /// engagement any document has. The `wanted` best by that bound are scored first, which
    /// fills the page; then a match is scored — its length, time, engagement and word
    /// boundaries read — only when its bound reaches the page's floor.
    /// Nil when the query is anything else, or the ranking parameters leave the bound unproved
    /// (facets and explain also take the full path).
    mutating func singleLeafSearch(_ query: ParsedQuery, options: SearchOptions) -> SearchResults? {
        guard !options.facets, !options.explain, (options.sort ?? query.sort ?? .relevance) == .relevance,
              let text = Self.text(of: query.root) else { return nil }
        // BM25 grows with the count and shrinks with the length only for k1 > 0 and b in 0...1;
        // a recency half-life of zero or less has no bound either.
        guard ranking.k1 > 0, ranking.b >= 0, ranking.b <= 1, ranking.partialWordWeight >= 0,
              ranking.recencyHalfLife > 0, ranking.recencyWeight.isFinite, ranking.engagementWeight.isFinite else { return nil }
        let units = units(of: text)
        guard units.count > 0 else { return nil }
        let store = index.documents
        let matches = matcher.match(units, withPositions: true, countingAligned: false)
        let span = units.positions[units.count - 1] - units.positions[0] + 1
        let total = matches.documents.count
        let idf = ranking.idf(df: total, n: max(1, store.liveCount))
        let wanted = max(0, options.offset) + max(0, options.limit)
        var page = TopPage(wanted: wanted)
        if wanted > 0, total > 0 {
            let lengths = store.lengths, times = store.times, engagement = store.engagement
            let average = store.averageLength, newest = store.newestTime
            let ranking = self.ranking
            let documents = matches.documents, counts = matches.counts
            // Scores match `i` and offers it to the page.
            func score(_ i: Int) {
                let doc = documents[i], d = Int(doc), count = counts[i]
                var aligned: Int32 = 0
                if matches.alignedCounts.isEmpty {
                    for s in matches.starts(ofMatch: i) where store.isWholeWord(document: doc, start: s, end: s + span - 1) { aligned += 1 }
                } else {
                    aligned = matches.alignedCounts[i]
                }
                let bm25 = ranking.bm25(count: count, aligned: aligned, length: lengths[d], averageLength: average, idf: idf)
                let key = RankingParameters.key(bm25: bm25, recency: ranking.recency(time: times[d], newest: newest),
                                                boost: ranking.engagementWeight * Double(engagement[d]))
                page.offer(key: key, doc: doc, count: count, aligned: aligned)
            }
            // The bound of every match: BM25 from its count and length byte (k1·(1 − b + b·length /
            // average) = normBase + normSlope·length, at the byte's low end), raised by a millionth
            // (computed in another order than `bm25`, it must not round below it), then the most
            // recency and engagement there is, summed as a key is.
            let normBase = ranking.k1 * (1 - ranking.b), normSlope = ranking.k1 * ranking.b / average
            let weight = idf * (ranking.k1 + 1), wholeWeight = max(1, ranking.partialWordWeight)
            let mostRecency = max(0, ranking.recencyWeight), mostBoost = max(0, ranking.engagementWeight * Double(store.maxEngagement))
            let floors = store.lengthFloors, floorLengths = LengthFloor.lengths
            var bounds = [Double](repeating: 0, count: total)
            for i in 0..<total {
                let tf = wholeWeight * Double(counts[i])
                let norm = normBase + normSlope * Double(floorLengths[Int(floors[Int(documents[i])])])
                bounds[i] = RankingParameters.key(bm25: weight * tf / (tf + norm) * (1 + 1e-6), recency: mostRecency, boost: mostBoost)
            }
            // The `wanted` best bounds, scored first (in document order), so the page starts
            // with a floor close to its final one.
            var best = Heap<BoundedMatch>()
            for i in 0..<total {
                let entry = BoundedMatch(bound: bounds[i], index: Int32(i))
                if best.count < wanted {
                    best.insert(entry)
                } else if let least = best.min, least < entry {
                    best.replaceMin(with: entry)
                }
            }
            let first = best.unordered.map { Int($0.index) }.sorted()
            for i in first { score(i) }
            var next = 0
            for i in 0..<total {
                if next < first.count, first[next] == i { next += 1; continue }
                if let floor = page.floor, bounds[i] < floor { continue }
                score(i)
            }
        }
        return results(of: page, total: total, leaf: (text, units, span, idf), options: options)
    }
}

/// A match and the highest key it can have (ordered by the bound, then the later match first,
/// as the page breaks ties).
private struct BoundedMatch: Comparable {
    var bound: Double
    var index: Int32
    static func < (a: BoundedMatch, b: BoundedMatch) -> Bool { a.bound != b.bound ? a.bound < b.bound : a.index < b.index }
}
