import HudongIndex
import HudongTagging
import HudongText

/// Shared fixtures: the repository's corpora and taxonomy, and one analyzer for all tests.
enum Fixtures {
    /// The repository root (two levels above this file's folder).
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// The standard Chinese analyzer (no user dictionary terms).
    static let analyzer: Analyzer = {
        do { return try Analyzer.chinese() } catch { fatalError("ICU is not available: \(error)") }
    }()

    /// Lines of `corpora/reviews_zh.txt`.
    static let reviews: [String] = {
        guard let bytes = try? FileBytes.read(path: path("corpora/reviews_zh.txt")) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }()

    /// `corpora/taxonomy/taxonomy.yaml`.
    static let taxonomy: Taxonomy = {
        do { return try Taxonomy.load(path: path("corpora/taxonomy/taxonomy.yaml")) } catch { fatalError("\(error)") }
    }()

    static let tagger = Tagger(taxonomy: taxonomy, analyzer: analyzer)

    /// The first review line containing every one of `fragments`.
    static func review(containing fragments: String...) -> String? {
        reviews.first { line in fragments.allSatisfy { line.contains($0) } }
    }
}
