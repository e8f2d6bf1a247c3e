import HudongIndex
import HudongText
import Testing

/// A query of ideographs skips the segmenter (`UnitSequence(ideographs:)`): judged here against
/// the units the full analysis gives the same text.
@Suite("Query units without the segmenter")
struct QueryUnitsTests {
    let analyzer = TestCorpus.analyzer

    /// The keys and positions the full analysis gives `text` (what matching reads).
    func analyzedUnits(_ text: String) -> ([UnitKey], [Int32]) {
        let units = UnitSequence(analyzer.analyze(text))
        return (units.keys, units.positions)
    }

    @Test("every run of ideographs in a seeded sample of the corpora, whole and cut into 1 to 6 characters, gets the full analysis's units")
    func ideographRunsMatchTheAnalysis() {
        var rng = TestCorpus.Random(seed: 7)
        var texts: Set<String> = []
        for name in ["reviews_zh.txt", "manpages_zh_CN.txt", "manpages_zh_TW.txt"] {
            let lines = TestCorpus.lines(name)
            #expect(!lines.isEmpty, "corpus \(name) is missing")
            for _ in 0..<120 where !lines.isEmpty {
                let scalars = Array(lines[Int.random(in: 0..<lines.count, using: &rng)].unicodeScalars)
                // Runs of Han characters as the original has them (Traditional ones fold to Simplified).
                var start = 0
                while start < scalars.count {
                    guard scalars[start].properties.isIdeographic else { start += 1; continue }
                    var end = start
                    while end < scalars.count, scalars[end].properties.isIdeographic { end += 1 }
                    let run = Array(scalars[start..<end])
                    texts.insert(String(String.UnicodeScalarView(run)))
                    for length in 1...6 where length < run.count {
                        let from = Int.random(in: 0...(run.count - length), using: &rng)
                        texts.insert(String(String.UnicodeScalarView(run[from..<(from + length)])))
                    }
                    start = end
                }
            }
        }
        var fast = 0, mismatches: [String] = []
        for text in texts {
            guard let units = UnitSequence(ideographs: analyzer.folding.apply(text)) else { continue }
            fast += 1
            let (keys, positions) = analyzedUnits(text)
            if units.keys != keys || units.positions != positions { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "units differ from the analysis for \(mismatches.prefix(10))")
        // Most of the sample takes the fast path (else this test judges nothing).
        let share = Double(fast) / Double(max(1, texts.count))
        #expect(fast > 2_000 && share > 0.9, "\(fast) of \(texts.count) texts took the fast path")
    }

    @Test("texts with anything but ideographs, and empty ones, go through the analysis")
    func otherTextsAreAnalyzed() {
        for text in ["", "小米 手机", "iPhone手机", "手机。", "ひらがな", "手機・平板", "１２３", "#小米#", "小米15", "𠀀字"] {
            #expect(UnitSequence(ideographs: analyzer.folding.apply(text)) == nil, "\(text) took the fast path")
        }
        // Traditional and full-width forms fold first, then take it.
        let traditional = UnitSequence(ideographs: analyzer.folding.apply("檔案權限"))
        #expect(traditional?.keys == analyzedUnits("档案权限").0)
    }

    @Test("a search by a Traditional or Simplified term of ideographs finds what the reference scan finds")
    func searchesAgreeWithTheReference() {
        let items = TestCorpus.items(reviews: 60, traditional: 60, simplified: 60)
        var index = SearchIndex(analyzer: analyzer)
        for item in items { index.add(item) }
        var reference = ReferenceSearcher(analyzer: analyzer)
        for item in items { reference.add(item) }
        for query in ["檔案", "档案", "權限", "酒店", "服务", "不错", "系统", "的"] {
            guard let parsed = try? QueryParser().parse(query) else { Issue.record("\(query) did not parse"); continue }
            let found = Set(QueryExecutor.search(parsed, in: index, options: SearchOptions(limit: 1_000)).hits.map(\.item.id))
            #expect(found == reference.matchingIds(parsed), "\(query)")
        }
    }

    @Test("an index over an analyzer with a stop-word filter neither indexes nor finds the stop words, and finds the rest")
    func filteredWordsAreNotIndexed() throws {
        let filtered = Analyzer(normalizers: analyzer.folding.normalizers, segmenter: analyzer.segmenter,
                                filters: [StopWordFilter(["的", "了"])])
        var index = SearchIndex(analyzer: filtered)
        index.add(Item(id: "a", text: "买了好看的衣服"))
        index.add(Item(id: "b", text: "衣服的质量"))
        func found(_ query: String) throws -> Set<String> {
            Set(QueryExecutor.search(try QueryParser().parse(query), in: index, options: SearchOptions(limit: 10)).hits.map(\.item.id))
        }
        #expect(try found("的").isEmpty)
        #expect(try found("了").isEmpty)
        #expect(try found("衣服") == ["a", "b"])
        #expect(try found("好看") == ["a"])
        #expect(try found("质量") == ["b"])
    }
}
