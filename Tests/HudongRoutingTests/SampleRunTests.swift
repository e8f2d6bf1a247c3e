import HudongIndex
import HudongRouting
import Testing

/// The sample files of corpora/routing routed over corpora/feeds/sample.jsonl, as the README shows.
@Suite("sample run")
struct SampleRunTests {
    @Test("the sample subscribers, history and feed give the documented deliveries")
    func sample() throws {
        let subscribers = try Subscribers.load(path: Fixtures.path("corpora/routing/subscribers.yaml"))
        var book = RelationshipBook()
        var history = try FeedReader(path: Fixtures.path("corpora/routing/messages.jsonl"))
        for item in history.readAll().items { book.record(item) }
        var router = Router(subscribers: subscribers, matcher: Fixtures.matcher, relationships: book)
        var feed = try FeedReader(path: Fixtures.path("corpora/feeds/sample.jsonl"))
        var routed: [String: RoutedPost] = [:]
        for item in feed.readAll().items { if let r = router.take(item) { routed[r.post] = r } }

        // p001, 2026-11-01 00:00 in 北京: both fans asleep; the 亢 burst ranks first.
        let p001 = try #require(routed["p001"])
        #expect(p001.deliveries.map(\.fan) == ["fan_05", "fan_01"])
        #expect(p001.deliveries.map(\.stage) == [.intense, .longTerm])
        let deferred = p001.deliveries.map(\.deferred)
        #expect(deferred == [true, true])
        #expect(p001.deliveries[1].deliverAt == Fixtures.time(day: 1, 8))
        #expect(p001.skipped.map(\.reason) == [.noChannel]) // fan_06 opted in to nothing
        // A 促销 post: fan_07 follows the category but opted in only to 生活.
        #expect(routed["p018"]?.skipped.map(\.reason) == [.categoryNotOptedIn("促销")])
        // fan_05's cap of 2 on Nov 1 is used by p001 and p010 before p012.
        #expect(routed["p012"]?.skipped.map(\.reason) == [.capped(cap: 2)])
        #expect(routed["p012"]?.deliveries.map(\.fan) == ["fan_02", "fan_08"])
        let s = router.summary
        #expect(s.posts == 32 && s.deliveries == 47 && s.deferred == 14 && s.capped == 1 && s.noChannel == 11 && s.categoryNotOptedIn == 3)
    }
}
