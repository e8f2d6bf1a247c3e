import Foundation
import HudongIndex
import HudongText

/// JSON helpers shared by the CLI and the REPL.
public enum JSONText {
    /// One compact JSON line with stable key order.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Terminal facts.
public enum Terminal {
    /// Whether the file descriptor is a terminal.
    public static func isInteractive(fd: Int32) -> Bool { isatty(fd) != 0 }
}

/// Renders search results for people: one block per hit with the matches marked.
public struct SearchPrinter: Sendable {
    public var color: Bool
    public var timing: Bool

    public init(color: Bool, timing: Bool = true) {
        self.color = color
        self.timing = timing
    }

    /// The results as text.
    public func render(_ results: SearchResults, elapsed: Duration) -> String {
        var out = ""
        print(results, elapsed: elapsed, to: &out)
        return out
    }

    func print(_ results: SearchResults, elapsed: Duration, to out: inout String) {
        for warning in results.warnings { out.append("warning: \(warning)\n") }
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let took = timing ? ", \(String(format: "%.2f", ms)) ms" : ""
        out.append("\(results.totalHits) hit\(results.totalHits == 1 ? "" : "s") (sorted by \(results.sort.rawValue)\(took))\n")
        for (rank, hit) in results.hits.enumerated() {
            let item = hit.item
            var meta = [item.type.rawValue]
            if let c = item.channel { meta.append(c) }
            if let a = item.author { meta.append("@" + a) }
            if let t = item.time { meta.append(TimeFormat.iso(t)) }
            if let city = item.city { meta.append(city) }
            if !item.tags.isEmpty { meta.append("#" + item.tags.joined(separator: " #")) }
            let key: String
            switch results.sort {
            case .relevance: key = "  score \(String(format: "%.3f", hit.score))"
            case .influence: key = "  influence \(String(format: "%.2f", hit.score))"
            case .time: key = ""
            }
            out.append("\n\(rank + 1). \(item.id)\(key)  \(meta.joined(separator: " · "))\n")
            out.append("   \(Snippet.make(item.text, highlights: hit.highlights, color: color))\n")
            if let e = hit.explanation {
                for t in e.terms {
                    out.append("   bm25 \(t.term): \(String(format: "%.3f", t.score)) (\(t.occurrences)× in text, \(t.wholeWordOccurrences) as whole word, in \(t.documentFrequency) items)\n")
                }
                out.append("   recency \(String(format: "%.3f", e.recency)) + engagement \(String(format: "%.3f", e.engagement)) = \(String(format: "%.3f", e.total))\n")
            }
        }
        if !results.facets.isEmpty {
            out.append("\nfacets:\n")
            for field in [QueryField.category, .tag, .keyword, .channel, .city] {
                guard let counts = results.facets[field], !counts.isEmpty else { continue }
                out.append("  \(field.rawValue): " + counts.map { "\($0.value) \($0.count)" }.joined(separator: ", ") + "\n")
            }
        }
    }
}

/// A one-line excerpt of a text around its first match, with matches marked.
public enum Snippet {
    /// The excerpt: about `width` characters around the first highlight, matches in 【】 or red.
    public static func make(_ text: String, highlights: [Range<Int>], color: Bool, width: Int = 90) -> String {
        let scalars = Array(text.unicodeScalars)
        let first = highlights.first?.lowerBound ?? 0
        let start = max(0, min(first - 20, scalars.count - width))
        let end = min(scalars.count, start + width)
        var out = start > 0 ? "…" : ""
        var i = start
        let (open, close) = color ? ("\u{1B}[1;31m", "\u{1B}[0m") : ("【", "】")
        for h in highlights where h.upperBound > start && h.lowerBound < end {
            let lo = max(h.lowerBound, start), hi = min(h.upperBound, end)
            if lo > i { out += String(String.UnicodeScalarView(scalars[i..<lo])) }
            out += open + String(String.UnicodeScalarView(scalars[lo..<hi])) + close
            i = hi
        }
        if i < end { out += String(String.UnicodeScalarView(scalars[i..<end])) }
        if end < scalars.count { out += "…" }
        return out.replacingOccurrences(of: "\n", with: " ")
    }
}

/// ISO-8601 rendering of Unix seconds in China time (+08:00).
public enum TimeFormat {
    /// `2026-11-01T10:00:00+08:00`.
    public static func iso(_ seconds: Int64, offset: Int = 8 * 3600) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(secondsFromGMT: offset)
        return f.string(from: date)
    }
}

/// The JSON form of search results.
public struct SearchResultsJSON: Encodable {
    struct Hit: Encodable {
        let id: String
        let score: Double
        let text: String
        let highlights: [[Int]]
        let type: String
        let channel: String?
        let author: String?
        let time: String?
        let city: String?
        let tags: [String]
        let category: String?
        let explanation: ExplanationJSON?
    }
    struct ExplanationJSON: Encodable {
        let terms: [TermJSON]
        let recency: Double
        let engagement: Double
        let total: Double
    }
    struct TermJSON: Encodable {
        let term: String
        let score: Double
        let occurrences: Int
        let wholeWordOccurrences: Int
        let documentFrequency: Int
    }
    struct Facet: Encodable {
        let value: String
        let count: Int
    }

    let query: String
    let total: Int
    let sort: String
    let hits: [Hit]
    let facets: [String: [Facet]]?
    let warnings: [String]

    public init(_ results: SearchResults, query: String) {
        self.query = query
        total = results.totalHits
        sort = results.sort.rawValue
        warnings = results.warnings
        hits = results.hits.map { hit in
            let item = hit.item
            return Hit(id: item.id, score: hit.score, text: item.text,
                       highlights: hit.highlights.map { [$0.lowerBound, $0.upperBound] },
                       type: item.type.rawValue, channel: item.channel, author: item.author,
                       time: item.time.map { TimeFormat.iso($0) }, city: item.city, tags: item.tags,
                       category: item.category,
                       explanation: hit.explanation.map { e in
                           ExplanationJSON(terms: e.terms.map { TermJSON(term: $0.term, score: $0.score, occurrences: $0.occurrences, wholeWordOccurrences: $0.wholeWordOccurrences, documentFrequency: $0.documentFrequency) },
                                           recency: e.recency, engagement: e.engagement, total: e.total)
                       })
        }
        facets = results.facets.isEmpty ? nil : Dictionary(uniqueKeysWithValues: results.facets.map { field, counts in
            (field.rawValue, counts.map { Facet(value: $0.value, count: $0.count) })
        })
    }
}
