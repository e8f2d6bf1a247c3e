import HudongIndex
import HudongRouting
import Testing

@Suite("subscribers file")
struct SubscribersFileTests {
    @Test("the sample YAML file loads with every setting")
    func sampleYAML() throws {
        let s = try Subscribers.load(path: Fixtures.path("corpora/routing/subscribers.yaml"))
        #expect(s.order == .location)
        #expect(s.fans.map(\.id) == ["fan_01", "fan_02", "fan_03", "fan_04", "fan_05", "fan_06", "fan_07", "fan_08"])
        let f1 = s.fans[0]
        #expect(f1.name == "王小明" && f1.city == "北京" && f1.dailyCap == 3)
        #expect(f1.quietHours == QuietHours(start: 22 * 60, end: 8 * 60, timeZone: .fixed(8 * 3600)))
        #expect(f1.channels == ["wechat", "app"] && f1.deliveryChannel == "wechat")
        #expect(f1.subscriptions.map(\.kind) == [.tag, .query])
        #expect(f1.subscriptions.map(\.id) == ["fan_01#1", "fan_01#2"])
        let f3 = s.fans[2]
        #expect(f3.channels == ["wechat"]) // `sms: no` is not an opt-in
        #expect(f3.categories == ["口碑", "客服", "生活"])
        #expect(f3.quietHours?.timeZone == .fixed(8 * 3600)) // the file's default zone
        #expect(f3.subscriptions[2].id == "checkin")
        #expect(s.fans[3].deliveryChannel == "app")
        #expect(s.fans[3].subscriptions[1].kind == .query) // a plain string is a query
        if case .named = s.fans[4].timeZone {} else { Issue.record("Asia/Shanghai should be a named zone") }
        #expect(s.fans[5].channels.isEmpty && s.fans[5].deliveryChannel == nil)
        #expect(s.fans[7].subscriptions[0].query == .field(.keyword, "品牌"))
    }

    @Test("the sample JSON Lines file loads, routing line first")
    func sampleJSONLines() throws {
        let s = try Subscribers.load(path: Fixtures.path("corpora/routing/subscribers.jsonl"))
        #expect(s.order == .time)
        #expect(s.fans.map(\.id) == ["fan_09", "fan_10", "fan_11"])
        #expect(s.fans[0].quietHours?.description == "22:00-08:00 +08:00")
        #expect(s.fans[1].subscriptions.map(\.kind) == [.category, .query])
        #expect(s.fans[2].subscriptions[1].id == "books")
        #expect(s.fans[2].categories == ["口碑"])
    }

    /// Parses `text` as YAML and returns the error's `line:column: reason`.
    func yamlError(_ text: String) -> String {
        do {
            _ = try Subscribers.parse(yaml: text, file: "s.yaml")
            return "no error"
        } catch {
            return error.description
        }
    }

    func jsonError(_ text: String) -> String {
        do {
            _ = try Subscribers.parse(jsonLines: text, file: "s.jsonl")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test("bad values name file:line:column and what was expected")
    func positionedErrors() {
        let head = "fans:\n  - id: a\n    permissions: {channels: [app]}\n"
        #expect(yamlError(head + "    dialy_cap: 3\n").hasPrefix("s.yaml:4:5: unknown key `dialy_cap` in a fan; expected one of: id, name"))
        #expect(yamlError(head + "    quiet_hours: 22:00-8\n").hasPrefix("s.yaml:4:18: expected quiet hours as `HH:MM-HH:MM`"))
        #expect(yamlError(head + "    quiet_hours: 22:00-22:00\n").contains("are empty"))
        #expect(yamlError(head + "    quiet_hours: 00:00-24:00 +08:00\n").contains("cover the whole day"))
        #expect(yamlError(head + "    quiet_hours: 22:00-08:00 Mars/Base\n").contains("`Mars/Base` is not a time zone"))
        #expect(yamlError(head + "    daily_cap: -1\n") == "s.yaml:4:16: expected `daily_cap` (deliveries per local day): a whole number in 1…1000000")
        #expect(yamlError(head + "    preferred_channel: sms\n").hasPrefix("s.yaml:4:24: preferred channel `sms` is not among the fan's opted-in channels"))
        #expect(yamlError(head + "    subscribe:\n      - query: 小米 AND\n").hasPrefix("s.yaml:5:19: query error: `AND` needs a clause on its right"))
        #expect(yamlError(head + "    subscribe:\n      - query: '小米 (手机'\n").hasPrefix("s.yaml:5:23: query error: expected `)`"))
        #expect(yamlError(head + "    subscribe:\n      - {tag: a, category: b}\n").contains("a subscription follows one thing"))
        #expect(yamlError(head + "    subscribe:\n      - {id: x}\n").hasPrefix("s.yaml:5:9: expected one of `category:`"))
        #expect(yamlError(head + "  - id: a\n").hasPrefix("s.yaml:4:9: fan id `a` is already used at line 2"))
        #expect(yamlError("fans:\n  - name: x\n").hasPrefix("s.yaml:2:5: a fan needs an `id`"))
        #expect(yamlError("routing: {order: random}\n").hasPrefix("s.yaml:1:18: expected `order` to be `time` or `location`"))
        #expect(yamlError("fans:\n  - id: 'a\n").hasPrefix("s.yaml:3:1: invalid syntax:"))
        #expect(yamlError("fans: 3\n").hasPrefix("s.yaml:1:7: expected `fans:` to be a list"))
        #expect(yamlError("fans:\n  - id: a\n    permissions: {channels: {app: maybe}}\n").hasPrefix("s.yaml:3:35: expected yes/no"))
        #expect(yamlError(head + "    permissions: {}\n").hasPrefix("s.yaml:3:5: invalid syntax: duplicate key permissions"))
    }

    @Test("JSON Lines errors carry the line of the file")
    func jsonLineErrors() {
        let good = #"{"id": "a", "permissions": {"channels": ["app"]}}"#
        #expect(jsonError(good + "\n" + #"{"id": "b", "daily_cap": "many"}"#).hasPrefix("s.jsonl:2:26: expected `daily_cap`"))
        #expect(jsonError(good + "\n\n" + #"{"id": "c", "subscribe": [{"query": "a OR"}]}"#).hasPrefix("s.jsonl:3:40: query error: `OR` needs a clause"))
        #expect(jsonError(good + "\n" + #"{"id": "b", "city": "北京""#).hasPrefix("s.jsonl:2:25: invalid syntax:"))
        #expect(jsonError(good + "\n" + #"["not", "an object"]"#) == "s.jsonl:2:1: invalid syntax: expected a JSON object `{…}` on each line")
        #expect(jsonError(good + "\n" + #"{"routing": {"order": "time"}}"#).hasPrefix("s.jsonl:2:1: the `routing` line must come before the first fan"))
        #expect(jsonError(#"{"id":"a","permissions":{"channels":["app"]},"subscribe":["小米"]}"#) == "no error")
    }

    @Test("a missing file is an I/O error naming the path")
    func missingFile() {
        #expect(throws: RoutingError.io(path: "/nonexistent/s.yaml", reason: "No such file or directory")) {
            try Subscribers.load(path: "/nonexistent/s.yaml")
        }
    }
}
