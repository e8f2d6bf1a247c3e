@testable import HudongIndex
import Testing

/// The term of each id in one word (`TermList`) reads back as the term appended.
@Suite("Term list")
struct TermListTests {
    @Test("characters, tokens and bigrams read back in order, ids up to Int32.max included")
    func readsBack() {
        var rng = TestCorpus.Random(seed: 23)
        var reference: [TermDictionary.Term] = [.unit(.character(0)), .unit(.character(0xFFFF)), .unit(.token("")),
                                                .bigram(0, 0), .bigram(Int32.max, Int32.max), .bigram(Int32.max, 0), .bigram(0, Int32.max),
                                                .unit(.token("😀👍🏽")), .unit(.token(String(repeating: "长", count: 500)))]
        for _ in 0..<5_000 {
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: reference.append(.unit(.character(UInt16.random(in: 0...UInt16.max, using: &rng))))
            case 1: reference.append(.unit(.token("w\(Int.random(in: 0..<100_000, using: &rng))")))
            default: reference.append(.bigram(Int32.random(in: 0...Int32.max, using: &rng), Int32.random(in: 0...Int32.max, using: &rng)))
            }
        }
        var list = TermList()
        for term in reference { list.append(term) }
        #expect(list.count == reference.count)
        let wrong = zip(list, reference).filter { $0 != $1 }.count
        #expect(wrong == 0)
        let bigramsWrong = reference.indices.filter { i in
            let isBigram = if case .bigram = reference[i] { true } else { false }
            return list.isBigram(i) != isBigram
        }.count
        #expect(bigramsWrong == 0)
        // 8 bytes a term and a String (16) a token, up to twice that in capacity.
        let tokens = reference.filter { if case .unit(.token) = $0 { true } else { false } }.count
        #expect(list.memoryBytes <= 2 * (8 * reference.count + 16 * tokens))
    }
}
