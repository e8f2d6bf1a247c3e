import Foundation
import HudongIndex
import HudongTagging
import HudongText
import Synchronization
import Testing

/// Changing the taxonomy or the dictionary re-tags what is indexed, live; queries running
/// meanwhile see each item wholly old or wholly new.
@Suite struct LiveRetagTests {
    /// Real reviews with a few feed labels.
    static func items(_ count: Int) -> [Item] {
        (0..<count).map { i in
            var item = Item(id: "r\(i)", text: Fixtures.reviews[(i * 7) % Fixtures.reviews.count], likes: i % 13)
            if i % 10 == 0 { item.tags = ["双十一"] }
            if i % 25 == 0 { item.category = "客服" }
            if i % 40 == 0 { item.keywordPaths = ["活动/双十一"] }
            return item
        }
    }

    /// The corpus taxonomy with changes: a node renamed, a node gone, a new tag and a new category first.
    static func changedTaxonomy() throws -> Taxonomy {
        var t = Fixtures.taxonomy
        let yaml = """
            categories:
              - name: 酒店问题
                rule: kw:酒店 (差 OR 脏 OR 吵)
            tags:
              - name: 提到早餐
                terms: [早餐, 早饭]
            keywords:
              - name: 住宿
                terms: [酒店, 宾馆]
                children:
                  - name: 噪音
                    terms: [隔音, 噪音]
            """
        let extra = try Taxonomy.parse(yaml: yaml)
        t.categories.insert(contentsOf: extra.categories, at: 0)
        t.tags += extra.tags
        t.keywords.removeAll { $0.name == "酒店" }
        t.keywords += extra.keywords
        return t
    }

    static let queries = ["kw:酒店", "kw:住宿/噪音", "tag:提到早餐", "category:酒店问题", "category:差评", "tag:双十一",
                          "kw:活动", "kw:酒店 OR kw:住宿", "category:客服", "房间 -kw:酒店/房间"]

    static func answers(_ index: TaggedIndex) throws -> [Set<String>] {
        let parsed = try queries.map { try QueryParser().parse($0) }
        return parsed.map { q in index.index.read { QueryExecutor.matchingIds(q, in: $0) } }
    }

    @Test("a re-tag gives what ingesting with the new taxonomy gives; feed labels survive")
    func retagEqualsFreshIngest() throws {
        let items = Self.items(1500)
        let live = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: Fixtures.taxonomy)
        live.add(items, threads: 2)
        let changed = try Self.changedTaxonomy()
        let report = live.replaceTaxonomy(changed, threads: 2)
        #expect(report.examined == 1500)
        #expect(report.relabelled > 100)
        #expect(report.skipped == 0)
        let fresh = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: changed)
        fresh.add(items, threads: 2)
        #expect(try Self.answers(live) == Self.answers(fresh))
        for item in items.prefix(300) {
            let a = live.index.read { $0.item(id: item.id) }, b = fresh.index.read { $0.item(id: item.id) }
            #expect(a == b)
            #expect(live.metrics(id: item.id) == fresh.metrics(id: item.id))
        }
        // Back again: the old answers return, feed labels included.
        let original = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: Fixtures.taxonomy)
        original.add(items)
        live.replaceTaxonomy(Fixtures.taxonomy)
        #expect(try Self.answers(live) == Self.answers(original))
        #expect(try Self.answers(live)[Self.queries.firstIndex(of: "kw:活动") ?? 0].count == 38)
    }

    @Test("queries running during a re-tag see every item wholly old or wholly new")
    func concurrentQueries() async throws {
        let items = Self.items(2000)
        let live = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: Fixtures.taxonomy)
        live.add(items, threads: 2)
        let changed = try Self.changedTaxonomy()
        let old = try Self.answers(live)
        let fresh = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: changed)
        fresh.add(items, threads: 2)
        let new = try Self.answers(fresh)
        #expect(old != new)
        let parsed = try Self.queries.map { try QueryParser().parse($0) }
        let stop = Flag()
        let results = try await withThrowingTaskGroup(of: (old: Int, new: Int, torn: [String]).self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var seenOld = 0, seenNew = 0
                    var torn: [String] = []
                    var round = 0
                    while true {
                        // Once the re-tag is over, one last round over every query (it must see the new answers).
                        let finishing = stop.isSet && round >= 3
                        for (k, query) in parsed.enumerated() where finishing || k % 4 == worker || round % 2 == 1 {
                            // One read: all queries of the round on one consistent index.
                            let ids = live.index.read { QueryExecutor.matchingIds(query, in: $0) }
                            if ids == old[k] && ids == new[k] { continue }
                            if ids == old[k] { seenOld += 1 } else if ids == new[k] { seenNew += 1 } else { torn.append(Self.queries[k]) }
                        }
                        // A whole round under one lock: every answer from the same side.
                        let round2 = live.index.read { idx in parsed.map { QueryExecutor.matchingIds($0, in: idx) } }
                        if round2 != old && round2 != new { torn.append("round") }
                        round += 1
                        if finishing { break }
                        await Task.yield()
                    }
                    return (seenOld, seenNew, torn)
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(50))
                live.replaceTaxonomy(changed, threads: 2)
                stop.set()
                return (0, 0, [])
            }
            var all: [(old: Int, new: Int, torn: [String])] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.allSatisfy { $0.torn.isEmpty }, "\(results.map(\.torn))")
        #expect(results.reduce(0) { $0 + $1.new } > 0, "queries ran after the re-tag")
        #expect(try Self.answers(live) == new)
    }

    @Test("items ingested while a re-tag runs come out with the new taxonomy")
    func ingestDuringRetag() async throws {
        let items = Self.items(1200)
        let live = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: Fixtures.taxonomy)
        live.add(Array(items.prefix(800)), threads: 2)
        let changed = try Self.changedTaxonomy()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { live.replaceTaxonomy(changed, threads: 1) }
            group.addTask {
                for start in stride(from: 800, to: 1200, by: 50) { live.add(Array(items[start..<(start + 50)])) }
            }
        }
        let fresh = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: changed)
        fresh.add(items, threads: 2)
        #expect(try Self.answers(live) == Self.answers(fresh))
    }

    @Test("a user-dictionary change recompiles the taxonomy and re-tags")
    func dictionaryChange() throws {
        let dictionary = try UserDictionary()
        let analyzer = try Analyzer.chinese(userDictionary: dictionary)
        let taxonomy = Taxonomy(keywords: [KeywordNode(name: "游戏", terms: ["xbox live"], children: [KeywordNode(name: "主机", terms: ["xbox"])])])
        let live = TaggedIndex(analyzer: analyzer, taxonomy: taxonomy)
        live.add([Item(id: "1", text: "Xbox Live 会员到期了"), Item(id: "2", text: "xbox 很好玩")])
        let before = live.tagger.compiled.dictionaryVersion
        let report = live.updateDictionary { $0.add(UserDictionary.Entry(term: "xbox live", tag: "product")) }
        #expect(report.examined == 2)
        #expect(live.tagger.compiled.dictionaryVersion != before)
        #expect(!live.tagger.compiled.isStale)
        let fresh = TaggedIndex(analyzer: analyzer, taxonomy: taxonomy)
        fresh.add([Item(id: "1", text: "Xbox Live 会员到期了"), Item(id: "2", text: "xbox 很好玩")])
        #expect(live.index.read { $0.item(id: "1") } == fresh.index.read { $0.item(id: "1") })
        #expect(live.index.read { $0.item(id: "1")?.keywordPaths } == ["游戏/主机"])
    }

    @Test("a deleted item leaves the metrics; an upsert replaces its labels")
    func deleteAndUpsert() throws {
        let live = TaggedIndex(analyzer: Fixtures.analyzer, taxonomy: Fixtures.taxonomy)
        live.add([Item(id: "a", text: "早餐很好"), Item(id: "b", text: "键盘很好")])
        #expect(live.metrics(id: "a") != nil)
        #expect(live.delete(id: "a"))
        #expect(live.metrics(id: "a") == nil)
        live.add([Item(id: "b", text: "房间隔音太差")])
        #expect(live.index.read { $0.item(id: "b")?.keywordPaths } == ["酒店/房间/隔音"])
        let query = try QueryParser().parse("kw:电子产品")
        let ids = live.index.read { QueryExecutor.matchingIds(query, in: $0) }
        #expect(ids.isEmpty)
    }
}

/// A flag set once, read from many tasks.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
