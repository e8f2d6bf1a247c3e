import HudongText
import Testing

/// The trie and the dictionary merge, checked against brute-force references.
@Suite("Dictionary trie and merging")
struct DictionaryTrieTests {
    @Test("Lookups: contains, prefixes, every match shortest first, surrogate pairs")
    func lookups() {
        let trie = DictionaryTrie(terms: ["双十", "双十一", "天猫", "x", "𠀀𠀁", ""])
        #expect(trie.count == 5)
        #expect(trie.maxLength == 4)
        #expect(trie.contains("双十一") && trie.contains("双十") && trie.contains("x") && trie.contains("𠀀𠀁"))
        #expect(!trie.contains("双") && !trie.contains("双十一一") && !trie.contains("") && !trie.contains("猫"))
        #expect(trie.mayStart(with: "双".utf16.first!) && !trie.mayStart(with: "猫".utf16.first!))
        let units = Array("双十一天猫".utf16)
        var ends: [Int] = []
        units.withUnsafeBufferPointer { buffer in trie.forEachMatch(in: buffer, from: 0, limit: buffer.count) { ends.append($0) } }
        #expect(ends == [2, 3])
        ends = []
        units.withUnsafeBufferPointer { buffer in trie.forEachMatch(in: buffer, from: 0, limit: 2) { ends.append($0) } }
        #expect(ends == [2])
        let empty = DictionaryTrie(terms: [String]())
        #expect(empty.count == 0 && !empty.contains("a"))
    }

    @Test("Random terms: the trie agrees with a Set")
    func randomTerms() {
        var generator = SeededGenerator(seed: 99)
        let alphabet = Array("微信天猫双十一男人袜公众号ab😀")
        func word() -> String { String((0..<Int.random(in: 1...5, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }) }
        let terms = Set((0..<500).map { _ in word() })
        let trie = DictionaryTrie(terms: terms)
        #expect(trie.count == terms.count)
        for _ in 0..<2_000 {
            let probe = word()
            #expect(trie.contains(probe) == terms.contains(probe), "\(probe)")
        }
    }

    /// The reference: ICU's tokens without a dictionary, then at each word token the longest run of
    /// word tokens whose folded text is a dictionary term, by plain string comparison.
    static func referenceMerge(_ plain: AnalyzedText, terms: Set<String>) -> [String] {
        let tokens = plain.tokens
        let isWord: (Token) -> Bool = { [.cjkWord, .latinWord, .number].contains($0.kind) }
        var out: [String] = []
        var i = 0
        while i < tokens.count {
            var best = i
            if isWord(tokens[i]) {
                var j = i + 1
                while j < tokens.count, isWord(tokens[j]) {
                    let text = plain.normalized.string(tokens[i].normalizedRange.lowerBound..<tokens[j].normalizedRange.upperBound)
                    if terms.contains(text) { best = j }
                    j += 1
                }
            }
            let range = tokens[i].characterRange.lowerBound..<tokens[best].characterRange.upperBound
            out.append("\(plain.normalized.string(tokens[i].normalizedRange.lowerBound..<tokens[best].normalizedRange.upperBound))|\(range)")
            i = best + 1
        }
        return out
    }

    @Test("Merging with the starter dictionary equals the brute-force reference (seeded sample of 2,000 reviews)")
    func mergeMatchesReference() throws {
        let plain = try Fixtures.analyzer()
        let dictionary = try UserDictionary.load(path: Fixtures.corpus("userdict.txt"))
        let merged = try Analyzer.chinese(userDictionary: dictionary)
        let terms = Set(dictionary.snapshot.entries.keys)
        let lines = try Fixtures.lines("reviews_zh.txt")
        var differences = 0
        var mergedTokens = 0
        for index in seededSample(of: lines.count, count: 2_000, seed: 5) {
            let fast = merged.analyze(lines[index]).tokens.map { "\($0.term)|\($0.characterRange)" }
            let reference = Self.referenceMerge(plain.analyze(lines[index]), terms: terms)
            if fast != reference {
                differences += 1
                Issue.record("line \(index + 1): \(fast) vs reference \(reference)")
                if differences >= 3 { break }
            }
            mergedTokens += fast.count
        }
        #expect(differences == 0)
        #expect(mergedTokens > 50_000)
    }

    @Test("A lexicon layer (jieba format) merges like the user dictionary; the longest term of either wins")
    func lexiconLayer() throws {
        let lexiconFile = "中共中央 10 nt\n总书记 5 n\n国家主席 3 n\n江泽民 8 nr\n新年讲话 2 n\n一 100 m\n"
        let path = try TemporaryFile.create(Array(lexiconFile.utf8))
        defer { TemporaryFile.remove(path) }
        let lexicon = try Lexicon.load(path: path)
        #expect(lexicon.count == 5, "one-character words are skipped")
        let text = "中共中央总书记、国家主席江泽民发表新年讲话"
        let plain = terms(try Fixtures.analyzer().analyze(text))
        #expect(plain != terms(try Analyzer.chinese(lexicon: lexicon).analyze(text)))
        let analyzer = try Analyzer.chinese(userDictionary: UserDictionary([.init(term: "总书记、国家主席")]), lexicon: lexicon)
        #expect(terms(analyzer.analyze(text)) == ["中共中央", "总书记、国家主席", "江泽民", "发表", "新年讲话"])

        let bad = try TemporaryFile.create(Array("好词 1 n\n坏 行 x y\n".utf8))
        defer { TemporaryFile.remove(bad) }
        #expect(throws: TextError.dictionaryLine(source: bad, line: 2, reason: "expected `term [weight] [tag]`, found 4 fields")) {
            try Lexicon.load(path: bad)
        }
    }
}
