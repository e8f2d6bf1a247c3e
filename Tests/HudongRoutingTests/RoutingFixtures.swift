import HudongIndex
import HudongRouting
import HudongText

/// Shared fixtures: the repository's corpora, one analyzer, item helpers.
enum Fixtures {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3) // Tests/HudongRoutingTests/RoutingFixtures.swift
        return parts.joined(separator: "/")
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func lines(_ name: String) -> [String] {
        guard let bytes = try? FileBytes.read(path: path("corpora/" + name)) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static let analyzer: Analyzer = {
        do { return try Analyzer.chinese() } catch { fatalError("ICU is not usable: \(error)") }
    }()

    static let matcher = ItemMatcher(analyzer: analyzer)

    /// The workload over the reviews corpus (vocabulary learned once).
    static let workload = SyntheticWorkload(texts: lines("reviews_zh.txt"), analyzer: analyzer, vocabularySize: 2000)

    /// 2026-11-01 00:00 +08:00.
    static let nov1: Int64 = 1_793_462_400

    /// A time on November `day` 2026 at `hour:minute` China time.
    static func time(day: Int, _ hour: Int, _ minute: Int = 0) -> Int64 {
        nov1 + Int64(day - 1) * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60
    }

    static func post(_ id: String, _ text: String, at time: Int64? = nil, category: String? = nil, tags: [String] = [],
                     keywords: [String] = [], city: String? = nil, channel: String? = "weibo") -> Item {
        Item(id: id, channel: channel, time: time, text: text, city: city, tags: tags, category: category, keywordPaths: keywords)
    }

    static func message(_ fan: String, _ direction: Direction, at time: Int64) -> Item {
        Item(id: "m\(time)\(fan)\(direction)", type: .message, channel: "wechat", time: time, text: "在吗",
             from: direction == .in ? fan : "brand", to: direction == .in ? "brand" : fan, direction: direction)
    }
}
