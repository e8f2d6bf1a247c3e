import HudongIndex
import HudongText
import Testing

/// The index must return exactly the brute-force reference's result set, query after query.
@Suite("Index equals the brute-force reference")
struct IndexVersusReferenceTests {
    /// Index and reference fed the same items, then the same deletes and upserts.
    static func build() -> (SearchIndex, ReferenceSearcher, [Item]) {
        let items = TestCorpus.items(reviews: 900, traditional: 150, simplified: 150)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        var reference = ReferenceSearcher(analyzer: TestCorpus.analyzer)
        for item in items {
            index.add(item)
            reference.add(item)
        }
        // Take some down, and re-send some under the same id with other text (upsert).
        var rng = TestCorpus.Random(seed: 7)
        for item in items.shuffled(using: &rng).prefix(40) {
            let deleted = index.delete(id: item.id)
            #expect(deleted)
            reference.delete(id: item.id)
        }
        for (old, new) in zip(items.shuffled(using: &rng).prefix(40), items.shuffled(using: &rng).prefix(40)) {
            var replacement = new
            replacement = Item(id: old.id, text: new.text)
            replacement.channel = "weibo"
            replacement.time = new.time
            index.add(replacement)
            reference.add(replacement)
        }
        return (index, reference, items)
    }

    @Test("1,200 generated queries: words, 1–3-character substrings, phrases, AND/OR/NOT, NEAR, fields, time")
    func generatedQueries() {
        let (index, reference, items) = Self.build()
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 2026)
        var nonEmpty = 0
        var kinds: [String: Int] = [:]
        for _ in 0..<1_200 {
            let (kind, query) = generator.next()
            kinds[kind, default: 0] += 1
            let expected = reference.matchingIds(query)
            let actual = QueryExecutor.matchingIds(query, in: index)
            if !expected.isEmpty { nonEmpty += 1 }
            #expect(actual == expected, "\(kind): \(query.root) — index \(actual.count), reference \(expected.count); missing \(expected.subtracting(actual).prefix(3)), extra \(actual.subtracting(expected).prefix(3))")
        }
        // The generator must exercise real matches, not only empty sets.
        #expect(nonEmpty > 600, "only \(nonEmpty) queries had hits: \(kinds)")
    }

    @Test("id: finds the live version only: deleted items never, replaced ones in their new text")
    func idQueries() throws {
        let (index, reference, items) = Self.build()
        var rng = TestCorpus.Random(seed: 11)
        // Every item's id (live, deleted, replaced) alone, with a word, negated, and OR-ed.
        var checked = 0
        for item in items.shuffled(using: &rng).prefix(300) {
            let word = String(item.text.filter(\.isLetter).prefix(2))
            for text in ["id:\(item.id)", "id:\(item.id) \(word)", "\(word) -id:\(item.id)", "id:\(item.id) OR id:nosuch"] {
                let query = try QueryParser().parse(text)
                let expected = reference.matchingIds(query)
                #expect(QueryExecutor.matchingIds(query, in: index) == expected, "\(text)")
                checked += expected.isEmpty ? 0 : 1
            }
        }
        #expect(checked > 600)
        // Ids are exact, not folded like text.
        let upper = try QueryParser().parse("id:\(items[0].id.uppercased())X")
        #expect(QueryExecutor.matchingIds(upper, in: index).isEmpty)
    }

    @Test("A post of 100k characters between ordinary ones: its terms and theirs are all found")
    func longPostBetweenShortOnes() throws {
        let items = TestCorpus.items(reviews: 900, traditional: 0, simplified: 0, seed: 5)
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        var reference = ReferenceSearcher(analyzer: TestCorpus.analyzer)
        var long = ""
        // Long enough that its grouping table outgrows what ordinary posts use (and is given back).
        var k = 0
        while long.unicodeScalars.count < 100_000 {
            long += items[k % items.count].text + "。"
            k += 1
        }
        let all = items.prefix(50) + [Item(id: "long", text: long)] + items.suffix(50)
        for item in all {
            index.add(item)
            reference.add(item)
        }
        var generator = QueryGenerator(items: Array(all), analyzer: TestCorpus.analyzer, seed: 17)
        var hitsLong = 0
        for _ in 0..<150 {
            let (kind, query) = generator.next()
            let expected = reference.matchingIds(query)
            #expect(QueryExecutor.matchingIds(query, in: index) == expected, "\(kind): \(query.root)")
            if expected.contains("long") { hitsLong += 1 }
        }
        #expect(hitsLong > 20)
    }

    @Test("A rare term confirmed against a long list: the blocks skipped hold none of its matches")
    func sparseCandidatesAgainstLongLists() throws {
        // 工作 in every post (a list of many blocks); 工作室 only in a few, at block edges
        // (documents 0, 127, 128, 255, 256, …), in the open block at the end, and scattered.
        let rare: Set<Int> = [0, 1, 127, 128, 129, 255, 256, 383, 384, 700, 1023, 1024, 1290, 1291, 1299]
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        var reference = ReferenceSearcher(analyzer: TestCorpus.analyzer)
        for n in 0..<1_300 {
            let text = rare.contains(n) ? "我们的工作室在这里，第\(n)号" : (n % 3 == 0 ? "今天工作很忙，室外下雨" : "工作做完了，在这里休息")
            let item = Item(id: "p\(n)", time: 1_793_000_000 + Int64(n), text: text)
            index.add(item)
            reference.add(item)
        }
        // Some of the rare ones taken down, one re-sent without the term.
        for id in ["p128", "p700"] {
            let deleted = index.delete(id: id)
            #expect(deleted)
            reference.delete(id: id)
        }
        let resent = Item(id: "p1023", text: "工作做完了")
        index.add(resent)
        reference.add(resent)
        for text in ["工作室", "作室", "工作室在", "的工作室", "\"工作室 在这里\"", "工作室 NEAR/3 这里", "工作室 OR 室外", "工作室 -第1号"] {
            let query = try QueryParser().parse(text)
            let expected = reference.matchingIds(query)
            let actual = QueryExecutor.matchingIds(query, in: index)
            #expect(actual == expected, "\(text)")
            let results = QueryExecutor.search(query, in: index, options: SearchOptions(limit: 20))
            let shown = Set(results.hits.map(\.item.id))
            #expect(results.totalHits == expected.count, "\(text)")
            #expect(shown.isSubset(of: expected), "\(text)")
        }
        let expected = Set(rare.subtracting([128, 700, 1023]).map { "p\($0)" })
        let found = QueryExecutor.matchingIds(try QueryParser().parse("工作室"), in: index)
        #expect(found == expected)
    }

    @Test("Search hits are live and the total agrees with the reference")
    func searchTotals() {
        let (index, reference, items) = Self.build()
        var generator = QueryGenerator(items: items, analyzer: TestCorpus.analyzer, seed: 99)
        for _ in 0..<100 {
            let (_, query) = generator.next()
            let results = QueryExecutor.search(query, in: index, options: SearchOptions(limit: 5))
            let expected = reference.matchingIds(query)
            #expect(results.totalHits == expected.count)
            for hit in results.hits { #expect(expected.contains(hit.item.id)) }
        }
    }
}

/// Generates queries whose terms come from the indexed texts, so most have hits.
struct QueryGenerator {
    let items: [Item]
    let analyzer: Analyzer
    var rng: TestCorpus.Random

    init(items: [Item], analyzer: Analyzer, seed: UInt64) {
        self.items = items
        self.analyzer = analyzer
        self.rng = TestCorpus.Random(seed: seed)
    }

    mutating func randomText() -> String { items.randomElement(using: &rng)?.text ?? "小米" }

    /// A word token of a random text, as written in the original (so Traditional stays Traditional).
    mutating func word() -> String {
        let text = randomText()
        let tokens = analyzer.analyze(text).tokens.filter { $0.kind == .cjkWord || $0.kind == .latinWord || $0.kind == .number }
        guard let token = tokens.randomElement(using: &rng) else { return "的" }
        return String(text.slice(characters: token.characterRange))
    }

    /// A run of `length` consecutive Han characters of a random text.
    mutating func substring(_ length: Int) -> String {
        for _ in 0..<20 {
            let scalars = Array(randomText().unicodeScalars)
            guard scalars.count >= length else { continue }
            let start = Int.random(in: 0...(scalars.count - length), using: &rng)
            let piece = scalars[start..<(start + length)]
            if piece.allSatisfy({ $0.value >= 0x4E00 && $0.value <= 0x9FFF }) {
                return String(String.UnicodeScalarView(piece))
            }
        }
        return "酒店"
    }

    /// Two adjacent tokens as a quoted phrase.
    mutating func phrase() -> QueryNode {
        let text = randomText()
        let tokens = analyzer.analyze(text).tokens
        guard tokens.count >= 2 else { return .phrase(word()) }
        let i = Int.random(in: 0..<(tokens.count - 1), using: &rng)
        let a = text.slice(characters: tokens[i].characterRange), b = text.slice(characters: tokens[i + 1].characterRange)
        return .phrase("\(a) \(b)")
    }

    mutating func simple() -> QueryNode {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return .term(word())
        case 1: return .term(substring(1))
        case 2: return .term(substring(2))
        case 3: return .term(substring(3))
        default: return phrase()
        }
    }

    mutating func field() -> QueryNode {
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: return .field(.channel, TestCorpus.channels.randomElement(using: &rng) ?? "weibo")
        case 1: return .field(.city, TestCorpus.cities.randomElement(using: &rng) ?? "北京")
        case 2: return .field(.category, TestCorpus.categories.randomElement(using: &rng) ?? "口碑")
        case 3: return .field(.tag, TestCorpus.tags.randomElement(using: &rng) ?? "新品")
        case 4: return .field(.keyword, ["品牌", "品牌/小米", "服务", "服务/故障", "酒店/服务"].randomElement(using: &rng) ?? "品牌")
        case 5: return .field(.type, "message")
        case 6: return .field(.direction, Bool.random(using: &rng) ? "in" : "out")
        default:
            let start = 1_793_000_000 + Int64.random(in: 0..<(20 * 86_400), using: &rng)
            return .timeRange(lower: start, upper: start + Int64.random(in: 3_600..<(10 * 86_400), using: &rng))
        }
    }

    /// NEAR over two tokens of the same text (so it often matches), in or out of order.
    mutating func near() -> QueryNode {
        let text = randomText()
        let tokens = analyzer.analyze(text).tokens
        guard tokens.count >= 2 else { return .near(.term(word()), .term(word()), distance: 3, ordered: false) }
        let i = Int.random(in: 0..<tokens.count, using: &rng), j = Int.random(in: 0..<tokens.count, using: &rng)
        let a = String(text.slice(characters: tokens[i].characterRange)), b = String(text.slice(characters: tokens[j].characterRange))
        return .near(.term(a), .term(b), distance: Int.random(in: 0...6, using: &rng), ordered: Bool.random(using: &rng))
    }

    mutating func next() -> (String, ParsedQuery) {
        let kind = Int.random(in: 0..<10, using: &rng)
        switch kind {
        case 0: return ("word", ParsedQuery(root: .term(word())))
        case 1: return ("1-char", ParsedQuery(root: .term(substring(1))))
        case 2: return ("2-char", ParsedQuery(root: .term(substring(2))))
        case 3: return ("3-char", ParsedQuery(root: .term(substring(3))))
        case 4: return ("phrase", ParsedQuery(root: phrase()))
        case 5: return ("and", ParsedQuery(root: .and([simple(), simple()])))
        case 6: return ("or", ParsedQuery(root: .or([simple(), .and([simple(), simple()])])))
        case 7: return ("not", ParsedQuery(root: .and([simple(), .not(simple())])))
        case 8: return ("near", ParsedQuery(root: near()))
        default:
            return ("field", ParsedQuery(root: .and([simple(), field()])))
        }
    }
}
