import HudongIndex
import HudongTagging
import HudongText
import Testing

/// The fast tagger against the brute-force reference on real review items.
@Suite struct TaggerPropertyTests {
    /// Real items with synthetic metadata; some carry feed labels so every stage sees them.
    static func items(step: Int, limit: Int) -> [Item] {
        let channels = ["weibo", "wechat", "forum", "douyin"]
        var out: [Item] = []
        var i = 0
        while i < Fixtures.reviews.count, out.count < limit {
            var item = Item(id: "r\(i)", channel: channels[i % 4], time: 1_793_000_000 + Int64(i) * 600,
                            text: Fixtures.reviews[i], likes: i % 17, shares: i % 5, comments: i % 3)
            if i % 7 == 0 { item.tags = ["双十一"] }
            if i % 11 == 0 { item.keywordPaths = ["酒店/房間"] }
            if i % 13 == 0 { item.category = "客服" }
            if i % 19 == 0 { item.text += " #活动# @天猫 小米 手机 👍🏻 https://t.cn/abc Xbox Live 2.0版" }
            if i % 23 == 0 { item.text = "#iPhone手机# " + item.text + " 小米。手机 MacBook Pro" }
            out.append(item)
            i += step
        }
        return out
    }

    static func compare(_ taxonomy: Taxonomy, items: [Item]) -> (checked: Int, mismatches: [String], tagged: Int) {
        let compiled = CompiledTaxonomy(taxonomy, analyzer: Fixtures.analyzer)
        let fast = Tagger(compiled), reference = ReferenceTagger(compiled)
        var scratch = TaggingScratch()
        var mismatches: [String] = []
        var tagged = 0
        for item in items {
            let analysis = Fixtures.analyzer.analyze(item.text)
            let a = fast.tag(item, analysis: analysis, scratch: &scratch)
            let b = reference.tag(item, analysis: analysis)
            if a != b { mismatches.append("\(item.id): fast \(a.item.keywordPaths) \(a.item.tags) \(a.item.category ?? "-") \(a.metrics) vs reference \(b.item.keywordPaths) \(b.item.tags) \(b.item.category ?? "-") \(b.metrics)") }
            if !a.matchedNodes.isEmpty { tagged += 1 }
        }
        return (items.count, mismatches, tagged)
    }

    @Test("fast tagger equals the reference: corpus taxonomy, 1,200 reviews across the corpus")
    func corpusTaxonomy() {
        let result = Self.compare(Fixtures.taxonomy, items: Self.items(step: 29, limit: 1200))
        #expect(result.checked == 1200)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.prefix(5))")
        #expect(result.tagged > 900, "most reviews should touch the tree")
    }

    @Test("fast tagger equals the reference: generated 1,000-node taxonomy", arguments: [1, 2, 3])
    func generatedTaxonomy(seed: UInt64) {
        let taxonomy = SyntheticTaxonomy.generate(from: Fixtures.reviews, analyzer: Fixtures.analyzer, nodes: 1000, seed: seed)
        #expect(taxonomy.nodeCount >= 900 && taxonomy.nodeCount <= 1100)
        let result = Self.compare(taxonomy, items: Self.items(step: 331 + Int(seed), limit: 100))
        #expect(result.mismatches.isEmpty, "\(result.mismatches.prefix(5))")
        #expect(result.tagged > 50)
    }

    @Test("Latin words, numbers, hashtags, mentions, emoji and URLs match as the index matches them")
    func tokens() throws {
        let taxonomy = Taxonomy(
            tags: [LabelRule(name: "活动", terms: ["活动"]), LabelRule(name: "苹果", rules: [try Rule("iphone OR macbook NEAR/2 pro")])],
            keywords: [
                KeywordNode(name: "品牌", terms: [], children: [
                    KeywordNode(name: "小米", terms: ["小米手机", "小米"], exclusions: [try Rule("小米粥")]),
                    KeywordNode(name: "天猫", terms: ["天猫", "@天猫"]),
                    KeywordNode(name: "微软", terms: ["xbox live", "XBOX"], variants: ["xbox"]),
                    KeywordNode(name: "苹果", terms: ["iphone", "macbook pro", "mac"]),
                ]),
                KeywordNode(name: "表情", terms: ["👍🏻", "👍"]),
                KeywordNode(name: "链接", terms: ["https://t.cn/abc", "t.cn"]),
                KeywordNode(name: "系统", terms: ["xp", "vista", "2.0", "win7"]),
            ])
        let result = Self.compare(taxonomy, items: Self.items(step: 17, limit: 800))
        #expect(result.mismatches.isEmpty, "\(result.mismatches.prefix(5))")
        #expect(result.tagged > 50)
    }

    @Test("a taxonomy whose rules need no text still tags (anchorless rules run for every item)")
    func anchorless() throws {
        let taxonomy = Taxonomy(
            categories: [LabelRule(name: "微博", rules: [try Rule("channel:weibo")])],
            tags: [LabelRule(name: "无酒店", rules: [try Rule("-酒店")]), LabelRule(name: "有路径", rules: [try Rule("kw:书籍")])],
            keywords: [KeywordNode(name: "书籍", terms: [], rule: try Rule("NOT 酒店 书"))])
        let result = Self.compare(taxonomy, items: Self.items(step: 97, limit: 200))
        #expect(result.mismatches.isEmpty, "\(result.mismatches.prefix(5))")
    }
}
