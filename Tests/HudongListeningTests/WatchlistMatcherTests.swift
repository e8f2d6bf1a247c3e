import HudongIndex
import HudongListening
import Testing

@Suite("Watchlist matching")
struct WatchlistMatcherTests {
    func matcher(_ yaml: String) throws -> WatchlistMatcher {
        try WatchlistMatcher(watchlist: Watchlist.parse(yaml: yaml), folding: ListeningFixtures.folding)
    }

    func mentions(_ matcher: WatchlistMatcher, _ text: String, channel: String? = nil, city: String? = nil) -> [TopicMention] {
        var buffers = ScanBuffers()
        return matcher.mentions(in: Item(id: "x", channel: channel, text: text, city: city), buffers: &buffers)
    }

    let yaml = """
        negative:
          words: [失望]
        topics:
          - name: 小米
            terms: [小米, xiaomi]
            variants: [小 米]
            exclude: [小米粥]
            complaints: [无法连接, 红灯闪烁]
          - name: 红米
            terms: [红米]
            rules: ['Redmi NEAR/3 手机', 'K70 AND NOT 二手']
            channels: [weibo]
        """

    @Test("terms, variants and exclusions")
    func terms() throws {
        let matcher = try matcher(yaml)
        #expect(mentions(matcher, "早餐喝小米粥").isEmpty)
        let found = mentions(matcher, "小-米手机和小米粥")
        #expect(found.map(\.topic) == [0] && found[0].terms == [0] && !found[0].isNegative)
        #expect(found[0].firstMatch?.characters == 0..<3)
        // A variant that folds like a term is the same term.
        #expect(mentions(matcher, "XIAOMI 小 米").first?.terms == [0, 1])
    }

    @Test("negative mentions: complaint phrase or negative word in the same item")
    func negative() throws {
        let matcher = try matcher(yaml)
        #expect(mentions(matcher, "小米路由器无法连接").first?.complaints == ["无法连接"])
        #expect(mentions(matcher, "小米手机红燈閃爍，很失望").first?.complaints == ["红灯闪烁", "失望"])
        #expect(mentions(matcher, "无法连接").isEmpty)
    }

    @Test("negative within NEAR/n positions when `near` is set")
    func negativeNear() throws {
        let matcher = try matcher("near: 3\n" + yaml)
        #expect(mentions(matcher, "小米无法连接").first?.isNegative == true)
        #expect(mentions(matcher, "小米的新款路由器无法连接").first?.isNegative == false)
        #expect(mentions(matcher, "小米 wifi 6 router无法连接").first?.isNegative == true)
    }

    @Test("rules count as mentions; channel filters apply")
    func rules() throws {
        let matcher = try matcher(yaml)
        #expect(mentions(matcher, "redmi 新款手机", channel: "weibo").first?.rules == [0])
        #expect(mentions(matcher, "redmi 的新一代的手机", channel: "weibo").isEmpty)
        #expect(mentions(matcher, "K70 到手", channel: "weibo").first?.rules == [1])
        #expect(mentions(matcher, "二手 K70", channel: "weibo").isEmpty)
        #expect(mentions(matcher, "红米 K70", channel: "wechat").isEmpty)
        let both = try #require(mentions(matcher, "红米 K70", channel: "weibo").first)
        #expect(both.terms == [0] && both.rules == [1])
    }
}
