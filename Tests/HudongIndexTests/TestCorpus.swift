import HudongIndex
import HudongText

/// Real corpus lines with synthetic metadata, shared by the index tests.
enum TestCorpus {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3) // Tests/HudongIndexTests/TestCorpus.swift
        return parts.joined(separator: "/")
    }()

    static func lines(_ name: String) -> [String] {
        guard let bytes = try? FileBytes.read(path: root + "/corpora/" + name) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static let analyzer: Analyzer = {
        do { return try Analyzer.chinese() } catch { fatalError("ICU is not usable: \(error)") }
    }()

    /// A seeded generator (SplitMix64), so every run samples the same lines and queries.
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

    static let channels = ["weibo", "wechat", "douyin", "xiaohongshu", "forum"]
    static let cities = ["北京", "上海", "广州", "深圳", "成都", "杭州"]
    static let categories = ["口碑", "客服", "消费评价", "生活"]
    static let tags = ["双十一", "新品", "售后", "好评"]
    static let paths = ["品牌/小米/小米手机", "品牌/小米", "品牌/华为", "服务/故障/无法连接", "服务/物流", "酒店/服务"]

    /// Items from seeded samples of the reviews (Simplified) and manpages (Traditional and Simplified).
    static func items(reviews: Int, traditional: Int, simplified: Int, seed: UInt64 = 42) -> [Item] {
        var rng = Random(seed: seed)
        var texts: [(String, String)] = []
        let r = lines("reviews_zh.txt"), tw = lines("manpages_zh_TW.txt"), cn = lines("manpages_zh_CN.txt")
        for _ in 0..<reviews where !r.isEmpty { let i = Int.random(in: 0..<r.count, using: &rng); texts.append(("r\(i)", r[i])) }
        for _ in 0..<traditional where !tw.isEmpty { let i = Int.random(in: 0..<tw.count, using: &rng); texts.append(("tw\(i)", tw[i])) }
        for _ in 0..<simplified where !cn.isEmpty { let i = Int.random(in: 0..<cn.count, using: &rng); texts.append(("cn\(i)", cn[i])) }
        var seen = Set<String>()
        var out: [Item] = []
        for (id, text) in texts where seen.insert(id).inserted && !text.isEmpty {
            var item = Item(id: id, text: String(text.prefix(400)))
            item.channel = channels.randomElement(using: &rng)
            item.city = Bool.random(using: &rng) ? cities.randomElement(using: &rng) : nil
            item.author = "user\(Int.random(in: 0..<50, using: &rng))"
            item.time = 1_793_000_000 + Int64.random(in: 0..<(30 * 86_400), using: &rng)
            item.category = categories.randomElement(using: &rng)
            if Bool.random(using: &rng) { item.tags = [tags.randomElement(using: &rng) ?? "新品"] }
            if Int.random(in: 0..<3, using: &rng) == 0 { item.keywordPaths = [paths.randomElement(using: &rng) ?? "品牌"] }
            if Int.random(in: 0..<5, using: &rng) == 0 {
                item.type = .message
                item.direction = Bool.random(using: &rng) ? .in : .out
            }
            item.likes = Int.random(in: 0..<100, using: &rng)
            out.append(item)
        }
        return out
    }
}
