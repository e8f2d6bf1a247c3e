@testable import HudongIndex
import HudongTestSupport
import HudongText
import Testing

/// A long list's champions (`ChampionList`) are scored before its blocks, and the blocks
/// that hold them are bounded without them: whichever documents are chosen, a single-term
/// search must give exactly what the full evaluation gives.
@Suite("Champion lists leave single-term searches exact")
struct ChampionListTests {
    /// The corpus, then copies of its items under fresh ids (ties across blocks, as reposts
    /// and the 1M benchmark's repeated corpora give), times kept.
    static func itemsWithCopies(seed: UInt64) -> [Item] {
        let items = TestCorpus.items(reviews: 1_200, traditional: 150, simplified: 150, seed: seed)
        return items + items.map { item in
            var copy = item
            copy.id = "copy-" + item.id
            return copy
        }
    }

    @Test("any number of champions a list, any ranking, several pages; and as the index grows after the choice")
    func championsEqualFullEvaluation() {
        let items = Self.itemsWithCopies(seed: 23)
        let cut = items.count * 4 / 5
        var base = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items.prefix(cut) { base.add(item) }
        base.pack()
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 13)
        let queries: [ParsedQuery] = (0..<90).map { k in
            ParsedQuery(root: .term(k % 3 == 2 ? generator.word() : generator.substring(2)))
        }
        var rankings = [RankingParameters(), RankingParameters(), RankingParameters(), RankingParameters()]
        rankings[1].partialWordWeight = 1.5
        rankings[2].recencyWeight = 0
        rankings[2].engagementWeight = 3
        rankings[3].b = 0.2
        rankings[3].k1 = 2
        let pages = [(10, 0), (1, 0), (5, 7), (40, 0), (20, 30)]
        func check(_ index: SearchIndex, _ when: String) {
            for (k, query) in queries.enumerated() {
                let (limit, offset) = pages[k % pages.count]
                let ranking = rankings[(k / pages.count) % rankings.count]
                if let difference = SearchShortcutTests.compare(query, in: index, limit: limit, offset: offset, ranking: ranking) {
                    Issue.record("\(when): \(query.root) limit \(limit) offset \(offset): \(difference)")
                }
            }
        }
        for perList in [1, 4, 16, 64] {
            var index = base
            index.chooseChampions(minimumBlocks: 1, perList: perList, perLongList: perList)
            let lists = index.postings.championLists
            #expect(lists.count > 30, "many lists must get champions (\(lists.count) did)")
            #expect(lists.values.contains { Int($0.championCount) == perList && $0.blockCount > min(perList, 2) - 1 })
            // Champions are live documents of their list, and the blocks listed are those that hold them.
            for term in lists.keys.sorted().prefix(20) {
                guard let view = index.postings.champions(of: Int(term), documents: index.documents.count) else {
                    Issue.record("no champions for \(term)")
                    continue
                }
                #expect(view.fresh)
                var documents: [Int32] = []
                index.postings.forEachDocument(term: Int(term), from: nil, limit: .max) { document, _, _ in documents.append(document) }
                #expect(view.champions.allSatisfy { documents.contains($0.document) && index.documents.live[Int($0.document)] })
                let blocks = index.postings.blocks(of: Int(term))
                let holding = Set(view.champions.map { c in Int32(blocks.firstIndex { $0.lastDocument >= c.document } ?? -1) })
                #expect(Set(view.blocks.map(\.block)) == holding && view.blocks.map(\.block) == view.blocks.map(\.block).sorted())
                // Every other document of the full blocks keys at most the highest block bound,
                // and one in a block that holds champions at most that block's rest bound (its
                // key as the full evaluation computes it).
                var everything = SearchOptions(limit: documents.count)
                everything.shortcuts = false
                let all = QueryExecutor.search(ParsedQuery(root: .term(index.terms.text(of: term))), in: index, options: everything)
                #expect(all.totalHits == documents.count, "\(index.terms.text(of: term)) finds its own list")
                let lastFull = blocks.last?.lastDocument ?? -1
                for hit in all.hits {
                    guard let doc = index.documents.internalId(of: hit.item.id), doc <= lastFull, !view.contains(doc) else { continue }
                    #expect(hit.score <= view.highestBlockBound)
                    let b = Int32(blocks.firstIndex { $0.lastDocument >= doc } ?? -1)
                    if let held = view.blocks.first(where: { $0.block == b }) { #expect(hit.score <= Double(held.restBound)) }
                }
            }
            check(index, "\(perList) champions")
            // Grown after the choice: new documents go to the open blocks, and new blocks seal.
            var grown = index
            for item in items.dropFirst(cut) { grown.add(item) }
            check(grown, "\(perList) champions, grown")
        }
    }

    @Test("a pack, a compaction and a load choose them again, for the lists long enough")
    func rebuiltAfterPackCompactionAndLoad() throws {
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        // Every item mentions 小米, so its list reaches the default minimum of full blocks.
        let items = Self.itemsWithCopies(seed: 29).map { item in
            var mentioning = item
            mentioning.text += " 小米"
            return mentioning
        }
        for item in items { index.add(item) }
        #expect(index.postings.championLists.isEmpty)
        index.pack()
        let chosen = index.postings.championLists.count
        #expect(chosen > 0, "some lists have \(SearchIndex.championMinimumBlocks) full blocks")
        var bytes = MemoryBytes()
        index.writeSnapshot(to: &bytes)
        let loaded = try SearchIndex(snapshot: &bytes, format: SearchIndex.snapshotFormat, analyzer: TestCorpus.analyzer)
        #expect(loaded.postings.championLists.count == chosen)
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 2)
        for k in 0..<40 {
            let query = ParsedQuery(root: .term(k == 0 ? "小米" : generator.substring(2)))
            #expect(SearchShortcutTests.compare(query, in: loaded, limit: 10, offset: 0) == nil, "\(query.root)")
        }
        for item in items.prefix(200) { _ = index.delete(id: item.id) }
        let compacted = index.removingDeadDocuments()
        #expect(!compacted.postings.championLists.isEmpty)
        for k in 0..<40 {
            let query = ParsedQuery(root: .term(k == 0 ? "小米" : generator.substring(2)))
            #expect(SearchShortcutTests.compare(query, in: compacted, limit: 10, offset: 0) == nil, "\(query.root)")
        }
    }
}
