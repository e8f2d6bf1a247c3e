import HeapModule
import HudongText

extension QueryExecutor {
    /// A relevance-sorted query of one term or phrase that `singleListSearch` does not take (a
    /// Chinese word of three characters or more, a phrase, or any term on an index with deleted
    /// items), of terms and phrases ANDed, with field filters, time ranges and NOTs beside
    /// them (`小米 channel:weibo -广告`), a NEAR of two terms or phrases (`小米 NEAR/5 手机`,
    /// scored as their AND), or an OR of terms and phrases (`小米 OR 华为`, each match scored by
    /// the leaves it has): top-k over its matches, keeping only the page, with the exact total
    /// and the same scores and order as the full evaluation.
    ///
    /// Every match is found (the total is the number of matches), but only those that can reach
    /// the page are scored. A match's key is at most the sum over its leaves of BM25 with every
    /// occurrence counted whole at the low end of its length byte (`LengthFloor`), plus the most
    /// recency and engagement any document has. The `wanted` best by that bound are scored
    /// first, which fills the page; then a match is scored — its length, time, engagement and
    /// word boundaries read — only when its bound reaches the page's floor.
    ///
    /// Filters and NOTs add nothing to a score: the filters' documents are the first
    /// candidates, and what the NOTs match is taken out of the matches at the end.
    /// An AND reads its leaves rarest first. A leaf of one posting list knows how many documents
    /// it matches (its IDF) from the list's length while nothing is deleted, so it is read only
    /// at the documents the leaves before it left, skipping the blocks without them.
    /// Nil when the query is anything else, or the ranking parameters leave the bound unproved
    /// (facets and explain also take the full path).
    mutating func leafTopKSearch(_ query: ParsedQuery, options: SearchOptions) -> SearchResults? {
        guard !options.facets, !options.explain, (options.sort ?? query.sort ?? .relevance) == .relevance else { return nil }
        var texts: [String] = [], tests: [CandidateTest] = [], exclusions: [QueryNode] = []
        // A NEAR of two terms or phrases: the AND of both, kept where they are near (as `near`).
        var near: (distance: Int32, ordered: Bool)?
        // An OR of terms and phrases: the documents any of them matches.
        var anyLeaf = false
        if let text = Self.text(of: query.root) {
            texts = [text]
        } else if case let .or(children) = query.root, children.count > 1 {
            for child in children {
                guard let text = Self.text(of: child) else { return nil }
                texts.append(text)
            }
            anyLeaf = true
        } else if case let .near(left, right, distance, ordered) = query.root, let leftText = Self.text(of: left),
                  let rightText = Self.text(of: right) {
            texts = [leftText, rightText]
            near = (Int32(clamping: distance), ordered)
        } else if case let .and(children) = query.root, children.count > 1 {
            for child in children {
                if let text = Self.text(of: child) {
                    texts.append(text)
                } else if case let .not(inner) = child {
                    exclusions.append(inner)
                } else if let test = candidateTest(child) {
                    tests.append(test)
                } else {
                    return nil
                }
            }
            guard !texts.isEmpty else { return nil }
        } else {
            return nil
        }
        // BM25 grows with the count and shrinks with the length only for k1 > 0 and b in 0...1;
        // a recency half-life of zero or less has no bound either.
        guard ranking.k1 > 0, ranking.b >= 0, ranking.b <= 1, ranking.partialWordWeight >= 0,
              ranking.recencyHalfLife > 0, ranking.recencyWeight.isFinite, ranking.engagementWeight.isFinite else { return nil }
        let store = index.documents
        let allLive = store.liveCount == store.count
        // The leaves in the query's order; each one's document frequency where one list gives it.
        var parts: [(text: String, units: UnitSequence, span: Int32, idf: Double, matches: LeafMatches)] = []
        var listLengths: [Int?] = []
        // Whether each leaf is one posting list (its counts come without reading positions).
        var oneList: [Bool] = []
        for text in texts {
            let units = units(of: text)
            // (No searchable characters: the full evaluation says so.)
            guard units.count > 0 else { return nil }
            parts.append((text, units, units.positions[units.count - 1] - units.positions[0] + 1, 0, LeafMatches()))
            let list = matcher.singleList(units)
            oneList.append(list != nil)
            listLengths.append(allLive ? list.map { Int(index.postings.documentCount(of: Int($0))) } : nil)
        }
        // Filters add nothing to a score. One whose list is shorter than every one-list leaf's
        // gives the first candidates (with no such leaf, none does: the others are read whole
        // anyway); the others test the candidates the leaves leave.
        var candidates: [Int32]?
        let shortestLeaf = listLengths.compactMap { $0 }.min() ?? 0
        if let k = tests.indices.min(by: { tests[$0].size < tests[$1].size }), tests[k].size < shortestLeaf,
           case let .documents(docs) = tests[k] {
            candidates = docs.documents  // (dead ones drop out: leaves match live documents only)
            tests.remove(at: k)
        }
        // Leaves whose frequency needs all their matches first, then the others, shortest list first.
        let order = parts.indices.sorted { (listLengths[$0] ?? -1, $0) < (listLengths[$1] ?? -1, $1) }
        for k in order {
            // Positions only where NEAR or a whole-word count of several lists needs them.
            let matches = matcher.match(parts[k].units, withPositions: near != nil || !oneList[k], countingAligned: false,
                                        among: listLengths[k] == nil || anyLeaf ? nil : candidates)
            let frequency = listLengths[k] ?? matches.documents.count
            parts[k].idf = ranking.idf(df: frequency, n: max(1, store.liveCount))
            parts[k].matches = matches
            let found = DocScores(unscored: matches.documents)
            candidates = candidates.map { anyLeaf ? DocScores(unscored: $0).union(found).documents : DocScores(unscored: $0).intersection(found).documents }
                ?? matches.documents
        }
        if let near, let found = candidates {
            let left = parts[0].matches, right = parts[1].matches
            let leftRows = Self.rows(of: found, in: left.documents), rightRows = Self.rows(of: found, in: right.documents)
            candidates = found.indices.filter { r in
                NearCheck.within(left.starts(ofMatch: Int(leftRows[r])), left.span, right.starts(ofMatch: Int(rightRows[r])), right.span,
                                 distance: near.distance, ordered: near.ordered)
            }.map { found[$0] }
        }
        for test in tests { candidates = candidates.map { test.keep($0, times: store.times) } }
        // Then what the NOTs take out (evaluated, as by the full evaluation, only when something is left).
        for inner in exclusions where candidates?.isEmpty == false {
            candidates = DocScores(unscored: candidates ?? []).subtracting(evaluate(inner, positive: false)).documents
        }
        // The documents every leaf matches (any leaf, for an OR), and where each leaf has them
        // (`rows[k][r]`, −1 where it has not).
        let documents = candidates ?? []
        let rows = parts.map { Self.rows(of: documents, in: $0.matches.documents) }
        let total = documents.count
        let wanted = max(0, options.offset) + max(0, options.limit)
        // Each leaf's matches and figures apart from `parts`: read through `parts[k]` in the
        // loops below, every access copied the leaf's tuple (a retain and release per array in
        // it), a sixth of a three-character word's search.
        let leafMatches = parts.map(\.matches), spans = parts.map(\.span), idfs = parts.map(\.idf), leafUnits = parts.map(\.units)
        let matcher = self.matcher
        // A match's occurrences of leaf `k`, and how many of them are whole words.
        func occurrences(_ k: Int, row: Int) -> (count: Int32, aligned: Int32) {
            let i = Int(rows[k][row])
            if i < 0 { return (0, 0) }
            if !leafMatches[k].alignedCounts.isEmpty, leafMatches[k].alignedCounts[i] >= 0 {
                return (leafMatches[k].counts[i], leafMatches[k].alignedCounts[i])
            }
            let doc = leafMatches[k].documents[i], span = spans[k]
            if leafMatches[k].startOffsets.isEmpty {
                // Matched without positions (one list): this document's, read alone.
                let alone = matcher.match(leafUnits[k], withPositions: false, among: [doc])
                return (leafMatches[k].counts[i], alone.alignedCounts.first ?? 0)
            }
            var aligned: Int32 = 0
            for s in leafMatches[k].starts(ofMatch: i) where store.isWholeWord(document: doc, start: s, end: s + span - 1) { aligned += 1 }
            return (leafMatches[k].counts[i], aligned)
        }
        var page = TopPage(wanted: wanted)
        if wanted > 0, total > 0 {
            let lengths = store.lengths, times = store.times, engagement = store.engagement
            let average = store.averageLength, newest = store.newestTime
            let ranking = self.ranking
            // Scores match `row` as the full evaluation does (the BM25 of each leaf it has as a
            // Float, summed in the query's order) and offers it to the page.
            func score(_ row: Int) {
                let doc = documents[row], d = Int(doc)
                var sum: Float = 0, summed = false
                var first = (count: Int32(0), aligned: Int32(0))
                for k in leafMatches.indices {
                    let found = occurrences(k, row: row)
                    if k == 0 { first = found }
                    guard found.count > 0 else { continue }
                    let part = Float(ranking.bm25(count: found.count, aligned: found.aligned, length: lengths[d], averageLength: average, idf: idfs[k]))
                    sum = summed ? sum + part : part
                    summed = true
                }
                let key = RankingParameters.key(score: sum, recency: ranking.recency(time: times[d], newest: newest),
                                                boost: ranking.engagementWeight * Double(engagement[d]))
                page.offer(key: key, doc: doc, count: first.count, aligned: first.aligned)
            }
            // The bound of every match: each leaf's BM25 from its count and the length byte
            // (k1·(1 − b + b·length / average) = normBase + normSlope·length, at the byte's low
            // end), their sum raised by a hundred-thousandth (computed in another order than
            // `bm25`, and summed in Double, it must not round below the Float sum), then the
            // most recency and engagement there is, summed as a key is.
            let normBase = ranking.k1 * (1 - ranking.b), normSlope = ranking.k1 * ranking.b / average
            let wholeWeight = max(1, ranking.partialWordWeight)
            let mostRecency = max(0, ranking.recencyWeight), mostBoost = max(0, ranking.engagementWeight * Double(store.maxEngagement))
            let floors = store.lengthFloors, floorLengths = LengthFloor.lengths
            var bounds = [Double](repeating: 0, count: total)
            for r in 0..<total {
                let norm = normBase + normSlope * Double(floorLengths[Int(floors[Int(documents[r])])])
                var most = 0.0
                for k in leafMatches.indices where rows[k][r] >= 0 {
                    let tf = wholeWeight * Double(leafMatches[k].counts[Int(rows[k][r])])
                    most += idfs[k] * (ranking.k1 + 1) * tf / (tf + norm)
                }
                bounds[r] = RankingParameters.key(bm25: most * (1 + 1e-5), recency: mostRecency, boost: mostBoost)
            }
            // The `wanted` best bounds, scored first (in document order), so the page starts
            // with a floor close to its final one.
            var best = Heap<BoundedMatch>()
            for r in 0..<total {
                let entry = BoundedMatch(bound: bounds[r], index: Int32(r))
                if best.count < wanted {
                    best.insert(entry)
                } else if let least = best.min, least < entry {
                    best.replaceMin(with: entry)
                }
            }
            let first = best.unordered.map { Int($0.index) }.sorted()
            for r in first { score(r) }
            var next = 0
            for r in 0..<total {
                if next < first.count, first[next] == r { next += 1; continue }
                if let floor = page.floor, bounds[r] < floor { continue }
                score(r)
            }
        }
        // The page's occurrences of every leaf (the page holds the first's).
        return results(of: page, total: total, leaves: parts.map { ($0.text, $0.units, $0.span, $0.idf) }, options: options) { k, hit in
            guard k > 0, let row = Self.position(of: hit.doc, in: documents) else { return (hit.count, hit.aligned) }
            return occurrences(k, row: row)
        }
    }
}

extension QueryExecutor {
    /// Where each of `documents` stands in `matches`, −1 where it is not there (both ascending,
    /// one within the other): one walk along both, the identity when they are the same list.
    static func rows(of documents: [Int32], in matches: [Int32]) -> [Int32] {
        if documents.count == matches.count { return (0..<Int32(documents.count)).map { $0 } }
        var rows = [Int32](repeating: -1, count: documents.count)
        var j = 0
        for (r, doc) in documents.enumerated() {
            while j < matches.count, matches[j] < doc { j += 1 }
            if j < matches.count, matches[j] == doc { rows[r] = Int32(j) }
        }
        return rows
    }

    /// How a filter — a node that only narrows the matches and never scores: a field filter or
    /// a time range — is tested on candidates; nil for any other node. A field value gives its
    /// documents (dead ones included; the candidates are live).
    func candidateTest(_ node: QueryNode) -> CandidateTest? {
        switch node {
        case let .field(field, value):
            let folded = ItemMatcher(analyzer: index.analyzer).foldFieldValue(field, value)
            // Ids are exact (not folded) and unique among live items.
            if field == .id { return .documents(FieldDocuments(index.documents.internalId(of: folded).map { [$0] } ?? [])) }
            return .documents(index.fields.documentSet(field, folded))
        case let .timeRange(lower, upper):
            return .time(lower: lower, upper: upper)
        default:
            return nil
        }
    }
}

/// A filter as a test of candidate documents (see `QueryExecutor.candidateTest`).
enum CandidateTest {
    case documents(FieldDocuments)
    case time(lower: Int64?, upper: Int64?)

    /// Documents it can keep at most (a time range: any number).
    var size: Int {
        if case let .documents(docs) = self { return docs.count }
        return Int.max
    }

    /// The `candidates` (ascending) it keeps: those in its documents (`FieldDocuments.keep`:
    /// a galloping walk along a list, a bit test in a bitmap), or those with a time in its range, as
    /// `QueryNode.timeRange` matches (an item without a time is in none).
    func keep(_ candidates: [Int32], times: ItemTimes) -> [Int32] {
        switch self {
        case let .time(lower, upper):
            return candidates.filter { doc in
                let t = times[Int(doc)]
                return t != Int64.min && lower.map { t >= $0 } ?? true && upper.map { t < $0 } ?? true
            }
        case let .documents(docs):
            return docs.keep(candidates)
        }
    }
}

/// A match and the highest key it can have (ordered by the bound, then the later match first,
/// as the page breaks ties).
private struct BoundedMatch: Comparable {
    var bound: Double
    var index: Int32
    static func < (a: BoundedMatch, b: BoundedMatch) -> Bool { a.bound != b.bound ? a.bound < b.bound : a.index < b.index }
}
