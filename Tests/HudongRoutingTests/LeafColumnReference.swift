import HudongIndex
import HudongRouting

/// Brute force by columns: which of many posts match each of many subscriptions, for the full
/// 10,000 × 10,000 comparison in a debug build.
///
/// Each distinct leaf of the compiled queries (a text, NEAR, field or time leaf) is evaluated with
/// `ItemMatcher.matches` on every post that could hold it — the posts that contain all of the
/// leaf's units (`UnitMatching` compares every unit of the phrase with one of the document), or
/// that have the field value — and gives a bit set over the posts; each subscription's tree is then
/// AND/OR/NOT of those bit sets. No keys are chosen, nothing is interned, no programs run: it
/// shares no code with the index beyond `ItemMatcher`.
struct LeafColumnReference {
    let posts: [PreparedItem]
    let matcher: ItemMatcher
    private let words: Int
    private var postsWithUnit: [UnitKey: [Int]] = [:]
    private var postsWithValue: [String: [Int]] = [:]
    private var leafCache: [String: [UInt64]] = [:]
    /// ItemMatcher calls made.
    private(set) var leafEvaluations = 0

    init(posts: [PreparedItem], matcher: ItemMatcher) {
        self.posts = posts
        self.matcher = matcher
        words = (posts.count + 63) / 64
        for (p, post) in posts.enumerated() {
            for key in Set(post.units.keys) { postsWithUnit[key, default: []].append(p) }
            for field in QueryField.allCases {
                for value in Set(matcher.fieldValues(field, post)) { postsWithValue["\(field.rawValue)=\(value)", default: []].append(p) }
            }
        }
    }

    /// The posts each query matches, as bit sets over `posts`.
    mutating func matches(_ query: CompiledQuery) -> [UInt64] {
        switch query {
        case let .and(children):
            var acc = [UInt64](repeating: .max, count: words)
            for child in children { Self.combine(&acc, matches(child)) { $0 & $1 } }
            return masked(acc)
        case let .or(children):
            var acc = [UInt64](repeating: 0, count: words)
            for child in children { Self.combine(&acc, matches(child)) { $0 | $1 } }
            return acc
        case let .not(inner):
            var acc = [UInt64](repeating: .max, count: words)
            Self.combine(&acc, matches(inner)) { $0 & ~$1 }
            return masked(acc)
        case .all:
            return masked([UInt64](repeating: .max, count: words))
        case .nothing:
            return [UInt64](repeating: 0, count: words)
        case let .text(units, label):
            // Compilation is deterministic: the same label always gives the same units.
            if let done = leafCache["t" + label] { return done }
            return leaf(query, key: "t" + label, candidates: postsWithAll(units.keys))
        case let .near(a, b, distance, ordered):
            let key = "n\(distance)\(ordered)" + Self.describe(a) + "|" + Self.describe(b)
            return leaf(query, key: key, candidates: postsWithAll(a.keys + b.keys))
        case let .field(field, value):
            return leaf(query, key: "f\(field.rawValue)=\(value)", candidates: postsWithValue["\(field.rawValue)=\(value)"] ?? [])
        case let .timeRange(lower, upper):
            return leaf(query, key: "r\(String(describing: lower))..\(String(describing: upper))", candidates: Array(posts.indices))
        }
    }

    private static func combine(_ acc: inout [UInt64], _ other: [UInt64], _ op: (UInt64, UInt64) -> UInt64) {
        acc.withUnsafeMutableBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                for i in 0..<a.count { a[i] = op(a[i], b[i]) }
            }
        }
    }

    /// Posts holding every one of `keys` (a text can only occur where all its units do).
    private func postsWithAll(_ keys: [UnitKey]) -> [Int] {
        guard !keys.isEmpty else { return [] }
        let lists = Set(keys).map { postsWithUnit[$0] ?? [] }.sorted { $0.count < $1.count }
        var result = lists[0]
        for list in lists.dropFirst() where !result.isEmpty {
            let other = Set(list)
            result = result.filter { other.contains($0) }
        }
        return result
    }

    private mutating func leaf(_ query: CompiledQuery, key: String, candidates: [Int]) -> [UInt64] {
        if let done = leafCache[key] { return done }
        var bits = [UInt64](repeating: 0, count: words)
        for p in candidates {
            leafEvaluations += 1
            if matcher.matches(query, posts[p]) { bits[p >> 6] |= 1 << UInt64(p & 63) }
        }
        leafCache[key] = bits
        return bits
    }

    private func masked(_ bits: [UInt64]) -> [UInt64] {
        var out = bits
        let extra = words * 64 - posts.count
        if extra > 0, !out.isEmpty { out[words - 1] &= UInt64.max >> UInt64(extra) }
        return out
    }

    private static func describe(_ units: UnitSequence) -> String {
        zip(units.keys, units.positions).map { "\($0.text)@\($1)" }.joined(separator: ",")
    }
}
