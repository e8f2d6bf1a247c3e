import HudongText
import Testing

/// The pipeline value: stages compose, filters leave position gaps, a custom segmenter plugs in.
@Suite("Pipeline")
struct PipelineTests {
    @Test("Stop words are dropped and leave gaps in positions (phrase distances still count them)")
    func stopWords() throws {
        let base = try Fixtures.analyzer()
        let analyzer = Analyzer(normalizers: base.folding.normalizers, segmenter: base.segmenter,
                                filters: [StopWordFilter(["的", "了"])])
        let analyzed = analyzer.analyze("买了好看的衣服")
        #expect(terms(analyzed) == ["买", "好看", "衣服"])
        #expect(analyzed.tokens.map(\.position) == [0, 2, 4])
    }

    @Test("Tokens built from an analysis's spans slice the original back to a surface that folds to their term; a filter's drops leave the spans")
    func tokensFromSpans() throws {
        let base = try Fixtures.analyzer()
        let filtered = Analyzer(normalizers: base.folding.normalizers, segmenter: base.segmenter,
                                filters: [StopWordFilter(["的", "了", "3"])])
        let texts = ["買了3件 ＸＢＯＸ 的東西 #雙十一# @天猫 https://t.cn/abc 😀👍🏻", "㍿と株式会社", "", " ，。"]
            + (try Fixtures.lines("reviews_zh.txt").prefix(150)) + (try Fixtures.lines("manpages_zh_TW.txt").prefix(150))
        for analyzer in [base, filtered] {
            for text in texts {
                let analyzed = analyzer.analyze(text)
                let tokens = analyzed.tokens
                for (i, token) in tokens.enumerated() {
                    let surface = analyzed.original.slice(characters: token.characterRange)
                    #expect(analyzer.fold(String(surface)) == token.term, "\(text): \(surface)")
                    #expect(String(surface) == analyzed.original.slice(utf8: token.utf8Range), "\(text)")
                    #expect(analyzed.term(at: i) == token.term)
                }
            }
        }
        let analyzed = filtered.analyze("买了好看的衣服 #双十一# #双十一#")
        #expect(analyzed.spans.map { analyzed.normalized.string($0.range) } == ["买", "好看", "衣服", "#双十一#", "#双十一#"])
        #expect(analyzed.tags(addingHashtagsTo: ["新品", "双十一"]) == ["新品", "双十一"])
        #expect(analyzed.tags(addingHashtagsTo: ["新品"]) == ["新品", "双十一"])
    }

    @Test("Keeping only words drops entities")
    func kindFilter() throws {
        let base = try Fixtures.analyzer()
        let analyzer = Analyzer(normalizers: base.folding.normalizers, segmenter: base.segmenter,
                                filters: [TokenKindFilter(keeping: [.cjkWord, .latinWord, .number])])
        #expect(terms(analyzer.analyze("#双十一# @天猫 买了3件 😀")) == ["买", "了", "3", "件"])
    }

    /// A segmenter that makes every non-space unit a token: any `Segmenter` plugs into the pipeline.
    struct CharacterSegmenter: Segmenter {
        func segment(_ text: NormalizedText) -> [TokenSpan] {
            text.units.indices.filter { text.units[$0] != 0x20 }.map { TokenSpan(range: $0..<($0 + 1), kind: .cjkWord) }
        }
    }

    @Test("A custom segmenter, with the standard folding: offsets still into the original")
    func customSegmenter() throws {
        let analyzer = Analyzer(normalizers: try TextFolding.standard().normalizers, segmenter: CharacterSegmenter())
        let analyzed = analyzer.analyze("麥 Ａ")
        #expect(pins(analyzed) == ["麦|cjk|0..<1|0..<3", "a|cjk|2..<3|4..<7"])
        #expect(analyzer.userDictionary == nil)
    }

    @Test("Without folding stages the text is segmented as written")
    func noFolding() throws {
        let analyzer = Analyzer(normalizers: [], segmenter: try Fixtures.analyzer().segmenter)
        #expect(terms(analyzer.analyze("ＡＰＰ麥當勞")).first == "ＡＰＰ")
        #expect(analyzer.fold("ＡＰＰ") == "ＡＰＰ")
    }
}
