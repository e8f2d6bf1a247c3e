import HudongText

/// Exact-value indexes for the filterable fields: value → ascending internal ids.
///
/// Values are folded like text (case, width, Traditional → Simplified), so `city:北京`,
/// `city:北京` and `channel:WeChat` find what was ingested as `北京`, `北京`, `wechat`.
/// Keyword paths are indexed under every prefix, so `kw:品牌` finds `品牌/小米/小米手机`.
public struct FieldIndex: Sendable {
    var postings: [QueryField: [String: FieldDocuments]] = [:]
    /// Folded form of each raw value seen (channels, cities… repeat: fold each once).
    var folded: [String: String] = [:]

    public init() {}

    /// The folded form of a field value, folding each distinct value once.
    mutating func fold(_ value: String, with analyzer: Analyzer) -> String {
        if let f = folded[value] { return f }
        let f = analyzer.fold(value)
        if folded.count < 1_000_000 { folded[value] = f }
        return f
    }

    /// Prefixes of each folded keyword path seen (items repeat the same paths).
    var prefixes: [String: [String]] = [:]

    /// Records that document `id` has `value` in `field` (already folded).
    mutating func add(_ field: QueryField, _ value: String, document id: Int32) {
        guard !value.isEmpty else { return }
        // One lookup per level, in place.
        postings[field, default: [:]][value, default: FieldDocuments()].append(id)
    }

    /// The prefixes of a folded keyword path (`pathPrefixes`), each path split once.
    mutating func prefixes(ofFoldedPath path: String) -> [String] {
        if let known = prefixes[path] { return known }
        let split = Self.pathPrefixes(path)
        if prefixes.count < 100_000 { prefixes[path] = split }
        return split
    }

    /// The documents with `value` (folded) in `field`, ascending; dead ones included.
    public func documents(_ field: QueryField, _ value: String) -> [Int32] {
        postings[field]?[value]?.documents ?? []
    }

    /// The same as a set (a list or a bitmap), without building an array.
    func documentSet(_ field: QueryField, _ value: String) -> FieldDocuments {
        postings[field]?[value] ?? FieldDocuments()
    }

    /// Every value of `field` with its document count (dead ones included).
    public func values(of field: QueryField) -> [String: Int] {
        (postings[field] ?? [:]).mapValues(\.count)
    }

    /// Splits a keyword path into its prefixes: `a/b/c` → `a`, `a/b`, `a/b/c`.
    static func pathPrefixes(_ path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map { $0.trimmingCharacters() }
        var out: [String] = []
        var current = ""
        for part in parts where !part.isEmpty {
            current = current.isEmpty ? part : current + "/" + part
            out.append(current)
        }
        return out
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var s = self
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
