@testable import HudongIndex
import HudongTestSupport
import HudongText
import Testing

/// The block summaries top-k search skips by: they must cover the list exactly, and no
/// document in a block may score above the block's bound.
@Suite("Posting block summaries")
struct PostingBlockTests {
    /// Each term's full blocks, and its open block (as a list of zero or one).
    static func full(_ pool: PostingPool) -> [[PostingBlock]] { (0..<pool.count).map { pool.blocks(of: $0).map(\.block) } }
    static func open(_ pool: PostingPool) -> [[PostingBlock]] { (0..<pool.count).map { pool.openBlock(of: $0).map { [$0] } ?? [] } }

    /// What a block says apart from its saturation bound (which depends on when it was built).
    static func layout(_ lists: [[PostingBlock]]) -> [[[Int64]]] {
        lists.map { $0.map { b in
            [Int64(b.start.documentBefore), Int64(b.start.offset), Int64(b.start.sliceLimit), Int64(b.start.level), Int64(b.lastDocument),
             Int64(b.maxFrequency), Int64(b.minLength), b.maxTime, Int64(b.maxEngagement.bitPattern)]
        } }
    }

    @Test("blocks partition each list, and every document's score is within its block's bound")
    func boundsHold() throws {
        var items = TestCorpus.items(reviews: 1_600, traditional: 100, simplified: 100, seed: 31)
        for i in items.indices { items[i].likes = (i * 37) % 500; items[i].shares = i % 7 }
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        // Some deletes move the average length after the blocks were made.
        for item in items.suffix(200) where item.text.count > 60 { _ = index.delete(id: item.id) }
        #expect(Self.checkBounds(index.postings, index.documents, index.terms) > 20)
        var tuned = RankingParameters()
        tuned.k1 = 2.0
        tuned.b = 0.3
        #expect(Self.checkBounds(index.postings, index.documents, index.terms, ranking: tuned) > 20, "other parameters: the plain bound")

        // Lists re-encoded from the format 1 and 2 encoding (no whole-word bits) read the same
        // and get blocks that partition and bound them as well.
        let store = index.documents, pool = index.postings
        let recoded = try pool.legacyEncoded().recodingLegacyLists(documents: store.count, wholeWord: index.isWholeWord, signals: store.signals)
        #expect(Self.contents(recoded) == Self.contents(pool))
        #expect(Self.checkBounds(recoded, store, index.terms) > 20)
        // After compaction the blocks describe the renumbered lists.
        let compacted = index.removingDeadDocuments()
        #expect(Self.checkBounds(compacted.postings, compacted.documents, compacted.terms) > 20)
        #expect(Self.checkWholeWordBits(compacted) > 1_000)
    }

    @Test("with items arriving in time order, as feeds do, a block's bound is close to its best document")
    func boundsAreTight() {
        // A post every five minutes (a block of a frequent term spans hours, not weeks).
        var items = TestCorpus.items(reviews: 1_600, traditional: 100, simplified: 100, seed: 31)
        for i in items.indices {
            items[i].likes = (i * 37) % 500
            items[i].shares = i % 7
            items[i].time = 1_793_000_000 + Int64(i) * 300
        }
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        var slack: [Double] = [], plain: [Double] = []
        #expect(Self.checkBounds(index.postings, index.documents, index.terms, slack: &slack, plainSlack: &plain) > 20)
        // The bound adds a block's best BM25 with engagement (`ScoreEnvelope`) to its newest
        // time's recency; adding the best of each part separately leaves several tenths.
        let median = slack[slack.count / 2], plainMedian = plain[plain.count / 2]
        #expect(median < 0.05 && median < plainMedian / 4, "median slack \(median), plain \(plainMedian), over \(slack.count) blocks")
    }

    @Test("each posting's whole-word bit says whether some occurrence there is a whole segmenter word")
    func wholeWordBits() {
        let items = TestCorpus.items(reviews: 600, traditional: 100, simplified: 100, seed: 5)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        #expect(Self.checkWholeWordBits(index) > 5_000)
    }

    /// Checks every posting's bit against the word boundaries; returns how many postings had it set.
    static func checkWholeWordBits(_ index: SearchIndex) -> Int {
        var set = 0, unset = 0
        for term in 0..<index.postings.count {
            index.postings.forEachDocument(term: term) { doc, _, cursor in
                var whole = false
                while let p = cursor.next() { whole = whole || index.isWholeWord(term: term, document: doc, position: p) }
                #expect(cursor.wholeWord == whole, "term \(index.terms.text(of: Int32(term))) document \(doc)")
                if whole { set += 1 } else { unset += 1 }
            }
        }
        #expect(unset > 100, "some postings are inside longer words")
        return set
    }

    /// Every list as (document, count, whole-word bit, positions).
    static func contents(_ pool: PostingPool) -> [[[Int64]]] {
        (0..<pool.count).map { term in
            var list: [[Int64]] = []
            pool.forEachDocument(term: term) { doc, freq, cursor in
                var entry = [Int64(doc), Int64(freq), cursor.wholeWord ? 1 : 0]
                while let p = cursor.next() { entry.append(Int64(p)) }
                list.append(entry)
            }
            return list
        }
    }

    /// Checks every block of every list of ≥ one block; returns how many were checked.
    /// `slack`: at the term's idf, each block's bound less its best live document's key were
    /// it as new as the block's newest (what the bound does not see apart), ascending; and
    /// `plainSlack` the same for the sum of the block's best BM25, recency and engagement.
    static func checkBounds(_ pool: PostingPool, _ store: DocumentStore, _ terms: TermDictionary, ranking: RankingParameters = RankingParameters()) -> Int {
        var slack: [Double] = [], plainSlack: [Double] = []
        return checkBounds(pool, store, terms, ranking: ranking, slack: &slack, plainSlack: &plainSlack)
    }

    static func checkBounds(_ pool: PostingPool, _ store: DocumentStore, _ terms: TermDictionary, ranking: RankingParameters = RankingParameters(),
                            slack: inout [Double], plainSlack: inout [Double]) -> Int {
        var checkedBlocks = 0
        var tightness: [(best: Double, bound: Double, plain: Double)] = []
        defer {
            slack = tightness.map { $0.bound - $0.best }.sorted()
            plainSlack = tightness.map { $0.plain - $0.best }.sorted()
        }
        for term in 0..<pool.count where pool.documentCount(of: term) >= Int32(PostingBlock.size) {
            let blocks = pool.blocks(of: term)
            #expect(blocks.count == Int(pool.documentCount(of: term)) / PostingBlock.size)
            // Every document, in order, from the list's start: the blocks must start where it says.
            var all: [(doc: Int32, freq: Int)] = []
            pool.forEachDocument(term: term) { doc, freq, _ in all.append((doc, freq)) }
            let idf = ranking.idf(df: all.filter { store.live[Int($0.doc)] }.count, n: store.liveCount)
            let span: Int32 = if case .bigram = terms.terms[term] { 2 } else { 1 }
            for (b, block) in blocks.enumerated() {
                var inBlock: [(doc: Int32, freq: Int, aligned: Int32)] = []
                pool.forEachDocument(term: term, from: block.start, limit: PostingBlock.size) { doc, freq, cursor in
                    var aligned: Int32 = 0
                    while let p = cursor.next() {
                        if store.isWholeWord(document: doc, start: Int32(p), end: Int32(p) + span - 1) { aligned += 1 }
                    }
                    inBlock.append((doc, freq, aligned))
                }
                let expected = all[(b * PostingBlock.size)..<((b + 1) * PostingBlock.size)]
                #expect(inBlock.map(\.doc) == expected.map(\.doc))
                #expect(block.lastDocument == expected.last?.doc)
                // The term's own idf, and weights below, between, on and past the envelope's samples.
                for weight in [idf, 0, 0.3, 1, 1.5 / 2.2, 2.9, 4, 7 / 2.2, 9.3, 14 / 2.2, 40] {
                    let bound = block.scoreBound(ranking, idf: weight, averageLength: store.averageLength, newest: store.newestTime)
                    var best = -Double.infinity
                    for (doc, freq, aligned) in inBlock {
                        let d = Int(doc)
                        let key = RankingParameters.key(bm25: ranking.bm25(count: Int32(freq), aligned: aligned, length: store.lengths[d],
                                                                           averageLength: store.averageLength, idf: weight),
                                                        recency: ranking.recency(time: store.times[d], newest: store.newestTime),
                                                        boost: ranking.engagementWeight * Double(store.engagement[d]))
                        #expect(key <= bound, "term \(term) block \(b) document \(doc) idf \(weight)")
                        if store.live[d] {
                            let renewed = RankingParameters.key(bm25: ranking.bm25(count: Int32(freq), aligned: aligned, length: store.lengths[d],
                                                                                   averageLength: store.averageLength, idf: weight),
                                                                recency: ranking.recency(time: block.maxTime, newest: store.newestTime),
                                                                boost: ranking.engagementWeight * Double(store.engagement[d]))
                            best = max(best, renewed)
                        }
                    }
                    if weight == idf, best > -Double.infinity {
                        var plain = ranking
                        plain.k1 += 1e-12 // any change takes the plain bound
                        let plainBound = block.scoreBound(plain, idf: weight, averageLength: store.averageLength, newest: store.newestTime)
                        tightness.append((best, bound, plainBound))
                    }
                }
                checkedBlocks += 1
            }
            var rest: [Int32] = []
            pool.forEachDocument(term: term, from: pool.openBlock(of: term)?.start, limit: Int.max) { doc, _, _ in rest.append(doc) }
            #expect(rest == all.dropFirst(blocks.count * PostingBlock.size).map(\.doc))
        }
        return checkedBlocks
    }
}

/// Snapshots keep the blocks (formats 5 and 6, the latter with the lists packed), or re-encode the lists of older formats (1 and 2,
/// without whole-word bits; 3, blocks without envelopes; 4, the header before format 5) to the same contents with blocks
/// that bound them.
@Suite("Posting blocks in snapshots")
struct PostingBlockSnapshotTests {
    @Test("the current format keeps the blocks; formats 1 and 3 are re-encoded at load to the same lists and blocks")
    func roundTrips() throws {
        let items = TestCorpus.items(reviews: 900, traditional: 0, simplified: 0, seed: 13)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        #expect(index.postings.blockLists.contains { $0.count >= 2 })
        let layout = PostingBlockTests.layout
        // The current format writes the lists packed, so its blocks are the packed pool's.
        let packed = index.postings.packed()
        for format in [SearchIndex.snapshotFormat, 7, 5, 4, 3, 1] {
            var bytes = MemoryBytes()
            index.writeSnapshot(to: &bytes, format: format)
            let loaded = try SearchIndex(snapshot: &bytes, format: format, analyzer: TestCorpus.analyzer)
            let full = PostingBlockTests.full, open = PostingBlockTests.open
            #expect(PostingBlockTests.contents(loaded.postings) == PostingBlockTests.contents(index.postings), "format \(format)")
            if format == SearchIndex.snapshotFormat {
                #expect(full(loaded.postings) == full(packed) && open(loaded.postings) == open(packed))
            }
            if format == 5 {
                #expect(full(loaded.postings) == full(index.postings) && open(loaded.postings) == open(index.postings))
            }
            if format >= 3 {
                // Re-encoding a format 3 arena lays it out afresh, so block starts differ, and
                // its saturations use today's average length; what each block covers is the same.
                #expect(Self.covered(full(loaded.postings)) == Self.covered(full(index.postings)), "format \(format)")
            }
            if format == SearchIndex.snapshotFormat {
                #expect(layout(full(loaded.postings)) == layout(full(packed)) && layout(open(loaded.postings)) == layout(open(packed)))
            }
            #expect(PostingBlockTests.checkBounds(loaded.postings, loaded.documents, loaded.terms) > 5)
        }
    }

    /// Per block: its last document and the bounds that do not depend on when it was built.
    static func covered(_ lists: [[PostingBlock]]) -> [[[Int64]]] {
        lists.map { $0.map { b in
            [Int64(b.lastDocument), Int64(b.maxFrequency), Int64(b.minLength), b.maxTime, Int64(b.maxEngagement.bitPattern)]
        } }
    }
}
