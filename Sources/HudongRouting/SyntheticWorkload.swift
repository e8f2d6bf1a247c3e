import HudongIndex
import HudongText

/// A seeded random generator (SplitMix64): the same seed gives the same workload on every run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Deterministic posts and subscriptions built from real text, for tests, benchmarks and demos.
///
/// The vocabulary is the corpus's most frequent words of two to four Chinese characters (as the
/// analyzer segments them) plus its frequent Latin words; metadata (channels, cities, categories,
/// tags, keyword paths) comes from small fixed lists shaped like a brand's taxonomy. The same
/// seed always gives the same items and queries.
public struct SyntheticWorkload: Sendable {
    public static let channels = ["weibo", "wechat", "douyin", "xiaohongshu", "forum", "app"]
    public static let cities = ["北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "南京", "重庆"]
    public static let categories = ["生活", "娱乐", "消费评价", "口碑", "客服", "促销", "数码", "酒店", "图书", "物流",
                                    "母婴", "美妆", "服饰", "食品", "家居", "汽车", "旅游", "教育", "金融", "游戏",
                                    "体育", "健康", "宠物", "公益"]
    /// Hashtag-style labels; instances add 180 more from the vocabulary (`tags`).
    public static let fixedTags = ["双十一", "新品", "售后", "好评", "差评", "吐槽", "开箱", "618", "直播", "优惠券",
                                   "退货", "客服", "物流", "质量", "性价比", "推荐", "避雷", "种草", "测评", "活动"]
    /// The fixed part of the keyword tree (4 × 4 × 3); instances add 5 vocabulary words under each level-2 node.
    public static let fixedKeywordPaths: [String] = {
        let tree: [(String, [(String, [String])])] = [
            ("品牌", [("小米", ["小米手机", "小米电视", "小米手环"]), ("华为", ["华为手机", "华为平板", "华为手表"]),
                     ("苹果", ["iPhone", "iPad", "MacBook"]), ("联想", ["笔记本", "平板", "台式机"])]),
            ("服务", [("故障", ["无法连接", "死机", "黑屏"]), ("物流", ["延迟", "破损", "丢件"]),
                     ("售后", ["退货", "换货", "维修"]), ("客服", ["态度", "响应", "投诉"])]),
            ("酒店", [("服务", ["前台", "早餐", "清洁"]), ("设施", ["空调", "网络", "浴室"]),
                     ("位置", ["交通", "周边", "安静"]), ("价格", ["性价比", "优惠", "收费"])]),
            ("图书", [("内容", ["情节", "文笔", "观点"]), ("印刷", ["纸张", "装订", "错字"]),
                     ("配送", ["包装", "速度", "缺页"]), ("价格", ["折扣", "定价", "赠品"])]),
        ]
        var paths: [String] = []
        for (a, children) in tree {
            paths.append(a)
            for (b, leaves) in children {
                paths.append("\(a)/\(b)")
                for c in leaves { paths.append("\(a)/\(b)/\(c)") }
            }
        }
        return paths
    }()

    /// Frequent words, most frequent first.
    public let vocabulary: [String]
    /// 200 tags: the fixed ones and 180 vocabulary words, most common first.
    public let tags: [String]
    /// The keyword tree: 4 level-1, 16 level-2 and 128 level-3 nodes (every node's full path).
    public let keywordPaths: [String]
    /// The level-3 paths, for posts.
    public let leafPaths: [String]
    /// The texts posts are made from.
    public let texts: [String]

    /// Learns the vocabulary from (at most the first 20,000 of) `texts` with `analyzer`.
    public init(texts: [String], analyzer: Analyzer, vocabularySize: Int = 3000, skipMostFrequent: Int = 20) {
        self.texts = texts.filter { !$0.allSatisfy(\.isWhitespace) }
        var counts: [String: Int] = [:]
        for text in self.texts.prefix(20_000) {
            for token in analyzer.analyze(text).tokens {
                let n = token.term.count
                let cjk = token.kind == .cjkWord && (2...4).contains(n)
                let latin = token.kind == .latinWord && (3...8).contains(n)
                if cjk || latin { counts[token.term, default: 0] += 1 }
            }
        }
        let ranked = counts.filter { $0.value >= 3 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        let words = Array(ranked.dropFirst(min(skipMostFrequent, max(0, ranked.count - 50))).prefix(vocabularySize))
        vocabulary = words
        tags = Self.fixedTags + words.dropFirst(100).prefix(180).filter { !Self.fixedTags.contains($0) }
        var paths = Self.fixedKeywordPaths
        var extra = words.dropFirst(300).makeIterator()
        for path in Self.fixedKeywordPaths where path.split(separator: "/").count == 2 {
            for _ in 0..<5 { if let w = extra.next() { paths.append("\(path)/\(w)") } }
        }
        keywordPaths = paths
        leafPaths = paths.filter { $0.split(separator: "/").count == 3 }
    }

    /// `count` posts over the corpus texts, with channels, cities, categories, tags and keyword
    /// paths at realistic rates, one every 37 seconds from 2026-11-01 00:00 +08:00.
    public func posts(_ count: Int, seed: UInt64) -> [Item] {
        var random = SeededRandom(seed: seed)
        var items: [Item] = []
        items.reserveCapacity(count)
        guard !texts.isEmpty else { return [] }
        for i in 0..<count {
            let text = texts[Int.random(in: 0..<texts.count, using: &random)]
            var item = Item(id: "p\(seed % 1000)-\(i)", channel: Self.channels.randomElement(using: &random),
                            author: "user_\(Int.random(in: 0..<5000, using: &random))",
                            time: 1_793_462_400 + Int64(i) * 37, text: text)
            if Int.random(in: 0..<10, using: &random) < 8 { item.city = Self.cities.randomElement(using: &random) }
            if Int.random(in: 0..<10, using: &random) < 8 { item.category = Self.zipf(Self.categories, &random) }
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let tag = Self.zipf(tags, &random)
                if !item.tags.contains(tag) { item.tags.append(tag) }
            }
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                if let path = leafPaths.randomElement(using: &random), !item.keywordPaths.contains(path) { item.keywordPaths.append(path) }
            }
            item.relay = Int.random(in: 0..<4, using: &random) == 0
            item.likes = Int.random(in: 0..<500, using: &random)
            items.append(item)
        }
        return items
    }

    /// Picks from `list` with weight 1/(rank + 1): the first entries are the common ones.
    static func zipf<T>(_ list: [T], _ random: inout SeededRandom) -> T {
        let total = (1...list.count).reduce(0.0) { $0 + 1 / Double($1) }
        var x = Double.random(in: 0..<total, using: &random)
        for (i, e) in list.enumerated() {
            x -= 1 / Double(i + 1)
            if x < 0 { return e }
        }
        return list[list.count - 1]
    }

    /// A word of the vocabulary, uniformly.
    func word(_ random: inout SeededRandom) -> String {
        vocabulary.isEmpty ? "小米" : vocabulary[Int.random(in: 0..<vocabulary.count, using: &random)]
    }
}
