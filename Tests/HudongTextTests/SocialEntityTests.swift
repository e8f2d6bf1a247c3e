import HudongText
import Testing

/// Hashtags, mentions, URLs and emoji as whole tokens, in and around Chinese text.
@Suite("Social entities")
struct SocialEntityTests {
    @Test("Entities inside Chinese sentences", arguments: [
        ("买了#双十一#好物", ["买|cjk|0..<1|0..<3", "了|cjk|1..<2|3..<6", "#双十一#|hashtag|2..<7|6..<17", "好物|cjk|7..<9|17..<23"]),
        ("转发@天猫", ["转发|cjk|0..<2|0..<6", "@天猫|mention|2..<5|6..<13"]),
        ("转发@天猫：今晚", ["转发|cjk|0..<2|0..<6", "@天猫|mention|2..<5|6..<13", "今晚|cjk|6..<8|16..<22"]),
        ("＃双十一＃ ＠天猫", ["#双十一#|hashtag|0..<5|0..<15", "@天猫|mention|6..<9|16..<25"]),
        ("#iPhone15 真香", ["#iphone15|hashtag|0..<9|0..<9", "真|cjk|10..<11|10..<13", "香|cjk|11..<12|13..<16"]),
        ("#双十一 来了#", ["#双十一 来了#|hashtag|0..<8|0..<18"]),
    ])
    func inSentences(_ text: String, _ expected: [String]) throws {
        #expect(pins(try Fixtures.analyzer().analyze(text)) == expected)
    }

    @Test("Not entities: e-mail addresses, C#, lone marks")
    func notEntities() throws {
        let analyzer = try Fixtures.analyzer()
        #expect(pins(analyzer.analyze("mail a@b.com C# 5#")) == [
            "mail|latin|0..<4|0..<4", "a@b.com|latin|5..<12|5..<12", "c|latin|13..<14|13..<14", "5|number|16..<17|16..<17",
        ])
        #expect(terms(analyzer.analyze("@ # _ __ @@ ## #  # ＠")).isEmpty)
    }

    @Test("URLs end before spaces, ideographs, quotes and trailing punctuation")
    func urls() throws {
        let analyzed = try Fixtures.analyzer().analyze("见https://t.cn/abc。www.example.com/a?x=1, (http://x.y/(a)b).")
        #expect(analyzed.tokens.filter { $0.kind == .url }.map(\.term) == ["https://t.cn/abc", "www.example.com/a?x=1", "http://x.y/(a)b"])
    }

    @Test("Emoji sequences stay whole: ZWJ families, skin tones, flags, keycaps, variation selectors")
    func emoji() throws {
        let analyzer = try Fixtures.analyzer()
        let text = "👨\u{200D}👩\u{200D}👧 👍🏻 🇨🇳 #\u{FE0F}\u{20E3} ❤\u{FE0F} 好😀😀"
        let analyzed = analyzer.analyze(text)
        #expect(analyzed.tokens.map(\.kind) == [.emoji, .emoji, .emoji, .emoji, .emoji, .cjkWord, .emoji, .emoji])
        #expect(analyzed.tokens.map { text.slice(characters: $0.characterRange) } ==
                ["👨\u{200D}👩\u{200D}👧", "👍🏻", "🇨🇳", "#\u{FE0F}\u{20E3}", "❤\u{FE0F}", "好", "😀", "😀"])
        #expect(offsetViolations(analyzed, fold: analyzer.fold).isEmpty)
    }
}
