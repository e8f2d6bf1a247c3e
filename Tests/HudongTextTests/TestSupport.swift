#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HudongText
import Testing

/// Shared helpers for the HudongText tests: corpus files, analyzers and compact token pins.
enum Fixtures {
    /// The repository root, found by walking up from this file to the directory holding `corpora/`.
    static let root: String = {
        var path = String(#filePath)
        while let slash = path.lastIndex(of: "/") {
            path = String(path[..<slash])
            if access(path + "/corpora/reviews_zh.txt", F_OK) == 0 { return path }
        }
        return "."
    }()

    /// A file under `corpora/`.
    static func corpus(_ name: String) -> String { root + "/corpora/" + name }

    /// The lines of a corpus file (no trailing empty line).
    static func lines(_ name: String) throws -> [String] {
        let bytes = try FileBytes.read(path: corpus(name))
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The standard Chinese analyzer with the given dictionary terms (none by default).
    static func analyzer(_ terms: [String] = []) throws -> Analyzer {
        try Analyzer.chinese(userDictionary: UserDictionary(terms.map { UserDictionary.Entry(term: $0) }))
    }

    /// The standard analyzer with `corpora/userdict.txt`.
    static func analyzerWithStarterDictionary() throws -> Analyzer {
        try Analyzer.chinese(userDictionary: UserDictionary.load(path: corpus("userdict.txt")))
    }
}

/// `term|kind|characters|bytes` for each token: compact, readable pins that diff well.
func pins(_ analyzed: AnalyzedText) -> [String] {
    analyzed.tokens.map {
        "\($0.term)|\($0.kind.rawValue)|\($0.characterRange.lowerBound)..<\($0.characterRange.upperBound)|\($0.utf8Range.lowerBound)..<\($0.utf8Range.upperBound)"
    }
}

/// The terms of the tokens.
func terms(_ analyzed: AnalyzedText) -> [String] { analyzed.tokens.map(\.term) }

/// A small deterministic generator (SplitMix64) for seeded samples.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` distinct line numbers (0-based, sorted) drawn with a fixed seed.
func seededSample(of total: Int, count: Int, seed: UInt64) -> [Int] {
    var generator = SeededGenerator(seed: seed)
    var picked = Set<Int>()
    while picked.count < min(count, total) { picked.insert(Int.random(in: 0..<total, using: &generator)) }
    return picked.sorted()
}

/// Checks that every token's offsets slice `analyzed.original` back to a surface that folds to the
/// token's term, that tokens are in order and do not overlap, and that each has a letter, digit,
/// ideograph, or is an entity. Returns a description of the first few failures.
func offsetViolations(_ analyzed: AnalyzedText, fold: (String) -> String) -> [String] {
    var problems: [String] = []
    let scalars = Array(analyzed.original.unicodeScalars)
    let bytes = Array(analyzed.original.utf8)
    var previousEnd = 0
    for (index, token) in analyzed.tokens.enumerated() {
        let c = token.characterRange, b = token.utf8Range
        guard c.lowerBound >= previousEnd, c.upperBound <= scalars.count, !c.isEmpty,
              b.lowerBound >= 0, b.upperBound <= bytes.count, !b.isEmpty else {
            problems.append("token \(index) `\(token.term)` has bad ranges \(c) \(b)")
            continue
        }
        previousEnd = c.upperBound
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[c])
        let byCharacters = String(view)
        let byBytes = String(decoding: bytes[b], as: UTF8.self)
        if byCharacters != byBytes {
            problems.append("token \(index): character slice `\(byCharacters)` ≠ byte slice `\(byBytes)`")
        }
        if fold(byCharacters) != token.term {
            problems.append("token \(index): fold(`\(byCharacters)`) = `\(fold(byCharacters))` ≠ term `\(token.term)`")
        }
        if token.position != index { problems.append("token \(index) has position \(token.position)") }
        if problems.count >= 5 { break }
    }
    return problems
}
