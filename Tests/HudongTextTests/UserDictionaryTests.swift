#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HudongText
import Testing

@Suite("User dictionary")
struct UserDictionaryTests {
    static let sentence = "关注微信公众号，天猫双十一买男人袜"
    static let brandTerms = ["微信", "天猫", "双十一", "男人袜", "公众号"]

    @Test("ICU alone splits the brand terms; the dictionary keeps them whole", arguments: brandTerms)
    func mergesBrandTerm(_ term: String) throws {
        let plain = terms(try Fixtures.analyzer().analyze(Self.sentence))
        #expect(!plain.contains(term), "ICU's dictionary now keeps \(term) whole: pick another example")
        let merged = try Fixtures.analyzer(Self.brandTerms).analyze(Self.sentence)
        #expect(terms(merged).contains(term))
        #expect(offsetViolations(merged, fold: (try Fixtures.analyzer()).fold).isEmpty)
    }

    @Test("Merged tokens and offsets of the whole sentence")
    func mergedSentence() throws {
        let analyzed = try Fixtures.analyzer(Self.brandTerms).analyze(Self.sentence)
        #expect(pins(analyzed) == [
            "关注|cjk|0..<2|0..<6", "微信|cjk|2..<4|6..<12", "公众号|cjk|4..<7|12..<21",
            "天猫|cjk|8..<10|24..<30", "双十一|cjk|10..<13|30..<39", "买|cjk|13..<14|39..<42",
            "男人袜|cjk|14..<17|42..<51",
        ])
    }

    @Test("The starter dictionary (corpora/userdict.txt) loads and keeps its brand terms whole")
    func starterDictionary() throws {
        let dictionary = try UserDictionary.load(path: Fixtures.corpus("userdict.txt"))
        #expect(dictionary.count >= 150)
        #expect(dictionary.snapshot.entries["微信"]?.tag == "platform")
        #expect(dictionary.snapshot.entries["xbox live"]?.weight == 40)
        let analyzer = try Analyzer.chinese(userDictionary: dictionary)
        let found = terms(analyzer.analyze(Self.sentence + "，小红书抖音微博拼多多美团"))
        for term in Self.brandTerms + ["小红书", "抖音", "微博", "拼多多", "美团"] { #expect(found.contains(term)) }
    }

    @Test("Folded terms: a Traditional or full-width entry matches Simplified, half-width text")
    func foldedEntries() throws {
        let analyzer = try Fixtures.analyzer(["淘寶", "ＴｈｉｎｋＰａｄ"])
        #expect(terms(try Fixtures.analyzer().analyze("我在淘宝买")).contains("淘宝") == false)
        #expect(terms(analyzer.analyze("我在淘宝买")) == ["我在", "淘宝", "买"])
        #expect(terms(analyzer.analyze("我在淘寶買")) == ["我在", "淘宝", "买"])
        #expect(analyzer.userDictionary?.contains("THINKPAD") == true)
        #expect(analyzer.userDictionary?.contains("淘宝") == true)
    }

    @Test("Longest match wins; a term never crosses an entity")
    func longestMatchAndEntities() throws {
        let analyzer = try Fixtures.analyzer(["双十", "双十一", "天猫双十一"])
        #expect(terms(analyzer.analyze("天猫双十一")) == ["天猫双十一"])
        #expect(terms(analyzer.analyze("双十一")) == ["双十一"])
        // The hashtag is one entity; the dictionary does not reach into or across it.
        #expect(terms(analyzer.analyze("天猫#双十一#")) == ["天", "猫", "#双十一#"])
    }

    @Test("Live add and remove on an analyzer in use")
    func liveAddRemove() throws {
        let dictionary = try UserDictionary()
        let analyzer = try Analyzer.chinese(userDictionary: dictionary)
        let text = "打开微信扫一扫"
        #expect(terms(analyzer.analyze(text)) == ["打开", "微", "信", "扫", "一扫"])
        dictionary.add("微信", weight: 100, tag: "platform")
        #expect(terms(analyzer.analyze(text)) == ["打开", "微信", "扫", "一扫"])
        dictionary.update { changes in
            changes.add(UserDictionary.Entry(term: "扫一扫"))
            changes.remove("微信")
        }
        #expect(terms(analyzer.analyze(text)) == ["打开", "微", "信", "扫一扫"])
        #expect(dictionary.remove("扫一扫"))
        #expect(!dictionary.remove("扫一扫"))
        #expect(terms(analyzer.analyze(text)) == ["打开", "微", "信", "扫", "一扫"])
        #expect(dictionary.snapshot.version == 3) // add, update, remove
    }

    @Test("Parsing: weights, tags, tabs, comments")
    func parsing() throws {
        let entries = try UserDictionary.parse("""
            # comment
            微信 100 platform
            天猫 brand

            双十一 3.5
            Xbox Live\t40\tproduct
            公众号\r
            """)
        #expect(entries == [
            UserDictionary.Entry(term: "微信", weight: 100, tag: "platform"),
            UserDictionary.Entry(term: "天猫", weight: nil, tag: "brand"),
            UserDictionary.Entry(term: "双十一", weight: 3.5, tag: nil),
            UserDictionary.Entry(term: "Xbox Live", weight: 40, tag: "product"),
            UserDictionary.Entry(term: "公众号", weight: nil, tag: nil),
        ])
    }

    @Test("Parse errors name the source and the line", arguments: [
        ("微信 100 platform\n天猫 1 2 3\n", 2, "found 4 fields"),
        ("微信\n\n# c\n双十一 many brand\n", 4, "weight `many` is not a number"),
        ("微信\n\t100\tbrand\n", 2, "empty term"),
    ])
    func parseErrors(_ text: String, line: Int, reason: String) throws {
        #expect(throws: TextError.self) { try UserDictionary.parse(text, source: "brands.txt") }
        do {
            _ = try UserDictionary.parse(text, source: "brands.txt")
        } catch {
            guard case let .dictionaryLine(source, number, message) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(source == "brands.txt")
            #expect(number == line)
            #expect(message.contains(reason), "\(message)")
            #expect(error.description.hasPrefix("brands.txt:\(line): "))
        }
    }

    @Test("A dictionary file with invalid UTF-8 is rejected with its line number")
    func invalidUTF8File() throws {
        let path = try TemporaryFile.create([UInt8]("微信\n天猫\n".utf8) + [0x62, 0xFF, 0x61, 0x0A])
        defer { TemporaryFile.remove(path) }
        #expect(throws: TextError.dictionaryLine(source: path, line: 3, reason: "invalid UTF-8")) {
            try UserDictionary.load(path: path)
        }
        #expect(throws: TextError.self) { try UserDictionary.load(path: path + ".missing") }
    }
}

/// Temporary files for tests, without Foundation.
enum TemporaryFile {
    static func create(_ bytes: [UInt8]) throws -> String {
        var template = Array("/tmp/hudong-text-test-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw TextError.io(path: "/tmp", reason: "mkstemp failed") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw TextError.io(path: "/tmp", reason: "write failed") }
            written += n
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static func remove(_ path: String) { unlink(path) }
}
