import HudongIndex
import HudongTestSupport
import HudongText
import Testing
@testable import HudongStore

/// Binary encodings: items, the whole index (round trip and compaction), robustness on damage.
@Suite struct CodecTests {
    @Test func itemRoundTripsEveryField() throws {
        let items = (0..<200).map { StoreFixtures.item($0) } + [
            Item(id: "", text: ""),
            Item(id: "负", type: .message, channel: "微信", author: "作者", time: -5, text: "#双十一# 😀 小米", city: "北京", relay: true,
                 likes: -1, shares: Int.max, comments: Int.min, tags: ["a", "标签"], category: "口碑", keywordPaths: ["品牌/小米", "x"],
                 from: "f", to: "t", direction: .out, group: "g"),
        ]
        var out = BinaryWriter()
        for item in items { item.encodeBinary(to: &out) }
        var input = BinaryReader(out.bytes)
        for item in items { #expect(try Item(binary: &input) == item) }
        #expect(input.atEnd)
    }

    static func build(_ count: Int, deleting: Int = 0, seed: UInt64 = 1) -> SearchIndex {
        var index = SearchIndex(analyzer: StoreFixtures.analyzer)
        for n in 0..<count { index.add(StoreFixtures.item(n)) }
        var rng = StoreFixtures.Random(seed: seed)
        for _ in 0..<deleting { index.delete(id: "p\(Int.random(in: 0..<count, using: &rng))") }
        for n in stride(from: 0, to: count, by: 9) { index.add(StoreFixtures.item(n + 1, text: "替换 小米手机 新版本 \(n)")) }
        return index
    }

    @Test func indexSnapshotRoundTripSearchesTheSame() throws {
        let index = Self.build(600, deleting: 40)
        var sink = MemoryBytes()
        index.writeSnapshot(to: &sink)
        var source = sink
        let loaded = try SearchIndex(snapshot: &source, format: SearchIndex.snapshotFormat, analyzer: StoreFixtures.analyzer, threads: 2)
        #expect(source.remaining == 0)
        #expect(loaded.documents.items == index.documents.items)
        #expect(loaded.documents.live == index.documents.live)
        #expect(loaded.documents.liveCount == index.documents.liveCount)
        #expect(loaded.terms.count == index.terms.count && loaded.terms.bigramCount == index.terms.bigramCount)
        // The arena loads packed (snapshot format 6): byte for byte what packing gives.
        var packed = index
        packed.pack()
        let arenaIsPacked = loaded.postings.withArenaBytes { Array($0) } == packed.postings.withArenaBytes { Array($0) }
        #expect(arenaIsPacked)
        #expect(loaded.textBytes == index.textBytes)
        #expect(StoreFixtures.fingerprint(loaded) == StoreFixtures.fingerprint(index))
        // The loaded index keeps working: later ingest gives what the original gives.
        var a = index, b = loaded
        for n in 600..<650 { a.add(StoreFixtures.item(n)); b.add(StoreFixtures.item(n)) }
        #expect(StoreFixtures.fingerprint(a) == StoreFixtures.fingerprint(b))
    }

    /// A format 8 snapshot (items one after another, coded at load) and a format 9 one (the
    /// item store as kept, coded as written) load to the same index.
    @Test func itemsOfFormat8AndFormat9LoadAlike() throws {
        let index = Self.build(400, deleting: 30)
        var sink8 = MemoryBytes(), sink9 = MemoryBytes()
        index.writeSnapshot(to: &sink8, format: 8)
        index.writeSnapshot(to: &sink9, format: 9, threads: 2)
        let old = try SearchIndex(snapshot: &sink8, format: 8, analyzer: StoreFixtures.analyzer)
        let new = try SearchIndex(snapshot: &sink9, format: 9, analyzer: StoreFixtures.analyzer)
        #expect(sink8.remaining == 0 && sink9.remaining == 0)
        #expect(new.documents.items == old.documents.items && new.documents.items == index.documents.items)
        #expect(new.documents.items.times == index.documents.items.times)
        #expect(StoreFixtures.fingerprint(new) == StoreFixtures.fingerprint(old))
        #expect(StoreFixtures.liveIds(new) == StoreFixtures.liveIds(index))
        #expect(new.memoryUse().text <= old.memoryUse().text)
    }

    @Test func emptyIndexRoundTrips() throws {
        var sink = MemoryBytes()
        SearchIndex(analyzer: StoreFixtures.analyzer).writeSnapshot(to: &sink)
        let loaded = try SearchIndex(snapshot: &sink, format: SearchIndex.snapshotFormat, analyzer: StoreFixtures.analyzer)
        #expect(loaded.documents.count == 0)
    }

    @Test func compactionKeepsLiveResults() {
        let index = Self.build(500, deleting: 120)
        let compacted = index.removingDeadDocuments()
        #expect(compacted.documents.count == index.documents.liveCount)
        #expect(compacted.documents.liveCount == index.documents.liveCount)
        #expect(StoreFixtures.liveIds(compacted) == StoreFixtures.liveIds(index))
        for q in StoreFixtures.queries {
            let query = StoreFixtures.parsed(q)
            #expect(QueryExecutor.matchingIds(query, in: compacted) == QueryExecutor.matchingIds(query, in: index), "\(q)")
        }
        // Highlights (word boundaries moved with their documents) stay right.
        let q = StoreFixtures.parsed("酒店")
        let before = QueryExecutor.search(q, in: index, options: SearchOptions(limit: 50, highlight: true)).hits
        let after = QueryExecutor.search(q, in: compacted, options: SearchOptions(limit: 50, highlight: true)).hits
        #expect(Dictionary(uniqueKeysWithValues: before.map { ($0.item.id, $0.highlights) }) == Dictionary(uniqueKeysWithValues: after.map { ($0.item.id, $0.highlights) }))
        var grown = compacted
        grown.add(StoreFixtures.item(9999, text: "酒店 服务 很好"))
        #expect(QueryExecutor.matchingIds(StoreFixtures.parsed("id:p9999"), in: grown) == ["p9999"])
    }

    /// Flipped or cut bytes give an error or a (checksum-caught) wrong index, never a crash.
    @Test func damagedIndexBytesNeverTrap() {
        let index = Self.build(120, deleting: 10)
        var sink = MemoryBytes(), sink1 = MemoryBytes(), sink3 = MemoryBytes(), sink4 = MemoryBytes(), sink5 = MemoryBytes()
        var sink8 = MemoryBytes()
        index.writeSnapshot(to: &sink)
        index.writeSnapshot(to: &sink8, format: 8)
        index.writeSnapshot(to: &sink5, format: 5)
        index.writeSnapshot(to: &sink1, format: 1)
        index.writeSnapshot(to: &sink3, format: 3)
        index.writeSnapshot(to: &sink4, format: 4)
        var rng = StoreFixtures.Random(seed: 99)
        var failures = 0
        // Older formats (1, 3 and 4) read every posting list at load to re-encode it.
        for (format, original) in [(SearchIndex.snapshotFormat, sink), (UInt32(1), sink1), (UInt32(3), sink3), (UInt32(4), sink4), (UInt32(5), sink5), (UInt32(8), sink8)] {
            failures = 0
            for round in 0..<300 {
                var damaged = original
                if round % 3 == 0 {
                    damaged.bytes.removeLast(Int.random(in: 1..<damaged.bytes.count, using: &rng))
                } else {
                    for _ in 0..<(1 + round % 4) {
                        let at = Int.random(in: 0..<damaged.bytes.count, using: &rng)
                        damaged.bytes[at] ^= UInt8.random(in: 1...255, using: &rng)
                    }
                }
                if (try? SearchIndex(snapshot: &damaged, format: format, analyzer: StoreFixtures.analyzer)) == nil { failures += 1 }
            }
            #expect(failures > 100, "format \(format)")
        }
    }
}
