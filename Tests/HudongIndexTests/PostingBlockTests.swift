@testable import HudongIndex
import HudongTestSupport
import HudongText
import Testing

/// The block summaries top-k search skips by: they must cover the list exactly, and no
/// document in a block may score above the block's bound.
@Suite("Posting block summaries")
struct PostingBlockTests {
    /// Each term's full blocks, and its open block (as a list of zero or one).
    static func full(_ pool: PostingPool) -> [[PostingBlock]] { (0..<pool.count).map { pool.blocks(of: $0) } }
    static func open(_ pool: PostingPool) -> [[PostingBlock]] { (0..<pool.count).map { pool.openBlock(of: $0).map { [$0] } ?? [] } }

    /// What a block says apart from its saturation bound (which depends on when it was built).
    static func layout(_ lists: [[PostingBlock]]) -> [[[Int64]]] {
        lists.map { $0.map { b in
            [Int64(b.start.documentBefore), Int64(b.start.offset), Int64(b.start.sliceLimit), Int64(b.start.level), Int64(b.lastDocument),
             Int64(b.maxFrequency), Int64(b.minLength), b.maxTime, Int64(b.maxEngagement.bitPattern)]
        } }
    }

    @Test("blocks partition each list, and every document's score is within its block's bound")
    func boundsHold() {
        var items = TestCorpus.items(reviews: 1_600, traditional: 100, simplified: 100, seed: 31)
        for i in items.indices { items[i].likes = (i * 37) % 500; items[i].shares = i % 7 }
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        // Some deletes move the average length after the blocks were made.
        for item in items.suffix(200) where item.text.count > 60 { _ = index.delete(id: item.id) }
        #expect(Self.checkBounds(index.postings, index.documents) > 200)
        var tuned = RankingParameters()
        tuned.k1 = 2.0
        tuned.b = 0.3
        #expect(Self.checkBounds(index.postings, index.documents, ranking: tuned) > 200, "other parameters: the plain bound")

        // Blocks rebuilt by reading the lists (snapshots of format 1) lie the same and bound as well.
        let store = index.documents, pool = index.postings
        var rebuilt = pool
        #expect(throws: Never.self) { try rebuilt.rebuildBlocks(documents: store.count, signals: store.signals) }
        #expect(Self.layout(Self.full(rebuilt)) == Self.layout(Self.full(pool)))
        #expect(Self.layout(Self.open(rebuilt)) == Self.layout(Self.open(pool)))
        #expect(Self.checkBounds(rebuilt, store) > 200)
        // After compaction the blocks describe the renumbered lists.
        let compacted = index.removingDeadDocuments()
        var again = compacted.postings
        #expect(throws: Never.self) { try again.rebuildBlocks(documents: compacted.documents.count, signals: compacted.documents.signals) }
        #expect(Self.layout(Self.full(again)) == Self.layout(Self.full(compacted.postings)))
        #expect(Self.layout(Self.open(again)) == Self.layout(Self.open(compacted.postings)))
        #expect(Self.checkBounds(compacted.postings, compacted.documents) > 200)
    }

    /// Checks every block of every list of ≥ one block; returns how many were checked.
    static func checkBounds(_ pool: PostingPool, _ store: DocumentStore, ranking: RankingParameters = RankingParameters()) -> Int {
        var checkedBlocks = 0
        for term in 0..<pool.count where pool.documentCount(of: term) >= Int32(PostingBlock.size) {
            let blocks = pool.blocks(of: term)
            #expect(blocks.count == Int(pool.documentCount(of: term)) / PostingBlock.size)
            // Every document, in order, from the list's start: the blocks must start where it says.
            var all: [(doc: Int32, freq: Int)] = []
            pool.forEachDocument(term: term) { doc, freq, _ in all.append((doc, freq)) }
            let idf = ranking.idf(df: all.filter { store.live[Int($0.doc)] }.count, n: store.liveCount)
            for (b, block) in blocks.enumerated() {
                var inBlock: [(doc: Int32, freq: Int)] = []
                pool.forEachDocument(term: term, from: block.start, limit: PostingBlock.size) { doc, freq, _ in inBlock.append((doc, freq)) }
                let expected = all[(b * PostingBlock.size)..<((b + 1) * PostingBlock.size)]
                #expect(inBlock.map(\.doc) == expected.map(\.doc))
                #expect(block.lastDocument == expected.last?.doc)
                let bound = block.scoreBound(ranking, idf: idf, averageLength: store.averageLength, newest: store.newestTime)
                for (doc, freq) in inBlock {
                    let d = Int(doc)
                    // The best a document can do: every occurrence a whole word.
                    let key = RankingParameters.key(bm25: ranking.bm25(count: Int32(freq), aligned: Int32(freq), length: store.lengths[d],
                                                                       averageLength: store.averageLength, idf: idf),
                                                    recency: ranking.recency(time: store.times[d], newest: store.newestTime),
                                                    boost: ranking.engagementWeight * Double(store.engagement[d]))
                    #expect(key <= bound, "term \(term) block \(b) document \(doc)")
                }
                checkedBlocks += 1
            }
            var rest: [Int32] = []
            pool.forEachDocument(term: term, from: pool.partialBlockStart(of: term), limit: Int.max) { doc, _, _ in rest.append(doc) }
            #expect(rest == all.dropFirst(blocks.count * PostingBlock.size).map(\.doc))
        }
        return checkedBlocks
    }
}

/// Snapshots keep the blocks (format 2) or rebuild them (format 1) to the same.
@Suite("Posting blocks in snapshots")
struct PostingBlockSnapshotTests {
    @Test("format 2 keeps the blocks; format 1 rebuilds the same at load")
    func roundTrips() throws {
        let items = TestCorpus.items(reviews: 900, traditional: 0, simplified: 0, seed: 13)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        #expect(index.postings.blockLists.contains { $0.count >= 2 })
        let layout = PostingBlockTests.layout
        for format in [SearchIndex.snapshotFormat, 1] {
            var bytes = MemoryBytes()
            index.writeSnapshot(to: &bytes, format: format)
            let loaded = try SearchIndex(snapshot: &bytes, format: format, analyzer: TestCorpus.analyzer)
            let full = PostingBlockTests.full, open = PostingBlockTests.open
            #expect(layout(full(loaded.postings)) == layout(full(index.postings)), "format \(format)")
            #expect(layout(open(loaded.postings)) == layout(open(index.postings)), "format \(format)")
            if format == SearchIndex.snapshotFormat { #expect(full(loaded.postings) == full(index.postings) && open(loaded.postings) == open(index.postings)) }
            #expect(PostingBlockTests.checkBounds(loaded.postings, loaded.documents) > 10)
        }
    }
}
