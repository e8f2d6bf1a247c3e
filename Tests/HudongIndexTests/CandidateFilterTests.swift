@testable import HudongIndex
import Testing

/// A field filter beside a term keeps the term's candidates that are in the field's document
/// list; the galloping search that finds them must agree with a plain membership test, for
/// lists of any size against each other.
@Suite("Field filters on candidates")
struct CandidateFilterTests {
    /// `count` distinct documents below `range`, ascending.
    static func sortedDocuments(_ count: Int, below range: Int32, _ rng: inout TestCorpus.Random) -> [Int32] {
        var chosen = Set<Int32>()
        while chosen.count < count { chosen.insert(Int32.random(in: 0..<range, using: &rng)) }
        return chosen.sorted()
    }

    @Test("keeping candidates in a document list equals a membership test, short lists against long ones and back")
    func keepEqualsMembership() {
        var rng = TestCorpus.Random(seed: 41)
        // (candidates, list): alike, list far longer, list far shorter, one empty, all documents.
        let sizes = [(300, 300), (20, 5_000), (5_000, 20), (0, 100), (100, 0), (1, 1), (2_000, 4_000)]
        for (round, (c, d)) in (sizes + sizes + sizes).enumerated() {
            let range: Int32 = round % 3 == 2 ? 4_000 : 20_000
            let candidates = Self.sortedDocuments(min(c, Int(range)), below: range, &rng)
            let docs = Self.sortedDocuments(min(d, Int(range)), below: range, &rng)
            let expected = candidates.filter(Set(docs).contains)
            let kept = CandidateTest.documents(FieldDocuments(docs)).keep(candidates, times: ItemTimes())
            #expect(kept == expected, "round \(round): \(c) candidates against \(d) documents")
        }
    }

    @Test("the first index not below a document, from any start, equals a linear scan")
    func firstIndexEqualsLinearScan() {
        var rng = TestCorpus.Random(seed: 42)
        for round in 0..<300 {
            let sorted = Self.sortedDocuments(Int.random(in: 0..<200, using: &rng), below: 1_000, &rng)
            let doc = Int32.random(in: -5..<1_010, using: &rng)
            // A start at or before the answer, as the filter calls it.
            let answer = sorted.firstIndex { $0 >= doc } ?? sorted.count
            let start = Int.random(in: 0...answer, using: &rng)
            let found = FieldDocuments.firstIndex(notBelow: doc, in: sorted, from: start)
            if found != answer { Issue.record("round \(round): \(found) for \(answer), from \(start) in \(sorted.count)") }
        }
    }
}
