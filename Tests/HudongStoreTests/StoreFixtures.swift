import Foundation
import HudongIndex
import HudongStore
import HudongText

/// Shared test material: the analyzer, corpus items, seeded randomness, queries, index fingerprints.
enum StoreFixtures {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3) // Tests/HudongStoreTests/StoreFixtures.swift
        return parts.joined(separator: "/")
    }()

    static let analyzer: Analyzer = {
        do { return try Analyzer.chinese(userDictionary: UserDictionary([UserDictionary.Entry(term: "小米手机")])) } catch {
            fatalError("ICU is not usable: \(error)")
        }
    }()

    /// A fresh analyzer with its own user dictionary (for tests that edit the dictionary).
    static func freshAnalyzer() throws -> Analyzer { try Analyzer.chinese(userDictionary: UserDictionary()) }

    static let lines: [String] = {
        guard let bytes = try? FileBytes.read(path: root + "/corpora/reviews_zh.txt") else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").prefix(3000).map { String($0.prefix(160)) }
    }()

    /// A seeded generator (SplitMix64).
    struct Random: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let channels = ["weibo", "wechat", "douyin", "forum"]
    static let cities = ["北京", "上海", "廣州", "深圳"]

    /// Item `n` of a deterministic stream: corpus text, varied fields, time rising with `n`.
    static func item(_ n: Int, prefix: String = "p", text: String? = nil) -> Item {
        var rng = Random(seed: UInt64(n) &* 7919)
        let body = text ?? (lines.isEmpty ? "小米手机 评测 \(n)" : lines[n % lines.count])
        var item = Item(id: "\(prefix)\(n)", channel: channels[n % 4], author: "user\(n % 37)",
                        time: 1_793_000_000 + Int64(n) * 600, text: body, city: n % 3 == 0 ? nil : cities[n % 4],
                        likes: n % 13, shares: n % 5, comments: n % 7)
        if n % 4 == 0 { item.tags = ["双十一"] }
        if n % 5 == 0 { item.keywordPaths = ["品牌/小米/小米手机"] }
        if n % 6 == 0 {
            item.type = .message
            item.direction = Bool.random(using: &rng) ? .in : .out
            item.from = "fan\(n % 9)"
            item.to = "brand"
            item.group = "g\(n % 3)"
        }
        if n % 7 == 0 { item.relay = true; item.category = "口碑" }
        return item
    }

    static let queries: [String] = [
        "酒店", "服务", "房间 干净", "\"前台\"", "小米", "酒店 NEAR/5 服务", "channel:weibo 酒店", "city:广州",
        "tag:双十一", "kw:品牌", "type:message", "酒店 -服务", "早餐 OR 停车", "id:p7", "环境",
    ]

    static func parsed(_ text: String) -> ParsedQuery {
        do { return try QueryParser().parse(text) } catch { fatalError("bad test query \(text): \(error)") }
    }

    /// What searches see of an index: per query, the matching ids and the top hits with scores.
    static func fingerprint(_ index: SearchIndex) -> [String] {
        queries.map { q in
            let query = parsed(q)
            let ids = QueryExecutor.matchingIds(query, in: index).sorted()
            let top = QueryExecutor.search(query, in: index, options: SearchOptions(limit: 5)).hits
                .map { "\($0.item.id):\(String(format: "%.6f", $0.score))" }
            return "\(q) → \(ids.count) \(ids.prefix(40).joined(separator: ",")) | \(top.joined(separator: " "))"
        }
    }

    /// The ids of live documents, with how many live documents each has.
    static func liveIds(_ index: SearchIndex) -> [String: Int] {
        var out: [String: Int] = [:]
        for (i, item) in index.documents.items.enumerated() where index.documents.live[i] { out[item.id, default: 0] += 1 }
        return out
    }

    /// A fresh temporary directory path (not created).
    static func temporaryDirectory(_ name: String) -> String {
        NSTemporaryDirectory() + "hudong-store-\(name)-\(UUID().uuidString.prefix(8))"
    }
}
