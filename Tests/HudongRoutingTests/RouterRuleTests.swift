import HudongIndex
import HudongRouting
import Testing

@Suite("routing rules: permissions, quiet hours, caps, order")
struct RouterRuleTests {
    func fan(_ id: String, _ subscriptions: [String], channels: [String] = ["app"], city: String? = nil) -> Subscriber {
        let subs = subscriptions.enumerated().map { i, text in
            Subscription(id: "\(id)#\(i + 1)", kind: .query, value: text, query: (try? QueryParser().parse(text).root) ?? .matchAll)
        }
        return Subscriber(id: id, city: city, channels: channels, subscriptions: subs)
    }

    func router(_ fans: [Subscriber], order: RoutingOrder = .time, history: [Item] = []) -> Router {
        var book = RelationshipBook()
        for item in history { book.record(item) }
        return Router(subscribers: Subscribers(order: order, fans: fans), matcher: Fixtures.matcher, relationships: book)
    }

    func route(_ r: inout Router, _ item: Item) -> RoutedPost {
        r.route(Fixtures.matcher.prepare(item))
    }

    @Test("channels: none opted in holds back; preferred if opted in, else the first")
    func channels() {
        var a = fan("a", ["小米"], channels: [])
        var b = fan("b", ["小米"], channels: ["wechat", "app"])
        b.preferredChannel = "app"
        var c = fan("c", ["小米"], channels: ["sms", "wechat"])
        c.preferredChannel = "weibo"
        a.name = "no channel"
        var r = router([a, b, c])
        let routed = route(&r, Fixtures.post("p1", "小米手机很好", at: Fixtures.time(day: 1, 12)))
        #expect(routed.deliveries.map(\.fan) == ["b", "c"])
        #expect(routed.deliveries.map(\.channel) == ["app", "sms"])
        #expect(routed.skipped.map(\.reason) == [.noChannel])
        #expect(r.summary.noChannel == 1 && r.summary.deliveries == 2)
    }

    @Test("categories: only opted-in ones pass; posts without a category pass")
    func categories() {
        var a = fan("a", ["酒店"])
        a.categories = ["口碑", "客服"]
        var r = router([a])
        #expect(route(&r, Fixtures.post("p1", "酒店很好", at: Fixtures.time(day: 1, 12), category: "促销")).skipped.map(\.reason) == [.categoryNotOptedIn("促销")])
        #expect(route(&r, Fixtures.post("p2", "酒店很好", at: Fixtures.time(day: 1, 12), category: "口碑")).deliveries.count == 1)
        #expect(route(&r, Fixtures.post("p3", "酒店很好", at: Fixtures.time(day: 1, 12))).deliveries.count == 1)
        // Folded: a Traditional-script category matches its Simplified opt-in.
        #expect(route(&r, Fixtures.post("p4", "酒店很好", at: Fixtures.time(day: 1, 12), category: "客服")).deliveries.count == 1)
        #expect(r.summary.categoryNotOptedIn == 1)
    }

    @Test("quiet hours defer to their end and never drop")
    func quietHours() {
        var a = fan("a", ["酒店"])
        a.quietHours = QuietHours(start: 22 * 60, end: 8 * 60, timeZone: .china)
        var r = router([a])
        let night = route(&r, Fixtures.post("p1", "酒店不错", at: Fixtures.time(day: 1, 23, 15))).deliveries
        #expect(night.count == 1 && night[0].deferred && night[0].deliverAt == Fixtures.time(day: 2, 8))
        let day = route(&r, Fixtures.post("p2", "酒店不错", at: Fixtures.time(day: 2, 9))).deliveries
        #expect(day.count == 1 && !day[0].deferred && day[0].deliverAt == Fixtures.time(day: 2, 9))
        #expect(r.summary.deferred == 1 && r.summary.immediate == 1)
    }

    @Test("daily caps count per fan and local day, deferred ones on the day they go out")
    func caps() {
        var a = fan("a", ["酒店"])
        a.dailyCap = 2
        a.quietHours = QuietHours(start: 22 * 60, end: 8 * 60, timeZone: .china)
        var b = fan("b", ["酒店"])
        b.dailyCap = 1
        b.timeZone = .fixed(0) // b's day starts at 08:00 China time
        var r = router([a, b])
        func deliveredTo(_ id: String, _ t: Int64) -> [String] {
            route(&r, Fixtures.post(id, "酒店", at: t)).deliveries.map(\.fan)
        }
        #expect(deliveredTo("p1", Fixtures.time(day: 1, 9)) == ["a", "b"])
        #expect(deliveredTo("p2", Fixtures.time(day: 1, 10)) == ["a"])      // b capped (1)
        #expect(deliveredTo("p3", Fixtures.time(day: 1, 11)) == [])         // a capped (2)
        #expect(deliveredTo("p4", Fixtures.time(day: 1, 23)) == ["a"])      // a deferred to Nov 2 08:00: Nov 2's first; b still in its Nov 1 (UTC)
        #expect(deliveredTo("p5", Fixtures.time(day: 2, 8, 30)) == ["a", "b"]) // b's new UTC day began at 08:00
        #expect(deliveredTo("p6", Fixtures.time(day: 2, 9)) == [])          // a: 2 on Nov 2 already
        #expect(r.summary.capped == 6)
    }

    @Test("order: trust first, then the post's city (location) or delivery time, then file order")
    func order() {
        var near = fan("near", ["手机"], city: "北京")
        near.quietHours = QuietHours(start: 22 * 60, end: 8 * 60, timeZone: .china)
        let far = fan("far", ["手机"], city: "上海")
        let trusted = fan("trusted", ["手机"], city: "上海")
        let plain = fan("plain", ["手机"], city: "北京")
        let t = Fixtures.time(day: 3, 23)
        let history = [Fixtures.message("trusted", .in, at: t - 86_400), Fixtures.message("trusted", .out, at: t - 86_000)]
        var byLocation = router([near, far, trusted, plain], order: .location, history: history)
        let post = Fixtures.post("p1", "新手机到了", at: t, city: "北京")
        let located = route(&byLocation, post).deliveries
        #expect(located.map(\.fan) == ["trusted", "plain", "near", "far"])
        #expect(located.map(\.priority) == [1, 2, 3, 4])
        #expect(located[0].stage == .weak && located[0].trust > 0 && located[1].trust == 0)
        var byTime = router([near, far, trusted, plain], order: .time, history: history)
        #expect(route(&byTime, post).deliveries.map(\.fan) == ["trusted", "far", "plain", "near"])
    }

    @Test("one delivery per fan naming the first matching subscription; messages on the feed raise trust")
    func perFanAndFeedMessages() {
        let a = fan("a", ["价格", "酒店", "酒店 价格"])
        let b = fan("b", ["酒店"])
        var r = router([a, b])
        let first = route(&r, Fixtures.post("p1", "酒店价格合理", at: Fixtures.time(day: 1, 12))).deliveries
        #expect(first.map(\.fan) == ["a", "b"])
        #expect(first[0].subscription == "a#1" && first[0].otherMatches == 2 && first[0].reason == "query 价格")
        for k in 0..<6 {
            _ = r.take(Fixtures.message("b", .in, at: Fixtures.time(day: 2, 9 + k)))
            _ = r.take(Fixtures.message("b", .out, at: Fixtures.time(day: 2, 9 + k, 30)))
        }
        #expect(r.summary.messages == 12)
        let later = r.take(Fixtures.post("p2", "酒店价格合理", at: Fixtures.time(day: 3, 12)))?.deliveries ?? []
        #expect(later.map(\.fan) == ["b", "a"] && later[0].stage == .strong)
        // A post without a time routes at the latest time seen.
        let untimed = r.take(Fixtures.post("p3", "酒店"))
        #expect(untimed?.time == Fixtures.time(day: 3, 12))
    }
}
