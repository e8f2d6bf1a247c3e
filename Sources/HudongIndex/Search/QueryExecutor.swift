import HeapModule
import HudongText

/// Evaluates a parsed query against a `SearchIndex`: matching, ranking, facets and highlights.
///
/// Matching is exact and set-based (see `ReferenceSearcher` for the brute-force definition
/// the tests hold it to); scores are summed BM25 of the positive terms plus recency and
/// engagement (`RankingParameters`).
public struct QueryExecutor {
    public let index: SearchIndex
    let matcher: LeafMatcher
    /// Positive text leaves seen while evaluating, for explain and highlights.
    var leaves: [(label: String, units: UnitSequence, matches: LeafMatches, idf: Double)] = []
    var warnings: [String] = []
    let ranking: RankingParameters

    public init(index: SearchIndex, ranking: RankingParameters = RankingParameters()) {
        self.index = index
        self.matcher = LeafMatcher(index: index)
        self.ranking = ranking
    }

    /// Runs `query` and returns the page `options` asks for.
    public static func search(_ query: ParsedQuery, in index: SearchIndex, options: SearchOptions = SearchOptions()) -> SearchResults {
        var executor = QueryExecutor(index: index, ranking: options.ranking)
        return executor.run(query, options: options)
    }

    /// The ids of every live item matching `query` (no ranking), for tests and subscriptions.
    public static func matchingIds(_ query: ParsedQuery, in index: SearchIndex) -> Set<String> {
        var executor = QueryExecutor(index: index)
        let docs = executor.evaluate(query.root, positive: true)
        return Set(docs.documents.map { index.documents.items.id(at: Int($0)) })
    }

    mutating func run(_ query: ParsedQuery, options: SearchOptions) -> SearchResults {
        if options.shortcuts, let results = singleListSearch(query, options: options) ?? leafTopKSearch(query, options: options) {
            return results
        }
        let matched = evaluate(query.root, positive: true)
        let sort = options.sort ?? query.sort ?? (leaves.isEmpty ? .time : .relevance)
        let store = index.documents
        // Sort keys for every match, then the page.
        var keys = [Double](repeating: 0, count: matched.count)
        let times = store.times, engagement = store.engagement
        for (i, doc) in matched.documents.enumerated() {
            let d = Int(doc)
            switch sort {
            case .relevance:
                keys[i] = RankingParameters.key(score: matched.scores[i], recency: ranking.recency(time: times[d], newest: store.newestTime),
                                                boost: ranking.engagementWeight * Double(engagement[d]))
            case .time:
                keys[i] = times[d] == Int64.min ? -Double.infinity : Double(times[d])
            case .influence:
                keys[i] = Double(engagement[d])
            }
        }
        let page = Self.topIndices(keys: keys, documents: matched.documents, offset: max(0, options.offset), limit: max(0, options.limit))
        var hits: [SearchHit] = []
        hits.reserveCapacity(page.count)
        for i in page {
            let doc = matched.documents[i]
            let item = store.items[Int(doc)]
            hits.append(SearchHit(item: item, score: keys[i],
                                  highlights: options.highlight ? highlights(for: item) : [],
                                  explanation: options.explain ? explain(doc, item: item, bm25: Double(matched.scores[i])) : nil))
        }
        return SearchResults(totalHits: matched.count, hits: hits,
                             facets: options.facets ? Facets.count(matched.documents, in: index, limit: options.facetLimit) : [:],
                             warnings: warnings, sort: sort)
    }

    /// A relevance-sorted query of one term decided by one posting list, on an index with no
    /// deleted items: block-max top-k over the list (`PostingBlock`), keeping only the page,
    /// with the exact total (the list's document count) and the same scores and order as the
    /// full evaluation. A long list's champions (`ChampionList`) are scored first, which
    /// usually fills the page with its final floor; then blocks are read best bound first, and
    /// once the page is full, a block whose bound is below the page's last score is never
    /// read, nor a document whose BM25 bound is.
    /// Nil when the query is anything else (facets and explain also take the full path).
    private mutating func singleListSearch(_ query: ParsedQuery, options: SearchOptions) -> SearchResults? {
        guard !options.facets, !options.explain, (options.sort ?? query.sort ?? .relevance) == .relevance,
              let text = Self.text(of: query.root) else { return nil }
        // The block bounds take the newest time and the highest engagement as the best: so
        // only while neither counts against a document (`leafTopKSearch` takes the rest).
        guard ranking.recencyWeight >= 0, ranking.engagementWeight >= 0, ranking.recencyHalfLife > 0 else { return nil }
        let store = index.documents
        guard store.liveCount == store.count else { return nil }
        let units = units(of: text)
        guard let term = matcher.singleList(units) else { return nil }
        let span = units.positions[units.count - 1] - units.positions[0] + 1
        // The list's best documents, scored before its blocks (`ChampionList`).
        let champions = index.postings.champions(of: Int(term), documents: store.count).flatMap { $0.span == span ? $0 : nil }
        let total = Int(index.postings.documentCount(of: Int(term)))
        let idf = ranking.idf(df: total, n: max(1, store.liveCount))
        let wanted = max(0, options.offset) + max(0, options.limit)
        var page = TopPage(wanted: wanted)
        if wanted > 0 {
            let lengths = store.lengths, times = store.times, engagement = store.engagement
            let average = store.averageLength, newest = store.newestTime
            let ranking = self.ranking
            let floors = store.lengthFloors
            // BM25's length part at the low end of each length byte's range: with it, a
            // document's BM25 bound costs one byte read (`LengthFloor`), not a cache miss.
            // (k1·(1 − b + b·length / average) = normBase + normSlope·length: no division per document.)
            let normBase = ranking.k1 * (1 - ranking.b), normSlope = ranking.k1 * ranking.b / average
            let floorLengths = LengthFloor.lengths
            let weight = idf * (ranking.k1 + 1)
            func key(bm25: Double, recency: Double, boost: Double) -> Double { RankingParameters.key(bm25: bm25, recency: recency, boost: boost) }
            var decoded = DecodedPostings()
            var keptSignals = [(time: Int64, engagement: Float, length: Int32)](repeating: (0, 0, 0), count: PostingBlock.size)
            // BM25 grows with whole-word matches: with every match whole it is at its most.
            // The posting's whole-word bit: with none whole the count is exact at the
            // partial-word weight; with some, every occurrence is counted whole.
            let partial = ranking.partialWordWeight
            @inline(__always) func boundTF(count: Int32, wholeWord: Bool) -> Double {
                wholeWord && partial <= 1 ? Double(count) : partial * Double(count)
            }
            // `block` bounds the recency and engagement of what is read (nil: no bound known).
            // A block at a time: decoded keeping only the documents that can reach the page
            // (and, in a block that holds champions, are not one: they were scored first),
            // then their signals read in a pass of their own, then each one scored.
            func read(from start: PostingReaderState?, limit: Int, block: (some BlockBounds)?, skippingChampions: Bool = false) {
                // The most recency plus engagement a document read can have.
                let blockStatic: Double = if let block {
                    ranking.recency(time: block.maxTime, newest: newest) + ranking.engagementWeight * Double(block.maxEngagement)
                } else { Double.infinity }
                var from = start, left = limit
                repeat {
                    let chunk = min(left, PostingBlock.size)
                    let read: Int
                    if let floor = page.floor {
                        // A document is kept from its length byte and the block's bound on the
                        // rest (nothing else of it read, and no division: BM25 = weight·tf /
                        // (tf + norm)): the BM25 part the page needs, less a margin for the
                        // key's rounding of BM25 to Float.
                        let needed = floor - blockStatic - abs(floor) * 1e-6 - 1e-9
                        read = floors.withUnsafeBufferPointer { floors in
                            floorLengths.withUnsafeBufferPointer { floorLengths in
                                index.postings.decode(term: Int(term), from: from, limit: chunk, into: &decoded) { document, count, wholeWord in
                                    let tf = boundTF(count: count, wholeWord: wholeWord)
                                    let norm = normBase + normSlope * Double(floorLengths[Int(floors[Int(document)])])
                                    guard weight * tf >= needed * (tf + norm) else { return false }
                                    if skippingChampions, let champions, champions.contains(document) { return false }
                                    // (Asked for now, while the rest of the block is decoded; word
                                    // boundaries where scoring reads them: several occurrences, some whole.)
                                    store.prefetchSignals(document)
                                    if count > 1 && wholeWord { store.prefetchWordBase(document) }
                                    return true
                                }
                            }
                        }
                    } else {
                        read = index.postings.decode(term: Int(term), from: from, limit: chunk, into: &decoded) { document, _, _ in
                            !skippingChampions || champions?.contains(document) != true
                        }
                    }
                    from = decoded.next
                    left -= read
                    scoreDecoded()
                } while left > 0 && from != nil
            }
            func scoreDecoded() {
                let kept = decoded.count
                // The kept documents' time, engagement and length, read in a pass of their own
                // (the loads overlap) before the per-document work that needs them.
                for k in 0..<kept {
                    let entry = decoded.entries[k], d = Int(entry.document)
                    keptSignals[k] = (times[d], engagement[d], lengths[d])
                    if entry.count > 1 && entry.wholeWord { store.prefetchWordBits(entry.document) }
                }
                for k in 0..<kept {
                    let entry = decoded.entries[k]
                    let doc = entry.document
                    let (time, engaged, length) = keptSignals[k]
                    let count = entry.count, tf = boundTF(count: count, wholeWord: entry.wholeWord)
                    // (Raised by a millionth: computed in another order than `bm25`, it must not
                    // round below it.)
                    let most = weight * tf / (tf + normBase + normSlope * Double(floorLengths[Int(floors[Int(doc)])])) * (1 + 1e-6)
                    let recency = ranking.recency(time: time, newest: newest), boost = ranking.engagementWeight * Double(engaged)
                    if let floor = page.floor, key(bm25: most, recency: recency, boost: boost) < floor { continue }
                    // Whole-word occurrences: none, or the one there is, without reading the word boundaries.
                    var aligned: Int32 = entry.wholeWord && count == 1 ? 1 : 0
                    if entry.wholeWord && count > 1 {
                        index.postings.forEachPosition(term: Int(term), of: k, in: decoded) { p in
                            if store.isWholeWord(document: doc, start: Int32(p), end: Int32(p) + span - 1) { aligned += 1 }
                        }
                    }
                    let bm25 = ranking.bm25(count: count, aligned: aligned, length: length, averageLength: average, idf: idf)
                    page.offer(key: key(bm25: bm25, recency: recency, boost: boost), doc: doc, count: count, aligned: aligned)
                }
            }
            if let champions {
                // Scored as a block's documents are, their signals asked for all at once first.
                for champion in champions.champions { store.prefetchSignals(champion.document) }
                for champion in champions.champions {
                    let d = Int(champion.document), count = Int32(champion.count), aligned = Int32(champion.aligned)
                    page.offer(key: ranking.key(count: count, aligned: aligned, length: lengths[d], time: times[d], engagement: engagement[d],
                                                averageLength: average, newest: newest, idf: idf),
                               doc: champion.document, count: count, aligned: aligned)
                }
            }
            let blocks = index.postings.blocks(of: Int(term))
            if let open = index.postings.openBlock(of: Int(term)) {
                // Best bound first, the block being filled after the full ones (`blocks.count`)
                // among them; most blocks are never taken, so a heap rather than a sort. One
                // below the floor the champions left is never taken, so not kept.
                let isDefault = ranking == PostingBlock.defaults
                let floor = page.floor ?? -Double.infinity
                var bounds: [BlockBound] = []
                bounds.reserveCapacity(blocks.count + 1)
                // A block that holds champions is bounded by its other documents' best key while
                // that holds (`ChampionList`); none reaches a floor above the highest bound.
                let fresh = champions.flatMap { $0.fresh && isDefault ? $0 : nil }
                if fresh.map({ $0.highestBlockBound < floor }) != true {
                    var held = fresh?.blocks.startIndex ?? 0
                    for b in blocks.indices {
                        let bound: Double
                        if let fresh, held < fresh.blocks.endIndex, fresh.blocks[held].block == b {
                            bound = Double(fresh.blocks[held].restBound)
                            held += 1
                        } else {
                            bound = blocks[b].scoreBound(ranking, idf: idf, averageLength: average, newest: newest, isDefault: isDefault)
                        }
                        if bound >= floor { bounds.append(BlockBound(bound: bound, block: b)) }
                    }
                }
                if open.lastDocument >= 0 {
                    let bound = open.scoreBound(ranking, idf: idf, averageLength: average, newest: newest)
                    if bound >= floor { bounds.append(BlockBound(bound: bound, block: blocks.count)) }
                }
                var bounded = Heap(bounds)
                var next = bounded.popMax()
                while let this = next {
                    if let floor = page.floor, this.bound < floor { break }
                    // The block after this one in bound order, asked into the cache while this
                    // one is read (its bytes run from its start to the next block's).
                    next = bounded.popMax()
                    if let after = next {
                        let b = after.block
                        index.postings.prefetch(from: b < blocks.count ? blocks[b].start : open.start,
                                                to: b + 1 < blocks.count ? blocks[b + 1].start : b + 1 == blocks.count ? open.start : nil)
                    }
                    if this.block < blocks.count {
                        read(from: blocks[this.block].start, limit: PostingBlock.size, block: blocks[this.block],
                             skippingChampions: champions?.holds(block: this.block) == true)
                    } else {
                        read(from: open.start, limit: Int.max, block: open)
                    }
                }
            } else {
                // A list that has not filled a block yet has no bounds: read whole.
                read(from: nil, limit: Int.max, block: PostingBlock?.none)
            }
        }
        return results(of: page, total: total, leaves: [(text, units, span, idf)], options: options) { _, hit in (hit.count, hit.aligned) }
    }

    /// The results of a top-k search: the page `options` asks for out of `page`, and the leaves
    /// recorded as far as highlights need them (their units; matches only for the page, with
    /// `occurrences(k, hit)` the count and whole-word count of leaf `k` in a hit).
    mutating func results(of page: TopPage, total: Int, leaves found: [(text: String, units: UnitSequence, span: Int32, idf: Double)],
                          options: SearchOptions,
                          occurrences: (Int, TopPage.Entry) -> (count: Int32, aligned: Int32)) -> SearchResults {
        let hitsOnPage = page.best.dropFirst(min(max(0, options.offset), page.best.count))
        for (k, leaf) in found.enumerated() {
            var matches = LeafMatches()
            matches.span = leaf.span
            for hit in hitsOnPage.sorted(by: { $0.doc < $1.doc }) {
                let (count, aligned) = occurrences(k, hit)
                if count == 0 { continue } // (a leaf of an OR the hit does not have)
                matches.documents.append(hit.doc)
                matches.counts.append(count)
                matches.alignedCounts.append(aligned)
            }
            leaves.append((leaf.text, leaf.units, matches, leaf.idf))
        }
        index.documents.items.prefetch(hitsOnPage.map { Int($0.doc) })
        let hits = hitsOnPage.map { hit in
            let item = index.documents.items[Int(hit.doc)]
            return SearchHit(item: item, score: hit.key, highlights: options.highlight ? highlights(for: item) : [], explanation: nil)
        }
        return SearchResults(totalHits: total, hits: hits, facets: [:], warnings: warnings, sort: .relevance)
    }

    /// Indices of the page `offset..<offset+limit` of `keys`, best first (ties: newer document first).
    static func topIndices(keys: [Double], documents: [Int32], offset: Int, limit: Int) -> [Int] {
        let wanted = offset + limit
        guard wanted > 0, !keys.isEmpty else { return [] }
        func better(_ a: Int, _ b: Int) -> Bool {
            keys[a] != keys[b] ? keys[a] > keys[b] : documents[a] > documents[b]
        }
        var best: [Int] = []
        best.reserveCapacity(min(wanted, keys.count) + 1)
        for i in keys.indices {
            if best.count == wanted, let last = best.last, !better(i, last) { continue }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if better(best[mid], i) { lo = mid + 1 } else { hi = mid }
            }
            best.insert(i, at: lo)
            if best.count > wanted { best.removeLast() }
        }
        return Array(best.dropFirst(min(offset, best.count)))
    }

    // MARK: - Evaluation

    /// Evaluates `node`; `positive` is false under a NOT (its terms neither score nor highlight).
    mutating func evaluate(_ node: QueryNode, positive: Bool) -> DocScores {
        switch node {
        case let .term(text), let .phrase(text):
            return leaf(text, positive: positive)
        case let .and(children):
            var included: DocScores?
            var excluded: [QueryNode] = []
            for child in children {
                if case let .not(inner) = child { excluded.append(inner); continue }
                let docs = evaluate(child, positive: positive)
                included = included.map { $0.intersection(docs) } ?? docs
            }
            var result = included ?? allLive()
            for inner in excluded where !result.documents.isEmpty {
                result = result.subtracting(evaluate(inner, positive: !positive))
            }
            return result
        case let .or(children):
            var result = DocScores()
            for child in children { result = result.union(evaluate(child, positive: positive)) }
            return result
        case let .not(inner):
            return allLive().subtracting(evaluate(inner, positive: !positive))
        case let .near(left, right, distance, ordered):
            return near(left, right, distance: distance, ordered: ordered, positive: positive)
        case let .field(field, value):
            return fieldMatches(field, value)
        case let .timeRange(lower, upper):
            var docs: [Int32] = []
            let store = index.documents
            for i in 0..<store.count where store.live[i] {
                let t = store.times[i]
                guard t != Int64.min else { continue }
                if let lower, t < lower { continue }
                if let upper, t >= upper { continue }
                docs.append(Int32(i))
            }
            return DocScores(unscored: docs)
        case .matchAll:
            return allLive()
        }
    }

    private func allLive() -> DocScores {
        let live = index.documents.live
        var docs: [Int32] = []
        docs.reserveCapacity(index.documents.liveCount)
        for i in live.indices where live[i] { docs.append(Int32(i)) }
        return DocScores(unscored: docs)
    }

    /// The units a query term or phrase is matched by (folded and split like item text).
    ///
    /// A text that folds to CJK ideographs only (most Chinese queries) is not segmented: its
    /// units are its characters however the segmenter would split it (`UnitSequence(ideographs:)`),
    /// which spares a query the word breaker's dictionary, cold memory each time.
    func units(of text: String) -> UnitSequence {
        let folded = index.analyzer.folding.apply(text)
        return UnitSequence(ideographs: folded) ?? UnitSequence(index.analyzer.analyze(text, folded: folded))
    }

    private mutating func leaf(_ text: String, positive: Bool) -> DocScores {
        let units = units(of: text)
        guard units.count > 0 else {
            warnings.append("`\(text)` has no searchable characters; it matches nothing")
            return DocScores()
        }
        return scored(text, units, matcher.match(units, withPositions: false), positive: positive)
    }

    /// A leaf's matches as scores (BM25 when `positive`), recorded for explain and highlights.
    private mutating func scored(_ text: String, _ units: UnitSequence, _ matches: LeafMatches, positive: Bool) -> DocScores {
        let idf = ranking.idf(df: matches.documents.count, n: max(1, index.documents.liveCount))
        if positive { leaves.append((text, units, matches, idf)) }
        var scores = [Float](repeating: 0, count: matches.documents.count)
        if positive {
            let lengths = index.documents.lengths
            let average = index.documents.averageLength
            for i in matches.documents.indices {
                scores[i] = Float(ranking.bm25(count: matches.counts[i], aligned: matches.alignedCounts[i],
                                               length: lengths[Int(matches.documents[i])], averageLength: average, idf: idf))
            }
        }
        return DocScores(documents: matches.documents, scores: scores)
    }

    private mutating func near(_ left: QueryNode, _ right: QueryNode, distance: Int, ordered: Bool, positive: Bool) -> DocScores {
        guard let leftText = Self.text(of: left), let rightText = Self.text(of: right) else {
            // The parser only builds NEAR over terms and phrases; anything else means AND.
            return evaluate(.and([left, right]), positive: positive)
        }
        let leftUnits = units(of: leftText), rightUnits = units(of: rightText)
        guard leftUnits.count > 0, rightUnits.count > 0 else { return DocScores() }
        let a = matcher.match(leftUnits, withPositions: true)
        let b = matcher.match(rightUnits, withPositions: true)
        var docs: [Int32] = []
        var i = 0, j = 0
        while i < a.documents.count, j < b.documents.count {
            let da = a.documents[i], db = b.documents[j]
            if da < db { i += 1; continue }
            if db < da { j += 1; continue }
            if NearCheck.within(a.starts(ofMatch: i), a.span, b.starts(ofMatch: j), b.span, distance: Int32(distance), ordered: ordered) {
                docs.append(da)
            }
            i += 1; j += 1
        }
        // Score as the AND of both sides restricted to these documents.
        let both = scored(leftText, leftUnits, a, positive: positive).intersection(scored(rightText, rightUnits, b, positive: positive))
        return both.intersection(DocScores(unscored: docs))
    }

    static func text(of node: QueryNode) -> String? {
        switch node {
        case let .term(t), let .phrase(t): return t
        default: return nil
        }
    }

    private func fieldMatches(_ field: QueryField, _ value: String) -> DocScores {
        let folded = ItemMatcher(analyzer: index.analyzer).foldFieldValue(field, value)
        if field == .id {
            // Ids are exact (not folded) and unique among live items.
            return DocScores(unscored: index.documents.internalId(of: folded).map { [$0] } ?? [])
        }
        let live = index.documents.live
        var documents: [Int32] = []
        index.fields.documentSet(field, folded).forEach { if live[Int($0)] { documents.append($0) } }
        return DocScores(unscored: documents)
    }

    // MARK: - Explain and highlights

    private func explain(_ doc: Int32, item: Item, bm25: Double) -> Explanation {
        var terms: [Explanation.TermScore] = []
        let lengths = index.documents.lengths
        for leaf in leaves {
            guard let k = Self.position(of: doc, in: leaf.matches.documents) else { continue }
            let score = ranking.bm25(count: leaf.matches.counts[k], aligned: leaf.matches.alignedCounts[k],
                                     length: lengths[Int(doc)], averageLength: index.documents.averageLength, idf: leaf.idf)
            terms.append(.init(term: leaf.label, score: score, occurrences: Int(leaf.matches.counts[k]),
                               wholeWordOccurrences: Int(leaf.matches.alignedCounts[k]),
                               documentFrequency: leaf.matches.documents.count))
        }
        let recency = ranking.recency(time: index.documents.times[Int(doc)], newest: index.documents.newestTime)
        let engagement = ranking.engagementWeight * RankingParameters.engagement(item)
        return Explanation(terms: terms, recency: recency, engagement: engagement, total: bm25 + recency + engagement)
    }

    static func position(of doc: Int32, in documents: [Int32]) -> Int? {
        var lo = 0, hi = documents.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if documents[mid] < doc { lo = mid + 1 } else { hi = mid }
        }
        return lo < documents.count && documents[lo] == doc ? lo : nil
    }

    /// Where the positive terms occur in `item`'s original text.
    func highlights(for item: Item) -> [Range<Int>] {
        guard !leaves.isEmpty else { return [] }
        let analyzed = index.analyzer.analyze(item.text)
        let docUnits = UnitSequence(analyzed)
        var ranges: [Range<Int>] = []
        for leaf in leaves {
            for start in UnitMatching.starts(of: leaf.units, in: docUnits) {
                let last = start + leaf.units.count - 1
                let normalized = Int(docUnits.normalizedRanges[start].lowerBound)..<Int(docUnits.normalizedRanges[last].upperBound)
                ranges.append(analyzed.normalized.originalScalarRange(normalized))
            }
        }
        return Highlighting.merge(ranges)
    }
}

/// The NEAR test on two lists of match starts.
enum NearCheck {
    /// Whether some match of A and some match of B have at most `distance` positions between them.
    static func within(_ a: ArraySlice<Int32>, _ spanA: Int32, _ b: ArraySlice<Int32>, _ spanB: Int32, distance: Int32, ordered: Bool) -> Bool {
        for sa in a {
            for sb in b {
                let endA = sa + spanA, endB = sb + spanB
                if sb >= endA {
                    if sb - endA <= distance { return true }
                } else if sa >= endB {
                    if !ordered, sa - endB <= distance { return true }
                } else if !ordered || sa <= sb {
                    return true // overlapping
                }
            }
        }
        return false
    }
}

/// Brute-force matching of a unit sequence inside another (used by highlights and the reference searcher).
enum UnitMatching {
    /// Indices in `document` where `phrase` occurs: same keys, same relative positions.
    static func starts(of phrase: UnitSequence, in document: UnitSequence) -> [Int] {
        let m = phrase.count, n = document.count
        guard m > 0, n >= m else { return [] }
        var out: [Int] = []
        let base = phrase.positions[0]
        outer: for i in 0...(n - m) {
            guard document.keys[i] == phrase.keys[0] else { continue }
            let docBase = document.positions[i]
            for k in 1..<m {
                if document.keys[i + k] != phrase.keys[k] || document.positions[i + k] - docBase != phrase.positions[k] - base {
                    continue outer
                }
            }
            out.append(i)
        }
        return out
    }
}

/// Merging of highlight ranges.
enum Highlighting {
    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int>] = []
        for r in sorted {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}

/// The best `wanted` documents offered so far, best first (ties: the newer document first).
struct TopPage {
    let wanted: Int
    /// A document on the page: its key, and its occurrences of the leaf searched (the first).
    typealias Entry = (key: Double, doc: Int32, count: Int32, aligned: Int32)
    var best: [Entry] = []

    init(wanted: Int) {
        self.wanted = wanted
        best.reserveCapacity(wanted + 1)
    }

    /// The key a document must reach to enter, once the page is full (reaching it exactly
    /// enters only as a newer document).
    var floor: Double? { best.count == wanted ? best.last?.key : nil }

    mutating func offer(key: Double, doc: Int32, count: Int32, aligned: Int32) {
        if best.count == wanted, let last = best.last, !(key > last.key || (key == last.key && doc > last.doc)) { return }
        var lo = 0, hi = best.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let m = best[mid]
            if m.key > key || (m.key == key && m.doc > doc) { lo = mid + 1 } else { hi = mid }
        }
        best.insert((key, doc, count, aligned), at: lo)
        if best.count > wanted { best.removeLast() }
    }
}

/// A block of a posting list and the highest relevance key a document in it can have.
private struct BlockBound: Comparable {
    var bound: Double
    var block: Int
    static func < (a: BlockBound, b: BlockBound) -> Bool { a.bound != b.bound ? a.bound < b.bound : a.block < b.block }
}
