import HudongText
import Testing

/// Input that must never crash or corrupt offsets: empty text, huge lines, control characters,
/// replacement characters, invalid UTF-8 from files.
@Suite("Bad input")
struct BadInputTests {
    @Test("Empty text and text of only spaces and punctuation give no tokens")
    func emptyAndPunctuation() throws {
        let analyzer = try Fixtures.analyzer(["微信"])
        for text in ["", " ", "\n", "，。！？……——", "　　", "@", "#", "_", "__", "@@ ## ~~ ^_^ :) ...", "\u{200B}", "\u{FE0F}"] {
            let analyzed = analyzer.analyze(text)
            #expect(analyzed.tokens.isEmpty, "\(text.debugDescription) gave \(terms(analyzed))")
        }
        #expect(analyzer.analyze("").normalized.units.isEmpty)
        #expect(analyzer.fold("") == "")
    }

    @Test("A 1 MB line of real text: offsets stay right to the end")
    func megabyteLine() throws {
        let analyzer = try Fixtures.analyzerWithStarterDictionary()
        let lines = try Fixtures.lines("reviews_zh.txt")
        var text = ""
        var index = 0
        while text.utf8.count < 1 << 20 {
            text += lines[index % lines.count]
            text += " "
            index += 1
        }
        let analyzed = analyzer.analyze(text)
        #expect(analyzed.tokens.count > 100_000)
        #expect(offsetViolations(analyzed, fold: analyzer.fold).isEmpty)
        let last = try #require(analyzed.tokens.last)
        #expect(last.utf8Range.upperBound > text.utf8.count - 64)
    }

    @Test("A 1 MB line without a break: one Han character repeated, one Latin word")
    func megabyteWithoutBreaks() throws {
        let analyzer = try Fixtures.analyzer(["好好", "好好好"])
        let han = String(repeating: "好", count: 350_000)
        let analyzed = analyzer.analyze(han)
        #expect(analyzed.tokens.map(\.characterRange.count).reduce(0, +) == 350_000)
        #expect(analyzed.tokens.allSatisfy { $0.term.allSatisfy { $0 == "好" } })
        let latin = analyzer.analyze(String(repeating: "a", count: 1 << 20))
        #expect(latin.tokens.count == 1)
        #expect(latin.tokens.first?.utf8Range == 0..<(1 << 20))
    }

    @Test("Control characters are never tokens and never shift offsets")
    func controlCharacters() throws {
        let text = "\u{0}\u{1}微信\u{7}\t天猫\u{1B}[31m红色\u{1B}[0m\r\n\u{7F}\u{85}"
        let analyzed = try Fixtures.analyzer(["微信", "天猫"]).analyze(text)
        #expect(pins(analyzed) == [
            "微信|cjk|2..<4|2..<8", "天猫|cjk|6..<8|10..<16", "31m|latin|10..<13|18..<21",
            "红色|cjk|13..<15|21..<27", "0m|latin|17..<19|29..<31",
        ])
    }

    @Test("U+FFFD (a repaired byte or a lone surrogate from JSON) is not a token")
    func replacementCharacter() throws {
        // A lone surrogate cannot live in a Swift String: decoding repairs it to U+FFFD, as JSON decoders do.
        let repaired = String(decoding: [0xD800, 0x61, 0xDC00, 0x5FAE, 0x4FE1] as [UInt16], as: UTF16.self)
        #expect(repaired == "\u{FFFD}a\u{FFFD}微信")
        let analyzed = try Fixtures.analyzer(["微信"]).analyze(repaired)
        #expect(pins(analyzed) == ["a|latin|1..<2|3..<4", "微信|cjk|3..<5|7..<13"])
    }

    @Test("Invalid UTF-8 through LineReader: repaired, reported with its line number")
    func invalidUTF8Lines() throws {
        var bytes: [UInt8] = []
        bytes += Array("第一行 微信\n".utf8)
        bytes += [0xE5, 0xBE] + Array("坏的\r\n".utf8)                  // truncated 微, CRLF
        bytes += Array("ok\n".utf8)
        bytes += [0xFF, 0xFE, 0x41, 0x0A]                              // stray bytes
        bytes += [UInt8](repeating: 0x61, count: 200_000) + [0xC0, 0x0A]  // long line across read chunks, overlong lead byte
        bytes += Array("最后一行没有换行".utf8)
        let path = try TemporaryFile.create(bytes)
        defer { TemporaryFile.remove(path) }

        let reader = try LineReader(path: path)
        var lines: [LineReader.Line] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(lines.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(lines.map(\.repairedUTF8) == [false, true, false, true, true, false])
        #expect(lines[0].text == "第一行 微信")
        #expect(lines[1].text == "\u{FFFD}坏的")
        #expect(lines[2].text == "ok")
        #expect(lines[3].text == "\u{FFFD}\u{FFFD}A")
        #expect(lines[4].text.utf8.count == 200_000 + 3)
        #expect(lines[5].text == "最后一行没有换行")
        #expect(LineDecoder.firstInvalidLine(bytes) == 2)

        // Repaired lines analyze like any other, offsets into the repaired text.
        let analyzer = try Fixtures.analyzer()
        #expect(pins(analyzer.analyze(lines[1].text)) == ["坏|cjk|1..<2|3..<6", "的|cjk|2..<3|6..<9"])
        #expect(offsetViolations(analyzer.analyze(lines[4].text), fold: analyzer.fold).isEmpty)
    }

    @Test("A missing file is an error, not a crash")
    func missingFile() {
        #expect(throws: TextError.self) { try LineReader(path: "/nonexistent/hudong/input.txt") }
        #expect(throws: TextError.self) { try FileBytes.read(path: "/nonexistent/hudong/input.txt") }
    }
}
