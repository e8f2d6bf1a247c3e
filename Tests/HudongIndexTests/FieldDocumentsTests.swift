@testable import HudongIndex
import HudongTestSupport
import Testing

/// A field value's documents (`FieldDocuments`) against a plain array, through the changes of
/// density that turn a list into a bitmap and back.
@Suite("Field value documents")
struct FieldDocumentsTests {
    @Test("membership, order, count and the candidates kept equal a plain array's, as the set turns bitmap and back")
    func equalsAnArray() {
        var rng = TestCorpus.Random(seed: 58)
        var set = FieldDocuments(), reference: [Int32] = []
        var doc: Int32 = -1
        var sawBitmap = false, sawListAfterBitmap = false
        // (documents passed, one in `every` taken): dense, sparse, dense again, very sparse, half.
        for (phase, (span, every)) in [(40_000, 1), (30_000, 300), (20_000, 3), (4_000_000, 40_000), (10_000, 2)].enumerated() {
            for _ in 0..<span {
                doc += 1
                guard Int.random(in: 0..<every, using: &rng) == 0 else { continue }
                set.append(doc)
                reference.append(doc)
                if Int.random(in: 0..<50, using: &rng) == 0 { set.append(doc - Int32.random(in: 0...3, using: &rng)) }  // ignored
            }
            if set.isBitmap { sawBitmap = true } else if sawBitmap { sawListAfterBitmap = true }
            let same = set.documents == reference
            #expect(same, "phase \(phase)")
            #expect(set.count == reference.count && set.last == reference.last ?? -1, "phase \(phase)")
            let members = Set(reference)
            var wrong = 0
            for _ in 0..<3_000 {
                let probe = Int32.random(in: -3...(doc + 3), using: &rng)
                if set.contains(probe) != members.contains(probe) { wrong += 1 }
            }
            #expect(wrong == 0, "phase \(phase)")
            var candidates = Set<Int32>()
            while candidates.count < 500 { candidates.insert(Int32.random(in: 0...doc, using: &rng)) }
            let sorted = candidates.sorted()
            let kept = set.keep(sorted), expected = sorted.filter(members.contains)
            #expect(kept == expected, "phase \(phase)")
            // Never far past the smaller form: 4 bytes a document, or a bit a document up to the last.
            let smaller = min(set.count * 4, (Int(set.last) / 64 + 1) * 8)
            #expect(set.memoryBytes <= 4 * smaller + 4 * 4 * FieldDocuments.smallestBitmapCount, "phase \(phase): \(set.memoryBytes) bytes for \(set.count)")
        }
        #expect(sawBitmap && sawListAfterBitmap)
        #expect(FieldDocuments(reference) == set)
    }

    @Test("a field on every item takes a bitmap in the index, and a snapshot keeps its documents")
    func denseFieldsInTheIndex() throws {
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        let channels = ["weibo", "wechat", "douyin"]
        for i in 0..<3_000 {
            index.add(Item(id: "f\(i)", channel: channels[i % 3], text: "第\(i)条 小米手机", city: i % 500 == 0 ? "北京" : nil))
        }
        let weibo = index.fields.documentSet(.channel, "weibo"), beijing = index.fields.documentSet(.city, "北京")
        #expect(weibo.isBitmap && weibo.count == 1_000 && !beijing.isBitmap && beijing.count == 6)
        #expect(weibo.documents == Array(stride(from: Int32(0), to: 3_000, by: 3)))
        var bytes = MemoryBytes()
        index.writeSnapshot(to: &bytes)
        let loaded = try SearchIndex(snapshot: &bytes, format: SearchIndex.snapshotFormat, analyzer: TestCorpus.analyzer)
        for field in [QueryField.channel, .city, .type] {
            #expect(loaded.fields.values(of: field) == index.fields.values(of: field), "\(field)")
            for value in index.fields.values(of: field).keys {
                #expect(loaded.fields.documentSet(field, value) == index.fields.documentSet(field, value), "\(field):\(value)")
            }
        }
    }
}
