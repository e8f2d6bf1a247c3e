import HudongText
import Testing

/// Properties that must hold on every line of real text: offsets slice the original back to a
/// surface that folds to the token's term; tokens are ordered, disjoint and never punctuation.
@Suite("Corpus properties")
struct CorpusPropertyTests {
    /// Checks every token of every line; `fold` results are cached per surface (the corpus repeats them).
    static func check(_ lines: [String], with analyzer: Analyzer, name: String) -> (tokens: Int, failures: [String]) {
        var folded: [String: String] = [:]
        var failures: [String] = []
        var tokens = 0
        for (index, line) in lines.enumerated() {
            let analyzed = analyzer.analyze(line)
            tokens += analyzed.tokens.count
            let problems = offsetViolations(analyzed) { surface in
                if let cached = folded[surface] { return cached }
                let result = analyzer.fold(surface)
                folded[surface] = result
                return result
            }
            if !problems.isEmpty { failures.append("\(name) line \(index + 1): " + problems.joined(separator: "; ")) }
            if failures.count >= 10 { break }
        }
        return (tokens, failures)
    }

    @Test("Whole reviews corpus: every token's offsets slice back to a surface folding to its term")
    func wholeReviewsCorpus() throws {
        let lines = try Fixtures.lines("reviews_zh.txt")
        #expect(lines.count == 35_064)
        let (tokens, failures) = Self.check(lines, with: try Fixtures.analyzerWithStarterDictionary(), name: "reviews_zh.txt")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(tokens > 1_000_000)
    }

    @Test("Traditional text (seeded sample of manpages_zh_TW): offsets slice the Traditional original")
    func traditionalManpages() throws {
        let lines = try Fixtures.lines("manpages_zh_TW.txt")
        let sample = seededSample(of: lines.count, count: 3_000, seed: 20_240_611).map { lines[$0] }
        let (tokens, failures) = Self.check(sample, with: try Fixtures.analyzer(), name: "manpages_zh_TW.txt sample")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(tokens > 50_000)
    }

    @Test("No token is only punctuation, symbols or spaces")
    func noPunctuationTokens() throws {
        let analyzer = try Fixtures.analyzer()
        let lines = try Fixtures.lines("reviews_zh.txt")
        for index in seededSample(of: lines.count, count: 3_000, seed: 7) {
            for token in analyzer.analyze(lines[index]).tokens where token.kind != .emoji {
                let hasWordCharacter = token.term.unicodeScalars.contains {
                    $0.properties.isAlphabetic || $0.properties.numericType != nil
                }
                #expect(hasWordCharacter, "line \(index + 1): token `\(token.term)`")
            }
        }
    }
}
