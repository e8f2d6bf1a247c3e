import HudongText
import Testing

/// Tokens and offsets of real sentences, pinned: term | kind | character offsets | UTF-8 offsets.
@Suite("Real sentences")
struct RealSentenceTests {
    @Test("小米手机红灯闪烁,无法连接Xbox Live!")
    func xiaomiXboxLive() throws {
        let text = "小米手机红灯闪烁,无法连接Xbox Live!"
        #expect(pins(try Fixtures.analyzer().analyze(text)) == [
            "小米|cjk|0..<2|0..<6", "手机|cjk|2..<4|6..<12", "红灯|cjk|4..<6|12..<18", "闪烁|cjk|6..<8|18..<24",
            "无法|cjk|9..<11|25..<31", "连接|cjk|11..<13|31..<37",
            "xbox|latin|13..<17|37..<41", "live|latin|18..<22|42..<46",
        ])
        // With the product names in the dictionary, they come out whole; `xbox live` spans the space.
        let withDictionary = try Fixtures.analyzer(["小米手机", "Xbox Live"]).analyze(text)
        #expect(pins(withDictionary) == [
            "小米手机|cjk|0..<4|0..<12", "红灯|cjk|4..<6|12..<18", "闪烁|cjk|6..<8|18..<24",
            "无法|cjk|9..<11|25..<31", "连接|cjk|11..<13|31..<37", "xbox live|latin|13..<22|37..<46",
        ])
        #expect(text.slice(characters: 13..<22) == "Xbox Live")
        #expect(text.slice(utf8: 37..<46) == "Xbox Live")
    }

    @Test("麥當勞推出只有兩個功能的APP: Simplified terms, offsets into the Traditional original")
    func traditionalMcDonalds() throws {
        let text = "麥當勞推出只有兩個功能的APP"
        let analyzed = try Fixtures.analyzer().analyze(text)
        #expect(pins(analyzed) == [
            "麦当劳|cjk|0..<3|0..<9", "推出|cjk|3..<5|9..<15", "只有|cjk|5..<7|15..<21",
            "两|cjk|7..<8|21..<24", "个|cjk|8..<9|24..<27", "功能|cjk|9..<11|27..<33",
            "的|cjk|11..<12|33..<36", "app|latin|12..<15|36..<39",
        ])
        let surfaces = analyzed.tokens.map { String(text.slice(characters: $0.characterRange)) }
        #expect(surfaces == ["麥當勞", "推出", "只有", "兩", "個", "功能", "的", "APP"])
        #expect(analyzed.tokens.map { text.slice(utf8: $0.utf8Range) } == surfaces)
        #expect(analyzed.normalized.string == "麦当劳推出只有两个功能的app")
    }

    @Test("#双十一# @天猫 优惠券 https://t.cn/abc 😀: whole social entities")
    func socialEntities() throws {
        let text = "#双十一# @天猫 优惠券 https://t.cn/abc 😀"
        #expect(pins(try Fixtures.analyzer().analyze(text)) == [
            "#双十一#|hashtag|0..<5|0..<11", "@天猫|mention|6..<9|12..<19",
            "优惠|cjk|10..<12|20..<26", "券|cjk|12..<13|26..<29",
            "https://t.cn/abc|url|14..<30|30..<46", "😀|emoji|31..<32|47..<51",
        ])
        let analyzed = try Fixtures.analyzer(["优惠券"]).analyze(text)
        #expect(pins(analyzed)[2] == "优惠券|cjk|10..<13|20..<29")
        #expect(analyzed.tokens.map(\.bareTerm) == ["双十一", "天猫", "优惠券", "https://t.cn/abc", "😀"])
    }

    @Test("ＸＢＯＸ　ＬＩＶＥ: full-width folded, offsets into the full-width original")
    func fullWidth() throws {
        let text = "ＸＢＯＸ　ＬＩＶＥ"
        #expect(pins(try Fixtures.analyzer().analyze(text)) == ["xbox|latin|0..<4|0..<12", "live|latin|5..<9|15..<27"])
        #expect(pins(try Fixtures.analyzer(["xbox live"]).analyze(text)) == ["xbox live|latin|0..<9|0..<27"])
    }

    @Test("Real review lines (corpora/reviews_zh.txt)")
    func reviewLines() throws {
        let lines = try Fixtures.lines("reviews_zh.txt")
        let plain = try Fixtures.analyzer()
        let starter = try Fixtures.analyzerWithStarterDictionary()

        #expect(lines[12809] == "1、不是XP系统，换XP没驱动！")
        #expect(pins(plain.analyze(lines[12809])) == [
            "1|number|0..<1|0..<1", "不是|cjk|2..<4|4..<10", "xp|latin|4..<6|10..<12", "系统|cjk|6..<8|12..<18",
            "换|cjk|9..<10|21..<24", "xp|latin|10..<12|24..<26", "没|cjk|12..<13|26..<29", "驱动|cjk|13..<15|29..<35",
        ])

        #expect(lines[13303] == "商品没有不足，京东售后就有。")
        #expect(terms(plain.analyze(lines[13303])) == ["商品", "没有", "不足", "京", "东", "售", "后", "就有"])
        #expect(pins(starter.analyze(lines[13303])) == [
            "商品|cjk|0..<2|0..<6", "没有|cjk|2..<4|6..<12", "不足|cjk|4..<6|12..<18",
            "京东|cjk|7..<9|21..<27", "售后|cjk|9..<11|27..<33", "就有|cjk|11..<13|33..<39",
        ])

        #expect(lines[13773] == "５.京东不送鼠标")
        #expect(pins(starter.analyze(lines[13773])) == [
            "5|number|0..<1|0..<3", "京东|cjk|2..<4|4..<10", "不|cjk|4..<5|10..<13", "送|cjk|5..<6|13..<16",
            "鼠标|cjk|6..<8|16..<22",
        ])

        #expect(lines[5307] == "望携程认真核实！")
        #expect(terms(plain.analyze(lines[5307])) == ["望", "携", "程", "认真", "核实"])
        #expect(terms(starter.analyze(lines[5307])) == ["望", "携程", "认真", "核实"])
    }

    @Test("Numbers and Latin words stay whole")
    func numbersAndLatin() throws {
        let analyzed = try Fixtures.analyzer().analyze("2024年价格3.14元 iPhone15 mp3")
        #expect(pins(analyzed) == [
            "2024|number|0..<4|0..<4", "年|cjk|4..<5|4..<7", "价格|cjk|5..<7|7..<13",
            "3.14|number|7..<11|13..<17", "元|cjk|11..<12|17..<20",
            "iphone15|latin|13..<21|21..<29", "mp3|latin|22..<25|30..<33",
        ])
    }
}
