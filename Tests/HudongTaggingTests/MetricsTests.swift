import Foundation
import HudongIndex
import HudongTagging
import Testing

/// 内容度, 相关度 and 影响度 against their formulas, on small hand-made cases.
@Suite struct MetricsTests {
    static let taxonomy = Taxonomy(
        tags: [
            LabelRule(name: "售后", terms: ["退货", "维修"], sceneWeight: 2),
            LabelRule(name: "好评", terms: ["好用"]),
        ],
        keywords: [
            KeywordNode(name: "品牌", terms: [], children: [
                KeywordNode(name: "小米", terms: ["小米"], exclusions: [Rule(query: .term("小米粥"), text: "小米粥")], children: [
                    KeywordNode(name: "小米手机", terms: ["小米手机"], variants: ["mi phone"]),
                ]),
                KeywordNode(name: "华为", terms: ["华为"], weight: 5),
            ]),
            KeywordNode(name: "游戏", terms: ["xbox"]),
        ])

    static let tagger = Tagger(taxonomy: taxonomy, analyzer: Fixtures.analyzer)

    static func metrics(_ text: String, likes: Int = 0, shares: Int = 0, comments: Int = 0, paths: [String] = [], tags: [String] = []) -> ContentMetrics {
        tagger.tag(Item(id: "m", text: text, likes: likes, shares: shares, comments: comments, tags: tags, keywordPaths: paths)).metrics
    }

    @Test("内容度 = units inside matched keyword terms / units (overlapping terms counted once)")
    func content() {
        // 小米手机很好用: 7 units; 小米 and 小米手机 both match and overlap on 4 units.
        #expect(Self.metrics("小米手机很好用").content == 4.0 / 7.0)
        // Punctuation is not a unit: 小米，小米 has 4 units, all covered.
        #expect(Self.metrics("小米，小米").content == 1.0)
        // A Latin word is one unit: xbox live 很好 → xbox, live, 很, 好.
        #expect(Self.metrics("xbox live 很好").content == 1.0 / 4.0)
        // A tag term is not a keyword term.
        #expect(Self.metrics("退货").content == 0)
        // An excluded node covers nothing: 小米粥 vetoes 小米.
        #expect(Self.metrics("小米粥很好喝").content == 0)
        #expect(Self.metrics("").content == 0)
    }

    @Test("相关度 = Σ node weight over the nodes on the paths (default: level) + Σ scene weight")
    func relevance() {
        // 品牌/小米/小米手机: 品牌 1 + 小米 2 + 小米手机 3.
        #expect(Self.metrics("小米手机").relevance == 6)
        // Add 华为 (weight 5 instead of level 2); 品牌 counted once.
        #expect(Self.metrics("小米手机和华为").relevance == 11)
        // A scene tag (售后, 2) adds its weight; a plain tag adds nothing.
        #expect(Self.metrics("小米手机退货，好用").relevance == 8)
        // A feed path the taxonomy knows counts its nodes once; one it does not know weighs its levels.
        #expect(Self.metrics("小米手机", paths: ["品牌/小米"]).relevance == 6)
        #expect(Self.metrics("没有关键词", paths: ["品牌/苹果/iPhone"]).relevance == 1 + 2 + 3)
        // A feed tag that is a scene counts like a matched one, once.
        #expect(Self.metrics("维修", tags: ["售后"]).relevance == 2)
        #expect(Self.metrics("没有关键词").relevance == 0)
    }

    @Test("影响度 = log10(1 + likes + 2·shares + comments)")
    func influence() {
        #expect(Self.metrics("x", likes: 9).influence == 1)
        #expect(Self.metrics("x", likes: 49, shares: 25).influence == 2)
        #expect(abs(Self.metrics("x", likes: 3, shares: 1, comments: 4).influence - log10(10)) < 1e-12)
        #expect(Self.metrics("x", likes: -5).influence == 0)
    }

    @Test("影响度 is the index's sort:influence key, so that sort orders by it")
    func influenceMatchesIndex() throws {
        let tagged = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: Self.taxonomy)
        let counts = [(5, 0, 0), (0, 40, 2), (100, 3, 9), (0, 0, 0), (12, 12, 12)]
        tagged.add(counts.enumerated().map { i, c in
            Item(id: "i\(i)", text: "小米手机 \(i)", likes: c.0, shares: c.1, comments: c.2)
        })
        let results = tagged.search(try QueryParser().parse("小米 sort:influence"), options: SearchOptions(limit: 10))
        let ordered = results.hits.map(\.item.id)
        let byMetric = tagged.search(try QueryParser().parse("小米"), options: SearchOptions(limit: 10), sort: .influence).hits.map(\.item.id)
        #expect(ordered == byMetric)
        for hit in results.hits {
            let m = try #require(tagged.metrics(id: hit.item.id))
            #expect(abs(hit.score - m.influence) < 1e-6)
        }
    }

    @Test("search ranks by 内容度 and 相关度 when asked")
    func metricSorts() throws {
        let tagged = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: Self.taxonomy)
        tagged.add([
            Item(id: "long", text: "今天去商场逛了很久，最后看了一眼小米"),
            Item(id: "short", text: "小米手机"),
            Item(id: "both", text: "小米手机和华为，退货"),
        ])
        let query = try QueryParser().parse("小米")
        #expect(tagged.search(query, sort: .content).hits.map(\.item.id) == ["short", "both", "long"])
        #expect(tagged.search(query, sort: .relevance).hits.map(\.item.id) == ["both", "short", "long"])
        let blended = tagged.search(query, sort: .blended).hits
        #expect(blended.count == 3)
        #expect(blended.first?.highlights.isEmpty == false)
    }
}
