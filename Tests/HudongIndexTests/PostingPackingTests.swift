@testable import HudongIndex
import HudongTestSupport
import HudongText
import Testing

/// Packed posting lists (`PostingPool.packed`, `SearchIndex.pack`, snapshot format 6)
/// must read exactly as the lists they were packed from, give the arena's slack back, and
/// take further items, deletes and packing as an unpacked index does.
@Suite("Packed posting lists")
struct PostingPackingTests {
    /// An index of real corpus lines, with no deletes (so the one-list top-k path is taken).
    static func build(seed: UInt64 = 5) -> (SearchIndex, [Item]) {
        var items = TestCorpus.items(reviews: 1_400, traditional: 150, simplified: 150, seed: seed)
        for i in items.indices { items[i].likes = (i * 37) % 500 }
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in items { index.add(item) }
        return (index, items)
    }

    @Test("packing keeps every list, position and block, and leaves no unused slice end, link or spare capacity")
    func packingKeepsEverything() {
        let (index, _) = Self.build()
        let pool = index.postings
        let before = pool.memoryParts
        #expect(before.unusedSliceEnds > 4 * pool.count && before.links > 0, "the unpacked arena has slack to give back")
        let packed = pool.packed()
        #expect(PostingBlockTests.contents(packed) == PostingBlockTests.contents(pool))
        // Blocks start where their documents are (checked by reading each from its start),
        // and cover and bound the same documents.
        #expect(PostingBlockTests.checkBounds(packed, index.documents, index.terms) > 15)
        let full = PostingBlockTests.full, open = PostingBlockTests.open
        #expect(PostingBlockSnapshotTests.covered(full(packed)) == PostingBlockSnapshotTests.covered(full(pool)))
        #expect(PostingBlockSnapshotTests.covered(open(packed)) == PostingBlockSnapshotTests.covered(open(pool)))
        let after = packed.memoryParts
        #expect(after.postings == before.postings)
        #expect(after.unusedSliceEnds == 4 * packed.count, "only each list's link space is left")
        #expect(after.links == 0)
        #expect(after.unwrittenArena == 0)
        #expect(packed.arenaByteCount == before.postings + 4 * pool.count)
        // Packing a packed pool changes nothing.
        let again = packed.packed()
        #expect(again.arenaByteCount == packed.arenaByteCount)
        #expect(PostingBlockTests.layout(full(again)) == PostingBlockTests.layout(full(packed)))
        let sameBytes = again.withArenaBytes { Array($0) } == packed.withArenaBytes { Array($0) }
        #expect(sameBytes)
    }

    @Test("a packed index answers 400 generated queries with the same hits, scores and totals as the unpacked one")
    func searchesAgree() {
        let (index, items) = Self.build(seed: 8)
        var packed = index
        packed.pack()
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 404)
        var pages = 0
        for _ in 0..<400 {
            let (kind, query) = generator.next()
            let options = SearchOptions(limit: 10)
            let a = QueryExecutor.search(query, in: index, options: options), b = QueryExecutor.search(query, in: packed, options: options)
            #expect(a.totalHits == b.totalHits, "\(kind): \(query.root)")
            #expect(a.hits.map(\.item.id) == b.hits.map(\.item.id) && a.hits.map(\.score) == b.hits.map(\.score), "\(kind): \(query.root)")
            if !a.hits.isEmpty { pages += 1 }
        }
        #expect(pages > 200, "only \(pages) queries had hits")
    }

    @Test("after packing, more items, upserts and deletes go in as before, and the index still equals the reference")
    func appendsAfterPacking() {
        let (base, items) = Self.build(seed: 9)
        var packed = base, plain = base
        packed.pack()
        var reference = ReferenceSearcher(analyzer: TestCorpus.analyzer)
        for item in items { reference.add(item) }
        // New items (their ids fresh), upserts of old ids with other texts, and deletes; packed
        // again halfway, so packed lists grow new slices and are packed once more.
        let more = TestCorpus.items(reviews: 700, traditional: 60, simplified: 60, seed: 10)
        var rng = TestCorpus.Random(seed: 11)
        for (k, var item) in more.enumerated() {
            item = Item(id: k % 3 == 0 ? items[Int.random(in: 0..<items.count, using: &rng)].id : "more-\(k)", text: item.text)
            item.time = 1_793_000_000 + Int64(k)
            packed.add(item)
            plain.add(item)
            reference.add(item)
            if k % 11 == 0 {
                let victim = items[Int.random(in: 0..<items.count, using: &rng)].id
                _ = packed.delete(id: victim)
                _ = plain.delete(id: victim)
                reference.delete(id: victim)
            }
            if k == more.count / 2 { packed.pack() }
        }
        #expect(PostingBlockTests.contents(packed.postings) == PostingBlockTests.contents(plain.postings))
        #expect(PostingBlockTests.checkBounds(packed.postings, packed.documents, packed.terms) > 30)
        var generator = QueryGenerator(items: items + more, analyzer: TestCorpus.analyzer, seed: 12)
        var nonEmpty = 0
        for _ in 0..<300 {
            let (kind, query) = generator.next()
            let expected = reference.matchingIds(query)
            let actual = QueryExecutor.matchingIds(query, in: packed)
            if !expected.isEmpty { nonEmpty += 1 }
            #expect(actual == expected, "\(kind): \(query.root) — index \(actual.count), reference \(expected.count)")
        }
        #expect(nonEmpty > 150)
        // Compaction packs what it rewrites.
        let compacted = packed.removingDeadDocuments()
        #expect(compacted.postings.memoryParts.links == 0)
        #expect(PostingBlockTests.checkBounds(compacted.postings, compacted.documents, compacted.terms) > 30)
    }

    @Test("format 6 snapshots load packed; format 5 ones, written unpacked, load as they were")
    func snapshots() throws {
        let (index, _) = Self.build(seed: 13)
        let full = PostingBlockTests.full, open = PostingBlockTests.open, layout = PostingBlockTests.layout
        var current = MemoryBytes()
        index.writeSnapshot(to: &current)
        let loaded = try SearchIndex(snapshot: &current, format: SearchIndex.snapshotFormat, analyzer: TestCorpus.analyzer)
        let packed = index.postings.packed()
        #expect(PostingBlockTests.contents(loaded.postings) == PostingBlockTests.contents(index.postings))
        #expect(layout(full(loaded.postings)) == layout(full(packed)) && layout(open(loaded.postings)) == layout(open(packed)))
        #expect(loaded.postings.memoryParts.links == 0)
        #expect(loaded.postings.arenaByteCount == packed.arenaByteCount)
        // Format 5, from the unpacked index and from a packed one (whose lists it lays out
        // afresh, as format 5 has no record of a list's first slice).
        var repacked = index
        repacked.pack()
        for source in [index, repacked] {
            var old = MemoryBytes()
            source.writeSnapshot(to: &old, format: 5)
            let fromOld = try SearchIndex(snapshot: &old, format: 5, analyzer: TestCorpus.analyzer)
            #expect(PostingBlockTests.contents(fromOld.postings) == PostingBlockTests.contents(index.postings))
            #expect(PostingBlockSnapshotTests.covered(full(fromOld.postings)) == PostingBlockSnapshotTests.covered(full(index.postings)))
            #expect(PostingBlockTests.checkBounds(fromOld.postings, fromOld.documents, fromOld.terms) > 15)
        }
    }
}

extension PostingPool {
    /// A packed copy (`pack`), to compare with the pool it came from.
    func packed() -> PostingPool {
        var copy = self
        copy.pack()
        return copy
    }
}
