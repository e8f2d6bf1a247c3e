import Foundation
import Hudong
import HudongIndex
import HudongREPL
import HudongStore
import Testing

/// `hudong repl --data DIR` and `hudong run --data DIR`: what a session loads, deletes and adds
/// to the dictionary is there after a restart, and the capabilities built on the items
/// (listening, routing) come back as they were.
@Suite("Engine on a data directory")
struct EngineDataDirectoryTests {
    static func path(_ relative: String) -> String { ReplScenarioTests.root + "/" + relative }

    static func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "hudong-engine-\(UUID().uuidString)"
    }

    static func engine(_ directory: String) throws -> Engine {
        let engine = try Engine(threads: 1, storage: Engine.Storage(directory: directory))
        try engine.attachWatchlist(path: path("corpora/listening/watchlist.yaml"))
        try engine.attachSubscribers(path: path("corpora/routing/subscribers.yaml"), messages: [path("corpora/routing/messages.jsonl")])
        return engine
    }

    static func answers(_ engine: Engine) throws -> [[String]] {
        try ["酒店", "小米 OR 华为", "\"性价比\"", "channel:weibo", "*", "自定义词"].map { query in
            try engine.search(query, options: SearchOptions(limit: 100_000)).hits.map(\.item.id).sorted()
        }
    }

    @Test("loads, deletes and dictionary changes survive a restart; listening and routing come back the same")
    func restartKeepsEverything() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let first = try Self.engine(directory)
        let session = ReplSession(engine: first)
        #expect(session.execute("load \(Self.path("corpora/feeds/sample.jsonl"))").output.contains("loaded 44 items"))
        #expect(session.execute("load \(Self.path("corpora/listening/feed.jsonl"))").failed == false)
        #expect(session.execute("delete p001 p002 nosuchid").output == "deleted 2 items (1 id was not indexed)\n")
        #expect(session.execute("dict add 自定义词").failed == false)
        let before = try Self.answers(first)
        let alerts = first.listeningState?.alerts ?? []
        let routed = first.routingState?.counts
        #expect(!alerts.isEmpty, "the listening scenario raises alerts")
        #expect(try first.close() != nil, "leaving writes a snapshot of what was journaled")

        let second = try Self.engine(directory)
        #expect(second.recovery?.fresh == false)
        #expect(try Self.answers(second) == before)
        #expect(second.index.read { $0.item(id: "p001") } == nil, "a deleted item stays deleted")
        #expect(second.dictionary.contains("自定义词"))
        #expect(second.listeningState?.alerts.map(\.key) == alerts.map(\.key))
        #expect(second.listeningState?.alerts.map(\.count) == alerts.map(\.count))
        // Routing is rebuilt from the live items: the deleted posts' deliveries are not counted again.
        let live = second.index.read { idx in (0..<idx.documents.count).compactMap { idx.documents.live[$0] ? idx.documents.items[$0] : nil } }
        let replayed = try Engine(threads: 1)
        try replayed.attachSubscribers(path: Self.path("corpora/routing/subscribers.yaml"), messages: [Self.path("corpora/routing/messages.jsonl")])
        try replayed.ingest(live)
        #expect(second.routingState?.counts.deliveries == replayed.routingState?.counts.deliveries)
        #expect((routed?.deliveries ?? 0) >= (second.routingState?.counts.deliveries ?? 0))
        // Nothing new since the snapshot: leaving writes none.
        #expect(try second.close() == nil)
    }

    @Test("without a snapshot the journal alone restores the session (a crash before leaving)")
    func journalAloneRestores() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try Engine(threads: 1, storage: Engine.Storage(directory: directory))
        let report = try first.ingest(path: Self.path("corpora/feeds/sample.jsonl"))
        #expect(report.items == 44)
        #expect(try first.delete(ids: ["p003"]) == 1)
        try first.addDictionaryTerm(.init(term: "双十一大促"))
        #expect(try first.removeDictionaryTerm("双十一大促"))
        let before = try Self.answers(first)
        try first.durable?.close() // released without a snapshot, as a killed process leaves it

        let second = try Engine(threads: 1, storage: Engine.Storage(directory: directory))
        #expect(second.recovery?.snapshot == nil)
        #expect((second.recovery?.recordsReplayed ?? 0) >= 47)
        #expect(try Self.answers(second) == before)
        #expect(!second.dictionary.contains("双十一大促"))
        #expect(second.stats().liveItems == 43)
    }

    @Test("re-sending a feed replaces items without counting or routing them twice")
    func resentFeedIsNotCountedTwice() throws {
        let engine = try Engine(threads: 1)
        try engine.attachWatchlist(path: Self.path("corpora/listening/watchlist.yaml"))
        try engine.attachSubscribers(path: Self.path("corpora/routing/subscribers.yaml"))
        _ = try engine.ingest(path: Self.path("corpora/feeds/sample.jsonl"))
        let mentioned = engine.listeningState?.summary().mentionedItems
        let deliveries = engine.routingState?.counts.deliveries
        #expect((mentioned ?? 0) > 0 && (deliveries ?? 0) > 0)
        _ = try engine.ingest(path: Self.path("corpora/feeds/sample.jsonl"))
        #expect(engine.stats().liveItems == 44)
        #expect(engine.listeningState?.summary().mentionedItems == mentioned)
        #expect(engine.routingState?.counts.deliveries == deliveries)
    }

    @Test("an unwritable data directory is a clear error, not a crash")
    func unwritableDirectory() throws {
        #expect(throws: StoreError.self) { try Engine(threads: 1, storage: Engine.Storage(directory: "/proc/hudong-cannot-be-here")) }
    }
}
