import HudongIndex
import HudongTagging
import Testing

/// The keyword tree, categories and tags with counts, for any query.
@Suite struct NavigationTests {
    static func index() -> TaggedIndex {
        let tagged = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: Fixtures.taxonomy)
        tagged.add([
            Item(id: "1", text: "房间隔音太差，隔壁很吵"),
            Item(id: "2", text: "早餐不错，房间干净"),
            Item(id: "3", text: "酒店位置很好，地铁就在旁边"),
            Item(id: "4", text: "这本书的翻译很差"),
            Item(id: "5", text: "笔记本的键盘手感不错", keywordPaths: ["品牌/小米/小米手机"]),
            Item(id: "6", text: "没有任何关键词的一句话"),
        ])
        return tagged
    }

    @Test("the tree counts each node with everything below it, in taxonomy order, feed-only paths after")
    func tree() throws {
        let tagged = Self.index()
        let (items, rows) = tagged.index.read { Navigation.keywordTree(ParsedQuery(root: .matchAll), in: $0, taxonomy: Fixtures.taxonomy) }
        #expect(items == 6)
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0.path, $0.count) })
        #expect(counts["酒店"] == 3)
        #expect(counts["酒店/房间"] == 2)
        #expect(counts["酒店/房间/隔音"] == 1)
        #expect(counts["酒店/房间/卫生"] == 1)
        #expect(counts["酒店/早餐"] == 1)
        #expect(counts["书籍"] == 1)
        #expect(counts["书籍/翻译"] == 1)
        #expect(counts["电子产品/笔记本/键盘"] == 1)
        #expect(counts["品牌/小米/小米手机"] == 1)
        #expect(counts["购物"] == nil, "empty nodes are hidden unless asked for")
        // Pre-order: a node comes before its children; feed-only 品牌 after the taxonomy's roots.
        let paths = rows.map(\.path)
        let hotel = try #require(paths.firstIndex(of: "酒店")), room = try #require(paths.firstIndex(of: "酒店/房间"))
        #expect(hotel < room)
        #expect(paths.last?.hasPrefix("品牌") == true)
        #expect(rows.first { $0.path == "品牌" }?.inTaxonomy == false)
        #expect(rows.first { $0.path == "酒店/房间/隔音" }?.depth == 3)
    }

    @Test("a query filters the counts; includeEmpty lists the whole taxonomy")
    func filtered() throws {
        let tagged = Self.index()
        let query = try QueryParser().parse("房间")
        let (items, rows) = tagged.index.read { Navigation.keywordTree(query, in: $0, taxonomy: Fixtures.taxonomy) }
        #expect(items == 2)
        #expect(rows.map(\.path) == ["酒店", "酒店/房间", "酒店/房间/隔音", "酒店/房间/卫生", "酒店/早餐"])
        let all = tagged.index.read { Navigation.keywordTree(query, in: $0, taxonomy: Fixtures.taxonomy, includeEmpty: true) }
        #expect(all.rows.count == Fixtures.taxonomy.nodeCount)
        let shallow = tagged.index.read { Navigation.keywordTree(ParsedQuery(root: .matchAll), in: $0, taxonomy: Fixtures.taxonomy, maxDepth: 1) }
        #expect(shallow.rows.allSatisfy { $0.depth == 1 })
    }

    @Test("categories and tags with counts, most frequent first")
    func labels() {
        let tagged = Self.index()
        let categories = tagged.index.read { Navigation.categories(ParsedQuery(root: .matchAll), in: $0) }
        #expect(categories.items == 6)
        #expect(categories.counts.first == LabelCount(label: "好评", count: 3))
        #expect(categories.counts.contains(LabelCount(label: "差评", count: 2)))
        #expect(categories.uncategorized == 1)
        let tags = tagged.index.read { Navigation.tags(ParsedQuery(root: .matchAll), in: $0) }
        #expect(tags.counts.contains(LabelCount(label: "隔音差", count: 1)))
        #expect(tags.untagged == 5)
    }
}
