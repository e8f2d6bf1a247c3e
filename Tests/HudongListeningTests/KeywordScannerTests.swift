import HudongListening
import HudongText
import Testing

@Suite("Keyword scanner")
struct KeywordScannerTests {
    let folding = ListeningFixtures.folding

    func scan(_ keywords: [ScanKeyword], _ text: String) throws -> [KeywordMatch] {
        let scanner = try KeywordScanner(keywords: keywords, folding: folding)
        var buffers = ScanBuffers()
        scanner.scan(text, into: &buffers)
        return buffers.matches
    }

    @Test("variants fold: Traditional, full width, case, noise between characters")
    func variants() throws {
        let keywords = [ScanKeyword("小米"), ScanKeyword("xiaomi"), ScanKeyword("無法連接")]
        for text in ["小米", "小 米", "小-米", "小·米", "小.米", "小_米", "小*米", "小\u{200B}米", "小\u{3000}米", "小 - 米"] {
            let matches = try scan(keywords, "我的\(text)手机")
            #expect(matches.map(\.keyword) == [0], "\(text)")
            #expect(matches.first?.characters == 2..<(2 + text.unicodeScalars.count), "\(text)")
            #expect(matches.first?.utf8 == 6..<(6 + text.utf8.count), "\(text)")
        }
        #expect(try scan(keywords, "ＸＩＡＯＭＩ手机").map(\.keyword) == [1])
        #expect(try scan(keywords, "XiaoMi").map(\.keyword) == [1])
        #expect(try scan(keywords, "手机无法连接").map(\.keyword) == [2])
        #expect(try scan(keywords, "手機無法連接").map(\.keyword) == [2])
        // Noise at the edges is not part of the match.
        #expect(try scan(keywords, " 小米 ").first?.characters == 1..<3)
    }

    @Test("a keyword written with noise is the same keyword")
    func noisyKeyword() throws {
        let matches = try scan([ScanKeyword("Xbox Live")], "我在xbox-live上买了")
        #expect(matches.count == 1)
        #expect(matches.first?.characters == 2..<11)
        #expect(throws: ListeningError.self) { try scan([ScanKeyword(" - ")], "x") }
    }

    @Test("exclusions drop overlapping matches of their own group only")
    func exclusions() throws {
        let keywords = [ScanKeyword("小米", group: 1), ScanKeyword("小米粥", group: 1, isExclusion: true),
                        ScanKeyword("米粥", group: 2)]
        #expect(try scan(keywords, "早上喝小米粥").map(\.keyword) == [2])
        #expect(try scan(keywords, "小米粥和小米手机").map(\.keyword) == [2, 0])
        #expect(try scan(keywords, "小 米 粥").map(\.keyword) == [2])
    }

    @Test("Latin keywords match whole words; Chinese ones match anywhere")
    func wordBoundaries() throws {
        let keywords = [ScanKeyword("mi"), ScanKeyword("清华"), ScanKeyword("mix", wholeWords: false)]
        #expect(try scan(keywords, "mini").isEmpty)
        #expect(try scan(keywords, "mi 11 到了").map(\.keyword) == [0])
        #expect(try scan(keywords, "小米mi手机").map(\.keyword) == [0])
        #expect(try scan(keywords, "mi.com").map(\.keyword) == [0])
        #expect(try scan(keywords, "清华大学").map(\.keyword) == [1])
        #expect(try scan(keywords, "remixed").map(\.keyword) == [2])
    }

    @Test("overlapping keywords are all reported")
    func overlapping() throws {
        let keywords = [ScanKeyword("小米手机"), ScanKeyword("小米"), ScanKeyword("手机"), ScanKeyword("米手")]
        let matches = try scan(keywords, "买小米手机")
        #expect(matches.map(\.keyword) == [1, 0, 3, 2])
    }

    @Test("many overlapping matches and duplicate keywords")
    func manyMatches() throws {
        var keywords = [ScanKeyword("哈"), ScanKeyword("哈哈"), ScanKeyword("哈哈哈")]
        keywords += (0..<60).map { ScanKeyword("哈哈", group: $0 % 3) }
        let text = String(repeating: "哈", count: 700) + "，" + String(repeating: "哈 ", count: 50)
        let scanner = try KeywordScanner(keywords: keywords, folding: folding)
        var buffers = ScanBuffers()
        scanner.scan(text, into: &buffers)
        let expected = ReferenceScanner(keywords: keywords, folding: folding.folding).matches(in: text)
        #expect(buffers.matches.count == expected.count && buffers.matches == expected)
        #expect(expected.count == 750 + (699 + 49) * 61 + (698 + 48))
        scanner.scan("哈", into: &buffers)
        #expect(buffers.matches.count == 1)
    }

    @Test("the fast fold equals TextFolding plus noise removal on hard characters")
    func hardCharacters() throws {
        let texts = ["e\u{301}té Ｃａｆé ß İstanbul", "한국어 \u{1100}\u{1161}\u{11A8}", "ｶﾞｷﾞ ﾊﾟ", "🔥小米🔥👍🏽👨‍👩‍👧",
                     "①②③ ㈱ ㍻ ﬁ", "Ａ\u{300}", "\u{FEFF}小\u{200D}米", "𠀀𪚥 丽", "x\u{308}\u{301}"]
        for text in texts {
            var view = FoldedView()
            folding.fold(text, into: &view)
            let reference = ReferenceScanner.denoise(folding.folding.apply(text))
            #expect(view.units == reference.units, "\(text)")
            #expect(view.byteStart.map(Int.init) == reference.utf8.map(\.lowerBound), "\(text)")
            #expect(view.byteEnd.map(Int.init) == reference.utf8.map(\.upperBound), "\(text)")
        }
        #expect(try scan([ScanKeyword("🔥小米")], "🔥 小米").map(\.characters) == [0..<4])
    }

    @Test("the fast fold equals TextFolding over every BMP character")
    func everyCharacter() throws {
        var generator = SeededGenerator(seed: 7)
        var scalars = (0..<0x10000).compactMap { Unicode.Scalar(UInt32($0)) }
        scalars.shuffle(using: &generator)
        for start in stride(from: 0, to: scalars.count, by: 4096) {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<min(start + 4096, scalars.count)])
            let string = String(text)
            var view = FoldedView()
            folding.fold(string, into: &view)
            let reference = ReferenceScanner.denoise(folding.folding.apply(string))
            #expect(view.units == reference.units)
        }
    }
}
