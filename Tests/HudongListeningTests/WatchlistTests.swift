import HudongIndex
import HudongListening
import Testing

@Suite("Watchlist files")
struct WatchlistTests {
    /// The position and reason of the error `yaml` raises.
    func failure(_ yaml: String) -> (line: Int, column: Int, message: String)? {
        do {
            let watchlist = try Watchlist.parse(yaml: yaml, file: "w.yaml")
            _ = try WatchlistMatcher(watchlist: watchlist, folding: ListeningFixtures.folding)
            return nil
        } catch {
            switch error {
            case let .yamlSyntax(mark, reason), let .watchlist(mark, reason):
                #expect(error.description.hasPrefix("w.yaml:\(mark.line):\(mark.column): "))
                return (mark.line, mark.column, reason)
            case let .emptyKeyword(_, mark):
                return (mark?.line ?? 0, mark?.column ?? 0, error.description)
            default:
                return (0, 0, error.description)
            }
        }
    }

    @Test("a full watchlist parses")
    func parses() throws {
        let watchlist = try Watchlist.parse(yaml: """
            window: 30m
            baseline: 12
            sensitivity: high
            min_count: 3
            cooldown: 1h30m
            near: 8
            timezone: "+00:00"
            alert_on: [topic, city]
            negative:
              words: [失望, 垃圾]
              min_count: 2
            topics:
              - name: 小米
                terms: [小米, Xiaomi]
                variants: 小 米
                exclude: [小米粥, 小米椒]
                complaints: [无法连接, 红灯闪烁]
                rules: ['"红米" NEAR/5 手机', 'MIUI AND -广告']
                channels: [weibo]
                cities: [北京, 上海]
                sensitivity: low
                min_count: 10
            """)
        let settings = watchlist.settings
        #expect(settings.windowSeconds == 1800 && settings.baselineWindows == 12 && settings.sensitivity == .high)
        #expect(settings.minimumCount == 3 && settings.cooldownSeconds == 5400 && settings.near == 8)
        #expect(settings.utcOffsetSeconds == 0 && settings.alertScopes == [.topic, .city])
        #expect(settings.negativeMinimumCount == 2 && watchlist.negativeWords.map(\.text) == ["失望", "垃圾"])
        let topic = try #require(watchlist.topics.first)
        #expect(topic.terms.map(\.text) == ["小米", "Xiaomi", "小 米"])
        #expect(topic.terms[1].mark == SourceMark(file: "<watchlist>", line: 14, column: 17))
        #expect(topic.exclusions.count == 2 && topic.complaints.count == 2 && topic.rules.count == 2)
        #expect(topic.rules[0].query == .near(.phrase("红米"), .term("手机"), distance: 5, ordered: false))
        #expect(topic.channels == ["weibo"] && topic.cities == ["北京", "上海"])
        #expect(topic.sensitivity == .low && topic.minimumCount == 10)
    }

    @Test("errors point at file:line:column and say what was expected")
    func positionedErrors() {
        let cases: [(String, Int, Int, String)] = [
            ("topics:\n  - name: a\n    terms: [x]\n    colour: red\n", 4, 5, "unknown key `colour` in a topic; expected one of"),
            ("sensitivity: extreme\ntopics:\n  - name: a\n    terms: [x]\n", 1, 14, "expected sensitivity: low, medium or high"),
            ("window: soon\ntopics:\n  - name: a\n    terms: [x]\n", 1, 9, "expected window: a duration"),
            ("baseline: -3\ntopics:\n  - name: a\n    terms: [x]\n", 1, 11, "expected baseline (trailing windows): a whole number"),
            ("topics:\n  - name: a\n    terms: {x: 1}\n", 3, 12, "expected terms: a list of strings"),
            ("topics:\n  - terms: [x]\n", 2, 5, "expected `name:` in this topic"),
            ("topics:\n  - name: a\n    exclude: [b]\n", 2, 5, "expected `terms:` (or `rules:`) in topic `a`"),
            ("topics: []\n", 1, 1, "expected a `topics:` list with at least one topic"),
            ("topics:\n  - name: a\n    terms: [x\n", 4, 1, "did not find expected ',' or ']'"),
            ("topics:\n  - name: a\n    terms: [x]\n  - name: a\n    terms: [y]\n", 4, 5, "duplicate topic name `a`"),
            ("alert_on: [topic, mood]\ntopics:\n  - name: a\n    terms: [x]\n", 1, 19, "expected alert_on entries among"),
            ("topics:\n  - name: a\n    terms: [x]\n    rules: ['x AND (y']\n", 4, 22, "rule `x AND (y`"),
            ("topics:\n  - name: a\n    terms: [x]\n    rules: [channel:weibo]\n", 4, 13, "a rule needs at least one term or phrase"),
            ("topics:\n  - name: a\n    terms: [x, ' - ']\n", 3, 16, "has no characters left after folding"),
        ]
        for (yaml, line, column, message) in cases {
            guard let found = failure(yaml) else {
                Issue.record("no error for \(yaml)")
                continue
            }
            #expect(found.line == line && found.column == column, "\(yaml) → \(found)")
            #expect(found.message.contains(message), "\(yaml) → \(found.message)")
        }
    }

    @Test("the scenario watchlist parses")
    func scenarioWatchlist() throws {
        let watchlist = try Watchlist.load(path: ListeningFixtures.root + "/corpora/listening/watchlist.yaml")
        #expect(watchlist.topics.map(\.name) == ["联想", "华硕", "三星", "当当", "京东", "携程", "如家"])
        #expect(throws: ListeningError.self) { try Watchlist.load(path: "/nonexistent/watchlist.yaml") }
    }
}
