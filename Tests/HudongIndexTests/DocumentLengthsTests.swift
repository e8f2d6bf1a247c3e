@testable import HudongIndex
import Testing

/// Document lengths in 2 bytes each (`DocumentLengths`) read back as the lengths they were,
/// huge posts included.
@Suite("Document lengths")
struct DocumentLengthsTests {
    @Test("lengths read back exactly, at and past 65,535 units included")
    func readsBackExactly() {
        var rng = TestCorpus.Random(seed: 29)
        var reference: [Int32] = [0, 1, 65_534, 65_535, 65_536, Int32.max]
        for _ in 0..<3_000 {
            reference.append(Int.random(in: 0..<20, using: &rng) == 0 ? Int32.random(in: 65_000...3_000_000, using: &rng) : Int32.random(in: 0...400, using: &rng))
        }
        let lengths = DocumentLengths(reference)
        #expect(lengths.count == reference.count)
        let wrong = zip(lengths, reference).filter { $0 != $1 }.count
        #expect(wrong == 0)
        #expect(lengths == DocumentLengths(reference) && lengths != DocumentLengths(reference.dropFirst()))
        // A huge post ingested whole keeps its length (the BM25 of its terms depends on it).
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        let huge = String(repeating: "小米手机很好用", count: 12_000)
        index.add(Item(id: "huge", text: huge))
        index.add(Item(id: "short", text: "小米手机"))
        #expect(index.documents.lengths[0] == 84_000 && index.documents.lengths[1] == 4)
    }
}
