import Foundation
import HudongIndex
import HudongText

/// Terminal facts.
enum Terminal {
    static func isInteractive(fd: Int32) -> Bool { isatty(fd) != 0 }
}

/// Prints search results for people: one block per hit with the matches marked.
struct SearchPrinter {
    var color: Bool

    func print(_ results: SearchResults, elapsed: Duration, to out: inout StandardOutput) {
        for warning in results.warnings { out.write("warning: \(warning)\n") }
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        out.write("\(results.totalHits) hit\(results.totalHits == 1 ? "" : "s") (sorted by \(results.sort.rawValue), \(String(format: "%.2f", ms)) ms)\n")
        for (rank, hit) in results.hits.enumerated() {
            let item = hit.item
            var meta = [item.type.rawValue]
            if let c = item.channel { meta.append(c) }
            if let a = item.author { meta.append("@" + a) }
            if let t = item.time { meta.append(TimeFormat.iso(t)) }
            if let city = item.city { meta.append(city) }
            if !item.tags.isEmpty { meta.append("#" + item.tags.joined(separator: " #")) }
            out.write("\n\(rank + 1). \(item.id)  score \(String(format: "%.3f", hit.score))  \(meta.joined(separator: " · "))\n")
            out.write("   \(Snippet.make(item.text, highlights: hit.highlights, color: color))\n")
            if let e = hit.explanation {
                for t in e.terms {
                    out.write("   bm25 \(t.term): \(String(format: "%.3f", t.score)) (\(t.occurrences)× in text, \(t.wholeWordOccurrences) as whole word, in \(t.documentFrequency) items)\n")
                }
                out.write("   recency \(String(format: "%.3f", e.recency)) + engagement \(String(format: "%.3f", e.engagement)) = \(String(format: "%.3f", e.total))\n")
            }
        }
        if !results.facets.isEmpty {
            out.write("\nfacets:\n")
            for field in [QueryField.category, .tag, .keyword, .channel, .city] {
                guard let counts = results.facets[field], !counts.isEmpty else { continue }
                out.write("  \(field.rawValue): " + counts.map { "\($0.value) \($0.count)" }.joined(separator: ", ") + "\n")
            }
        }
    }
}

/// A one-line excerpt of a text around its first match, with matches marked.
enum Snippet {
    static func make(_ text: String, highlights: [Range<Int>], color: Bool, width: Int = 90) -> String {
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
enum TimeFormat {
    static func iso(_ seconds: Int64, offset: Int = 8 * 3600) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(secondsFromGMT: offset)
        return f.string(from: date)
    }
}

/// The JSON form of search results.
struct SearchResultsJSON: Encodable {
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

    init(_ results: SearchResults, query: String) {
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
