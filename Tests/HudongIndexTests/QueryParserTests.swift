import Testing
@testable import HudongIndex

/// The query parser: tree shapes, precedence, fields, times, positioned errors and the round trip.
@Suite struct QueryParserTests {
    let parser = QueryParser()

    func root(_ text: String) throws -> QueryNode { try parser.parse(text).root }

    /// The error for `text`: its message and 1-based column.
    func failure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> (message: String, column: Int) {
        do {
            let parsed = try parser.parse(text)
            Issue.record("expected an error for \(text), got \(parsed)", sourceLocation: sourceLocation)
        } catch {
            if case let .query(message, position, query) = error {
                #expect(query == text, sourceLocation: sourceLocation)
                return (message, position.column)
            }
            Issue.record("expected a query error, got \(error)", sourceLocation: sourceLocation)
        }
        return ("", 0)
    }

    static let nov1 = Int64(1_793_462_400) // 2026-11-01T00:00:00+08:00
    static let nov8 = Int64(1_794_067_200) // 2026-11-08T00:00:00+08:00

    // MARK: terms, phrases, implicit AND

    @Test func termsAndImplicitAnd() throws {
        #expect(try root("小米") == .term("小米"))
        #expect(try root("小米手机") == .term("小米手机"))
        #expect(try root("小米 手机") == .and([.term("小米"), .term("手机")]))
        #expect(try root("小米 AND 手机") == .and([.term("小米"), .term("手机")]))
        #expect(try root("小米\u{3000}手机") == .and([.term("小米"), .term("手机")]))
        #expect(try root("a and b or c") == .and([.term("a"), .term("and"), .term("b"), .term("or"), .term("c")]))
        #expect(try root("10:30 价格：便宜") == .and([.term("10:30"), .term("价格：便宜")]))
        #expect(try root("a-b") == .term("a-b"))
    }

    @Test func emptyAndStar() throws {
        #expect(try root("") == .matchAll)
        #expect(try root("   ") == .matchAll)
        #expect(try root("*") == .matchAll)
        #expect(try root("* 小米") == .term("小米"))
        #expect(try root("小米 OR *") == .matchAll)
        #expect(try parser.parse("sort:time") == ParsedQuery(root: .matchAll, sort: .time))
    }

    @Test func textIsKeptAsWritten() throws {
        #expect(try root("小米手機") == .term("小米手機"))
        #expect(try root("ＸＢＯＸ 華為") == .and([.term("ＸＢＯＸ"), .term("華為")]))
        #expect(try root("\"小米 手機\"") == .phrase("小米 手機"))
        #expect(try root("tag:雙十一") == .field(.tag, "雙十一"))
    }

    @Test func phrasesAndEscapes() throws {
        #expect(try root("\"小米 手机\"") == .phrase("小米 手机"))
        #expect(try root("“小米 手机”") == .phrase("小米 手机"))
        #expect(try root(#""say \"hi\"""#) == .phrase(#"say "hi""#))
        #expect(try root(#"a"b c"d"#) == .and([.term("a"), .phrase("b c"), .term("d")]))
        #expect(try root(#"\AND \-5 http\://x.cn a\ b"#) == .and([.term("AND"), .term("-5"), .term("http://x.cn"), .term("a b")]))
        #expect(try root(#"\*"#) == .term("*"))
    }

    // MARK: operators and precedence

    @Test func orIsLoosest() throws {
        #expect(try root("小米 OR 华为 手机") == .or([.term("小米"), .and([.term("华为"), .term("手机")])]))
        #expect(try root("(小米 OR 华为) 手机") == .and([.or([.term("小米"), .term("华为")]), .term("手机")]))
        #expect(try root("（小米 OR 华为）手机") == .and([.or([.term("小米"), .term("华为")]), .term("手机")]))
        #expect(try root("a AND b OR c AND d") == .or([.and([.term("a"), .term("b")]), .and([.term("c"), .term("d")])]))
    }

    @Test func notBindsTighterThanAnd() throws {
        #expect(try root("NOT 小米 手机") == .and([.not(.term("小米")), .term("手机")]))
        #expect(try root("手机 -小米") == .and([.term("手机"), .not(.term("小米"))]))
        #expect(try root("手机 NOT 小米") == .and([.term("手机"), .not(.term("小米"))]))
        #expect(try root("手机 AND NOT 小米") == .and([.term("手机"), .not(.term("小米"))]))
        #expect(try root("手机 －小米") == .and([.term("手机"), .not(.term("小米"))]))
        #expect(try root("手机 -\"小米 8\" -(a OR b)") == .and([.term("手机"), .not(.phrase("小米 8")), .not(.or([.term("a"), .term("b")]))]))
    }

    @Test func negativeOnlyMeansEverythingBut() throws {
        #expect(try root("-小米") == .and([.matchAll, .not(.term("小米"))]))
        #expect(try root("NOT 小米 -华为") == .and([.matchAll, .not(.term("小米")), .not(.term("华为"))]))
        #expect(try root("a OR -b") == .or([.term("a"), .and([.matchAll, .not(.term("b"))])]))
        #expect(try root("NOT NOT a") == .and([.matchAll, .not(.and([.matchAll, .not(.term("a"))]))]))
        #expect(try root("-(a b)") == .and([.matchAll, .not(.and([.term("a"), .term("b")]))]))
    }

    @Test func nearBindsTighterThanAnd() throws {
        #expect(try root("小米 NEAR/3 手机") == .near(.term("小米"), .term("手机"), distance: 3, ordered: false))
        #expect(try root("\"小米 8\" NEAR/0f 屏幕") == .near(.phrase("小米 8"), .term("屏幕"), distance: 0, ordered: true))
        #expect(try root("a b NEAR/2 c OR d") == .or([.and([.term("a"), .near(.term("b"), .term("c"), distance: 2, ordered: false)]), .term("d")]))
        #expect(try root("-(a NEAR/50 b)") == .and([.matchAll, .not(.near(.term("a"), .term("b"), distance: 50, ordered: false))]))
    }

    @Test func nestedGroupsFlatten() throws {
        #expect(try root("a (b c) ((d))") == .and([.term("a"), .term("b"), .term("c"), .term("d")]))
        #expect(try root("a OR (b OR (c OR d))") == .or([.term("a"), .term("b"), .term("c"), .term("d")]))
        #expect(try root("(a)") == .term("a"))
    }

    // MARK: fields, times, sort

    @Test func fields() throws {
        #expect(try root("channel:weibo") == .field(.channel, "weibo"))
        #expect(try root("kw:品牌/小米/小米手机") == .field(.keyword, "品牌/小米/小米手机"))
        #expect(try root("author:\"张 三\"") == .field(.author, "张 三"))
        #expect(try root("city：北京") == .field(.city, "北京"))
        #expect(try root("Channel:weibo") == .field(.channel, "weibo"))
        #expect(try root("direction:呼入 direction:出") == .and([.field(.direction, "in"), .field(.direction, "out")]))
        #expect(try root("type:MESSAGE") == .field(.type, "message"))
        #expect(try root("-channel:weibo 小米") == .and([.not(.field(.channel, "weibo")), .term("小米")]))
        for field in QueryField.allCases where field != .type && field != .direction {
            #expect(try root("\(field.rawValue):x") == .field(field, "x"))
        }
    }

    @Test func timeRanges() throws {
        #expect(try root("time:2026-11-01..2026-11-07") == .timeRange(lower: Self.nov1, upper: Self.nov8))
        #expect(try root("time:2026-11-01..") == .timeRange(lower: Self.nov1, upper: nil))
        #expect(try root("time:..2026-11-07") == .timeRange(lower: nil, upper: Self.nov8))
        #expect(try root("time:2026-11-01") == .timeRange(lower: Self.nov1, upper: Self.nov1 + 86_400))
        let tenChina: Int64 = 1_793_498_400 // 2026-11-01T10:00:00+08:00 = 02:00Z
        let noonChina: Int64 = 1_793_505_600
        #expect(try root("time:2026-11-01T02:00:00Z..2026-11-01T12:00:00+08:00") == .timeRange(lower: tenChina, upper: noonChina + 1))
        let halfPast: Int64 = tenChina + 31 * 60
        #expect(try root("time:2026-11-01T10:00..2026-11-01T10:30") == .timeRange(lower: tenChina, upper: halfPast))
        #expect(try root("time:\"2026-11-01 10:00:00+0800..\"") == .timeRange(lower: tenChina, upper: nil))
        let utc = QueryParser(timeZoneOffsetSeconds: 0)
        #expect(try utc.parse("time:2026-11-01..").root == .timeRange(lower: 1_793_491_200, upper: nil))
    }

    @Test func sortGoesAside() throws {
        #expect(try parser.parse("小米 sort:time") == ParsedQuery(root: .term("小米"), sort: .time))
        #expect(try parser.parse("sort:influence (a OR b)") == ParsedQuery(root: .or([.term("a"), .term("b")]), sort: .influence))
        #expect(try parser.parse("a sort:time sort:time") == ParsedQuery(root: .term("a"), sort: .time))
        #expect(try parser.parse("a").sort == nil)
    }

    // MARK: errors

    @Test func missingCloseParen() {
        let (message, column) = failure("小米 AND (手机")
        #expect(column == 11)
        #expect(message == "expected `)` to close the `(` at column 8")
    }

    @Test func caretLinesUpUnderWideCharacters() throws {
        do {
            _ = try parser.parse("小米 AND (手机")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == """
                query error at column 11: expected `)` to close the `(` at column 8
                    小米 AND (手机
                                  ^
                """)
        }
        do {
            _ = try parser.parse("😀 foo:bar")
        } catch {
            #expect(error.description.hasSuffix("\n    😀 foo:bar\n       ^"))
        }
    }

    @Test(arguments: [
        ("\"小米 手机", 1, "unterminated phrase"),
        ("a “小米", 3, "unterminated phrase"),
        ("a NEAR/x b", 8, "has no valid distance"),
        ("a NEAR b", 7, "needs a distance"),
        ("a NEAR/99 b", 8, "over the limit of 50"),
        ("a NEAR/3", 3, "needs a term or phrase on its right"),
        ("a NEAR/3 OR b", 3, "needs a term or phrase on its right"),
        ("NEAR/3 b", 1, "needs a term or phrase on its left"),
        ("a NEAR/3 (b OR c)", 10, "cannot take a parenthesized group"),
        ("(a OR b) NEAR/3 c", 1, "parenthesized group, which is not supported"),
        ("a NEAR/2 b NEAR/2 c", 1, "chains are not supported"),
        ("NOT a NEAR/2 b", 1, "negation"),
        ("a NEAR/2 channel:weibo", 10, "field filter"),
        ("foo:bar", 1, "unknown field `foo` (did you mean `from:`?)"),
        ("小米 chanel:weibo", 4, "did you mean `channel:`?"),
        ("keyword:品牌", 1, "did you mean `kw:`?"),
        ("time:2026-13-01", 11, "month 13 is not 1…12"),
        ("time:2026-02-30..", 14, "day 30 does not exist in 2026-02"),
        ("time:2026-11-01..11-07", 20, "bad date `11-07`"),
        ("time:2026-11-01T25:00", 17, "hour 25"),
        ("time:..", 6, "at least one end"),
        ("time:2026-11-07..2026-11-01", 6, "empty time range"),
        ("sort:bogus", 6, "unknown sort `bogus`: use sort:relevance, sort:time or sort:influence"),
        ("sort:time sort:influence", 11, "two different sorts"),
        ("-sort:time a", 2, "cannot be negated"),
        ("小米 AND", 4, "`AND` needs a clause on its right"),
        ("AND 小米", 1, "`AND` needs a clause on its left"),
        ("小米 AND OR 华为", 4, "`AND` needs a clause on its right, found `OR`"),
        ("小米 OR", 4, "`OR` needs a clause on its right"),
        ("OR 小米", 1, "`OR` needs a clause on its left"),
        ("(小米 OR) 华为", 5, "`OR` needs a clause on its right, found `)`"),
        ("()", 1, "empty parentheses"),
        ("a （ ）", 3, "empty parentheses"),
        ("小米 NOT", 4, "`NOT` needs a clause after it"),
        ("NOT", 1, "`NOT` needs a clause after it"),
        ("小米 - 手机", 4, "must be joined to what it excludes"),
        ("小米 )", 4, "there is no `(` for it to close"),
        ("\"\"", 1, "empty phrase"),
        ("channel: weibo", 9, "needs a value"),
        ("type:video", 6, "`type:` is `post` or `message`"),
        ("direction:sideways", 11, "`direction:` is `in`"),
    ])
    func positionedErrors(query: String, column: Int, fragment: String) {
        let (message, actual) = failure(query)
        #expect(actual == column, "\(query): \(message)")
        #expect(message.contains(fragment), "\(query): \(message)")
    }

    // MARK: rendering and the round trip

    @Test func rendering() throws {
        #expect(QueryNode.and([.matchAll, .not(.term("小米"))]).queryText == "* -小米")
        #expect(QueryNode.or([.term("a"), .and([.term("b"), .term("c")])]).queryText == "a OR b c")
        #expect(QueryNode.and([.or([.term("a"), .term("b")]), .term("c")]).queryText == "(a OR b) c")
        #expect(QueryNode.term("AND").queryText == #"\AND"#)
        #expect(QueryNode.term("-5").queryText == #"\-5"#)
        #expect(QueryNode.term("http://x").queryText == #"http\://x"#)
        #expect(QueryNode.field(.author, "张 三").queryText == #"author:"张 三""#)
        #expect(QueryNode.timeRange(lower: Self.nov1, upper: Self.nov8).queryText == "time:2026-11-01T00:00:00+08:00..2026-11-07T23:59:59+08:00")
        #expect(ParsedQuery(root: .term("a"), sort: .time).queryText == "a sort:time")
    }

    @Test func randomTreesRoundTrip() throws {
        var generator = QueryTreeGenerator(seed: 20_261_111)
        for _ in 0..<3000 {
            let query = generator.query()
            let text = query.queryText
            let parsed: ParsedQuery
            do {
                parsed = try parser.parse(text)
            } catch {
                Issue.record("\(text) does not parse: \(error)")
                continue
            }
            #expect(parsed == query, "\(text)")
        }
    }

    @Test func parserOutputRoundTripsInAnyZone() throws {
        let shanghai = QueryParser(), newYork = QueryParser(timeZoneOffsetSeconds: -5 * 3600)
        let text = "time:2026-11-01..2026-11-07 (小米 OR 华为) -\"假 货\" a NEAR/4f b sort:time"
        let parsed = try newYork.parse(text)
        #expect(try shanghai.parse(parsed.queryText) == parsed)
    }
}

/// Makes random query trees in the parser's normal form, from a seed (SplitMix64).
struct QueryTreeGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }

    mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }

    static let terms = [
        "小米", "手机", "華為", "ＸＢＯＸ", "iPhone", "双十一", "and", "or", "not", "AND", "OR", "NOT", "NEAR",
        "NEAR/3", "*", "-5", "a-b", "http://x.cn", "价格：便宜", #"C:\path"#, "(括号)", "“引号”", #"say"hi"#,
        "😀", "a b", "👍🏽赞", "－减", "Re:回复", "10:30", "清华", "吐槽", "（全角）", "x\\", "−3",
    ]
    static let phrases = ["小米 手机", #"say "hi""#, #"back\slash"#, "AND OR", "“中文引号”", "(x)", "屏幕 碎了", "a"]
    static let values = ["weibo", "品牌/小米", "张 三", "北京", #"a"b"#, "(x)", "a:b", "-x", #"back\slash"#, "廣州"]

    mutating func query() -> ParsedQuery {
        let root: QueryNode
        if chance(0.1) {
            root = .and([.matchAll] + (0..<int(1...2)).map { _ in .not(node(depth: 1)) })
        } else {
            root = node(depth: 3)
        }
        return ParsedQuery(root: root, sort: chance(0.2) ? pick(QuerySort.allCases) : nil)
    }

    mutating func node(depth: Int) -> QueryNode {
        if depth == 0 || chance(0.35) { return leaf() }
        return chance(0.5) ? andNode(depth: depth) : orNode(depth: depth)
    }

    mutating func andNode(depth: Int) -> QueryNode {
        var children: [QueryNode] = []
        for _ in 0..<int(2...4) {
            if chance(0.3) {
                children.append(.not(node(depth: depth - 1)))
            } else {
                children.append(depth > 1 && chance(0.3) ? orNode(depth: depth - 1) : leaf())
            }
        }
        if !children.contains(where: { if case .not = $0 { false } else { true } }) { children[0] = leaf() }
        return .and(children)
    }

    mutating func orNode(depth: Int) -> QueryNode {
        .or((0..<int(2...4)).map { _ in depth > 1 && chance(0.3) ? andNode(depth: depth - 1) : leaf() })
    }

    mutating func operand() -> QueryNode { chance(0.7) ? .term(pick(Self.terms)) : .phrase(pick(Self.phrases)) }

    mutating func leaf() -> QueryNode {
        switch int(0...5) {
        case 0, 1: return .term(pick(Self.terms))
        case 2: return .phrase(pick(Self.phrases))
        case 3:
            let field = pick(QueryField.allCases)
            switch field {
            case .type: return .field(.type, pick(ItemType.allCases).rawValue)
            case .direction: return .field(.direction, pick(Direction.allCases).rawValue)
            default: return .field(field, pick(Self.values))
            }
        case 4:
            return .near(operand(), operand(), distance: int(0...50), ordered: chance(0.5))
        default:
            let lower = Int64(946_684_800 + int(0...1_000_000_000))
            let upper = lower + Int64(int(1...100_000_000))
            switch int(0...2) {
            case 0: return .timeRange(lower: lower, upper: nil)
            case 1: return .timeRange(lower: nil, upper: upper)
            default: return .timeRange(lower: lower, upper: upper)
            }
        }
    }
}
