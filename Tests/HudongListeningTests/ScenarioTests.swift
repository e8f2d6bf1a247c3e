import HudongIndex
import HudongListening
import Testing

/// The scenario of corpora/listening: five days of real reviews with a burst of complaints about
/// 联想 on 2026-11-12 between 20:00 and 21:00 (+08:00).
@Suite("Listening scenario")
struct ScenarioTests {
    static let burstStart: Int64 = 1_794_484_800   // 2026-11-12T20:00:00+08:00

    func replay() throws -> (alerts: [Alert], listener: Listener) {
        let folder = ListeningFixtures.root + "/corpora/listening/"
        let watchlist = try Watchlist.load(path: folder + "watchlist.yaml")
        var listener = Listener(matcher: try WatchlistMatcher(watchlist: watchlist, folding: ListeningFixtures.folding))
        var reader = try FeedReader(path: folder + "feed.jsonl")
        var alerts: [Alert] = []
        while let entry = reader.next() {
            let item = try #require(entry.item, "\(entry)")
            alerts += listener.ingest(item)
        }
        return (alerts, listener)
    }

    @Test("the burst raises a spike and a negative alert for 联想, and nothing else fires outside it")
    func burst() throws {
        let (alerts, listener) = try replay()
        let spike = try #require(alerts.first { $0.kind == .spike && $0.key == "联想" })
        #expect(spike.window.start == Self.burstStart)
        #expect(spike.window.from == "2026-11-12T20:00:00+08:00")
        #expect(spike.samples.allSatisfy { $0.hasPrefix("burst") })
        let negative = try #require(alerts.first { $0.kind == .negative && $0.topic == "联想" })
        #expect(negative.window.start == Self.burstStart && !negative.phrases.isEmpty)
        #expect(alerts.contains { $0.key == "联想 city=上海" })
        // Everything raised is about the burst hour (京东 rides along: several burst reviews name it).
        #expect(alerts.allSatisfy { $0.window.start == Self.burstStart })
        #expect(Set(alerts.map(\.topic)) == ["联想", "京东"])

        let summary = listener.summary()
        let lenovo = try #require(summary.topics.first { $0.name == "联想" })
        #expect(lenovo.peak?.start == Self.burstStart && lenovo.peak?.count == 32)
        #expect(summary.items == 6032 && summary.lateItems == 0 && summary.untimedItems == 0)
    }

    @Test("replaying the scenario gives the same alerts")
    func deterministic() throws {
        let first = try replay().alerts
        let second = try replay().alerts
        #expect(first == second && !first.isEmpty)
    }
}
