import HudongIndex
import HudongText
import Testing

/// Queries fold like text: Simplified finds Traditional posts and the other way round.
///
/// `manpages_zh_CN.txt` and `manpages_zh_TW.txt` are line-aligned (line N is the same paragraph),
/// so a run of Han characters from a Simplified line, searched in an index of the Traditional
/// lines, must find the aligned Traditional line — and the reverse.
@Suite("Simplified and Traditional queries")
struct ScriptFoldingSearchTests {
    static let simplified = TestCorpus.lines("manpages_zh_CN.txt")
    static let traditional = TestCorpus.lines("manpages_zh_TW.txt")

    /// A seeded sample of aligned line numbers whose two versions fold to the same characters.
    static func alignedSample(count: Int) -> [Int] {
        var rng = TestCorpus.Random(seed: 11)
        var picked: [Int] = []
        let n = min(simplified.count, traditional.count)
        while picked.count < count, n > 0 {
            let i = Int.random(in: 0..<n, using: &rng)
            let a = TestCorpus.analyzer.fold(simplified[i]), b = TestCorpus.analyzer.fold(traditional[i])
            if a == b, simplified[i] != traditional[i], a.unicodeScalars.filter({ $0.value >= 0x4E00 && $0.value <= 0x9FFF }).count >= 6 {
                picked.append(i)
            }
        }
        return picked
    }

    /// Four consecutive Han characters of `text` that differ between the two scripts, if any.
    static func distinctiveRun(_ text: String, other: String) -> String? {
        let a = Array(text.unicodeScalars), b = Array(other.unicodeScalars)
        guard a.count == b.count, a.count >= 4 else { return nil }
        for start in 0...(a.count - 4) {
            let run = a[start..<(start + 4)]
            guard run.allSatisfy({ $0.value >= 0x4E00 && $0.value <= 0x9FFF }) else { continue }
            if run != b[start..<(start + 4)] { return String(String.UnicodeScalarView(run)) }
        }
        return nil
    }

    func check(indexed: [String], queriedFrom: [String], prefix: String) throws {
        let lines = Self.alignedSample(count: 60)
        #expect(lines.count == 60, "the corpora must be in corpora/")
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for i in lines { index.add(Item(id: "\(prefix)\(i)", text: indexed[i])) }
        var checked = 0
        for i in lines {
            guard let query = Self.distinctiveRun(queriedFrom[i], other: indexed[i]) else { continue }
            #expect(!indexed[i].contains(query), "the query `\(query)` must be in the other script")
            let ids = QueryExecutor.matchingIds(ParsedQuery(root: .term(query)), in: index)
            #expect(ids.contains("\(prefix)\(i)"), "`\(query)` did not find line \(i): \(indexed[i].prefix(40))")
            checked += 1
        }
        #expect(checked >= 30, "only \(checked) lines had a run of characters that differs between scripts")
    }

    @Test("A Simplified query finds the Traditional man pages")
    func simplifiedFindsTraditional() throws {
        try check(indexed: Self.traditional, queriedFrom: Self.simplified, prefix: "tw")
    }

    @Test("A Traditional query finds the Simplified man pages")
    func traditionalFindsSimplified() throws {
        try check(indexed: Self.simplified, queriedFrom: Self.traditional, prefix: "cn")
    }
}
