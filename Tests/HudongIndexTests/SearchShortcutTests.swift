import HudongIndex
import HudongText
import Testing

/// The one-pass search of a single posting list must give exactly what the full evaluation
/// gives: the same total, the same page in the same order, the same scores and highlights.
@Suite("Single-list shortcut equals the full evaluation")
struct SearchShortcutTests {
    static func compare(_ query: ParsedQuery, in index: SearchIndex, limit: Int, offset: Int,
                        ranking: RankingParameters = RankingParameters()) -> String? {
        var fast = SearchOptions(limit: limit, offset: offset)
        fast.ranking = ranking
        fast.shortcuts = true
        var full = fast
        full.shortcuts = false
        let a = QueryExecutor.search(query, in: index, options: fast)
        let b = QueryExecutor.search(query, in: index, options: full)
        guard a.totalHits == b.totalHits, a.sort == b.sort else { return "totals \(a.totalHits) vs \(b.totalHits)" }
        guard a.hits.map(\.item.id) == b.hits.map(\.item.id) else { return "pages \(a.hits.map(\.item.id)) vs \(b.hits.map(\.item.id))" }
        guard a.hits.map(\.score) == b.hits.map(\.score) else { return "scores \(a.hits.map(\.score)) vs \(b.hits.map(\.score))" }
        guard a.hits.map(\.highlights) == b.hits.map(\.highlights) else { return "highlights differ" }
        guard a.warnings == b.warnings else { return "warnings \(a.warnings) vs \(b.warnings)" }
        return nil
    }

    @Test("1- and 2-character terms, words, phrases and mixed queries, several pages")
    func shortcutEqualsFullEvaluation() {
        let items = TestCorpus.items(reviews: 1_200, traditional: 150, simplified: 150, seed: 11)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 5)
        var manyHits = 0
        for round in 0..<600 {
            let query: ParsedQuery = switch round % 4 {
            case 0: ParsedQuery(root: .term(generator.substring(1)))
            case 1: ParsedQuery(root: .term(generator.substring(2)))
            case 2: ParsedQuery(root: .term(generator.word()))
            default: generator.next().1
            }
            let (limit, offset) = [(10, 0), (1, 0), (5, 7), (50, 0)][round % 4]
            if let difference = Self.compare(query, in: index, limit: limit, offset: offset) {
                Issue.record("\(query.root) limit \(limit) offset \(offset): \(difference)")
            }
            if QueryExecutor.search(query, in: index, options: SearchOptions(limit: 0)).totalHits > 50 { manyHits += 1 }
        }
        #expect(manyHits > 150, "the queries must reach past the first page often")
    }

    @Test("terms of several lists, phrases, ANDs of them with filters and NOTs, NEARs and ORs: scoring only what can reach the page changes nothing, with any ranking")
    func leafTopKEqualsFullEvaluation() {
        let items = TestCorpus.items(reviews: 1_000, traditional: 150, simplified: 150, seed: 17)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 9)
        var rankings = [RankingParameters(), RankingParameters(), RankingParameters(), RankingParameters()]
        rankings[1].partialWordWeight = 1.5
        rankings[2].recencyWeight = -0.3
        rankings[2].engagementWeight = 2
        rankings[3].b = 0
        rankings[3].engagementWeight = -1
        func check(_ index: SearchIndex, _ when: String) -> (manyHits: Int, nearsFound: Int) {
            var manyHits = 0, nearsFound = 0
            for round in 0..<1_120 {
                let query: ParsedQuery = switch round % 14 {
                case 0: ParsedQuery(root: .term(generator.substring(3)))
                case 1: ParsedQuery(root: .term(generator.substring(4)))
                case 2: ParsedQuery(root: generator.phrase())
                case 3: ParsedQuery(root: .term(generator.substring(2)))
                case 4: ParsedQuery(root: .and([.term(generator.substring(1)), .term(generator.word())]))
                case 5: ParsedQuery(root: .and([.term(generator.substring(2)), .term(generator.substring(2))]))
                case 6: ParsedQuery(root: .and([.term(generator.substring(2)), generator.phrase(), .term(generator.substring(3))]))
                // Filters, time ranges and NOTs beside the leaves (a NOT of punctuation warns).
                case 7: ParsedQuery(root: .and([.term(generator.substring(2)), generator.field()]))
                case 8: ParsedQuery(root: .and([generator.field(), .term(generator.substring(3)), .not(.term(generator.substring(1)))]))
                // NEAR of two tokens of one text, then of a phrase and a substring.
                case 10: ParsedQuery(root: generator.near())
                case 11: ParsedQuery(root: .near(generator.phrase(), .term(generator.substring(2)), distance: 3, ordered: (round / 14) % 2 == 0))
                // ORs: a match scores by the leaves it has.
                case 12: ParsedQuery(root: .or([.term(generator.word()), .term(generator.substring(2))]))
                case 13: ParsedQuery(root: .or([generator.phrase(), .term(generator.substring(3)), .term(generator.word())]))
                default: ParsedQuery(root: .and([.term(generator.word()), .not(round % 20 == 9 ? .term("。") : generator.simple()),
                                                 generator.field(), generator.field()]))
                }
                let (limit, offset) = [(10, 0), (1, 0), (5, 7), (60, 0)][(round / 4) % 4]
                if let difference = Self.compare(query, in: index, limit: limit, offset: offset, ranking: rankings[round % 3 == 0 ? 0 : (round / 3) % 4]) {
                    Issue.record("\(when): \(query.root) limit \(limit) offset \(offset): \(difference)")
                }
                let total = QueryExecutor.search(query, in: index, options: SearchOptions(limit: 0)).totalHits
                if total > 10 { manyHits += 1 }
                if round % 14 == 10 || round % 14 == 11, total > 0 { nearsFound += 1 }
            }
            return (manyHits, nearsFound)
        }
        let (manyHits, nearsFound) = check(index, "all live")
        #expect(manyHits > 35, "the queries must fill the first page often")
        #expect(nearsFound > 25, "NEARs must find something often (39 of 160 did when written)")
        // Deleted and replaced items: every term takes this path, one list or several.
        var rng = TestCorpus.Random(seed: 3)
        for item in items.shuffled(using: &rng).prefix(150) { _ = index.delete(id: item.id) }
        for item in items.shuffled(using: &rng).prefix(50) { index.add(Item(id: item.id, text: String(item.text.reversed()))) }
        _ = check(index, "after deletes")
    }

    @Test("block summaries stay right as lists grow between searches, and in copies that diverge")
    func summariesFollowTheIndex() {
        let items = TestCorpus.items(reviews: 1_600, traditional: 0, simplified: 0, seed: 21) // distinct reviews
        #expect(items.count >= 1_400)
        let n = items.count, a = n / 3, b = 2 * n / 3, c = 5 * n / 6
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items.prefix(a) { index.add(item) }
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 4)
        let queries = (0..<120).map { k in ParsedQuery(root: .term(k % 2 == 0 ? generator.substring(1) : generator.substring(2))) }
        func check(_ index: SearchIndex, _ when: String) {
            for (k, query) in queries.enumerated() {
                if let difference = Self.compare(query, in: index, limit: [10, 3, 40][k % 3], offset: k % 3 == 1 ? 4 : 0) {
                    Issue.record("\(when): \(query.root): \(difference)")
                }
            }
        }
        check(index, "first third")
        for item in items[a..<b] { index.add(item) }
        check(index, "after two thirds")
        var copy = index
        for item in items[b..<c] { copy.add(item) }
        for item in items[c..<n] { index.add(Item(id: item.id, text: String(item.text.reversed()))) }
        check(copy, "the copy")
        check(index, "the original")
        // Packed, each list is one run of bytes, which blocks are decoded from without slice checks.
        var packed = index
        packed.pack()
        check(packed, "packed")
        let big = queries.map { QueryExecutor.search($0, in: index, options: SearchOptions(limit: 0)).totalHits }.max() ?? 0
        #expect(big > 4 * 128, "some lists must span several blocks")
    }

    @Test("with deleted items the full evaluation runs, and the results stay right")
    func deletedItemsTakeTheFullPath() {
        let items = TestCorpus.items(reviews: 400, traditional: 0, simplified: 0, seed: 3)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        for item in items.prefix(100) { _ = index.delete(id: item.id) }
        var reference = ReferenceSearcher(analyzer: TestCorpus.analyzer)
        for item in items.dropFirst(100) { reference.add(item) }
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 8)
        for _ in 0..<200 {
            let query = ParsedQuery(root: .term(generator.substring(2)))
            #expect(Self.compare(query, in: index, limit: 10, offset: 0) == nil)
            let results = QueryExecutor.search(query, in: index, options: SearchOptions(limit: 1_000))
            #expect(Set(results.hits.map(\.item.id)) == reference.matchingIds(query))
            #expect(results.totalHits == reference.matchingIds(query).count)
        }
    }
}
