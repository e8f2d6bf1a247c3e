import HudongIndex
import HudongListening
import Synchronization

/// Social listening attached to an engine: every ingested item also goes through the watchlist.
public final class ListeningState: Sendable {
    private let listener: Mutex<Listener>
    /// Where the watchlist came from.
    public let source: String

    init(listener: Listener, source: String) {
        self.listener = Mutex(listener)
        self.source = source
    }

    /// Passes items to the listener in order; returns the alerts they raised.
    func ingest(_ items: [Item]) -> [Alert] {
        listener.withLock { state in items.flatMap { state.ingest($0) } }
    }

    /// The alerts raised so far.
    public var alerts: [Alert] { listener.withLock { $0.alerts } }

    /// Counts per topic, term, city and channel; peaks and alerts.
    public func summary(top: Int = 10) -> ListeningSummary { listener.withLock { $0.summary(top: top) } }
}

extension Engine {
    /// Loads a watchlist (YAML), listens to the items already indexed, then to everything
    /// ingested from now on.
    public func attachWatchlist(path: String) throws {
        let watchlist = try Watchlist.load(path: path)
        let listener = Listener(matcher: try WatchlistMatcher(watchlist: watchlist, folding: try ScanFolding.standard()))
        let state = ListeningState(listener: listener, source: path)
        forEachIndexedChunk { _ = state.ingest($0) }
        listening.withLock { $0 = state }
    }

    /// The live items in the order they were indexed, chunk by chunk: what a capability
    /// attached late (or after recovery from a data directory) replays to catch up. Listening
    /// windows and routing state are derived from the items, keyed by the items' own times, so
    /// the replay gives them as they were. The items come from one snapshot of the index, a
    /// few thousand at a time, so the stored items are never all unpacked at once.
    func forEachIndexedChunk(_ body: ([Item]) -> Void) {
        let docs = index.snapshot.documents
        var chunk: [Item] = []
        for d in 0..<docs.count where docs.live[d] {
            chunk.append(docs.items[d])
            if chunk.count == 4096 {
                body(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { body(chunk) }
    }

    /// The listening state, when a watchlist is attached.
    public var listeningState: ListeningState? { listening.withLock { $0 } }
}
