import Foundation
import HudongIndex
import HudongListening
import HudongRouting
import HudongStore
import HudongTagging
import HudongText
import Synchronization

/// Hudong's engine: one analyzer and one index, and the capabilities built on them.
///
/// Everything the command line and the REPL do goes through here: ingest (analyze once, tag,
/// index, listen, route), search, deletes, the user dictionary. With a data directory every
/// ingest, delete and dictionary change is journaled before it is applied (HudongStore), and
/// opening recovers the index from the newest snapshot plus the journal. Thread-safe: the index
/// is a `ConcurrentSearchIndex` and the dictionary swaps immutable snapshots.
public final class Engine: Sendable {
    /// The analyzer shared by ingest and queries.
    public let analyzer: Analyzer
    /// The live user dictionary inside `analyzer`.
    public let dictionary: UserDictionary
    /// The entry index.
    public let index: ConcurrentSearchIndex
    /// Threads used to analyze ingest batches.
    public let threads: Int
    /// The journal and snapshots, when the engine was opened on a data directory.
    public let durable: DurableIndex?
    /// Listening, once a watchlist is attached (`attachWatchlist`).
    let listening = Mutex<ListeningState?>(nil)
    /// Routing, once subscribers are attached (`attachSubscribers`).
    let routing = Mutex<RoutingState?>(nil)
    /// Tagging, once a taxonomy is attached (`attachTaxonomy`).
    let tagging = Mutex<TaggingState?>(nil)

    /// Where an engine keeps its state between runs.
    public struct Storage: Sendable {
        /// The data directory (created if missing).
        public var directory: String
        /// Journal, snapshot and retention settings.
        public var options: StoreOptions

        public init(directory: String, options: StoreOptions = StoreOptions()) {
            self.directory = directory
            self.options = options
        }
    }

    /// Creates an engine with the standard Chinese analyzer and the given dictionary files;
    /// with `storage`, recovers the index (and dictionary changes) from its data directory.
    public init(dictionaryFiles: [String] = [], threads: Int = 2, storage: Storage? = nil) throws {
        var entries: [UserDictionary.Entry] = []
        for path in dictionaryFiles {
            let bytes = try FileBytes.read(path: path)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw TextError.dictionaryLine(source: path, line: LineDecoder.firstInvalidLine(bytes), reason: "invalid UTF-8")
            }
            entries += try UserDictionary.parse(text, source: path)
        }
        let dictionary = try UserDictionary(entries)
        self.dictionary = dictionary
        self.analyzer = try Analyzer.chinese(userDictionary: dictionary)
        self.threads = max(1, threads)
        if let storage {
            var options = storage.options
            options.threads = self.threads
            let durable = try DurableIndex.open(directory: storage.directory, analyzer: analyzer, options: options)
            self.durable = durable
            self.index = durable.index
        } else {
            self.durable = nil
            self.index = ConcurrentSearchIndex(SearchIndex(analyzer: analyzer))
        }
    }

    /// What opening the data directory found (nil without one).
    public var recovery: RecoveryReport? { durable?.recovery }

    /// What an ingest did.
    public struct IngestReport: Sendable {
        public var items = 0
        public var bytes = 0
        public var errors: [String] = []
        public var warnings: [String] = []
        public var seconds = 0.0
        /// Alerts the listening job raised on these items.
        public var alerts: [Alert] = []

        public init() {}
    }

    /// Reads a feed file (JSON Lines by extension `.jsonl`/`.json`/`.ndjson`, else plain text)
    /// and indexes it; bad lines are reported in the result and skipped.
    /// `progress(items)` is called after each batch; returning false stops the ingest there.
    public func ingest(path: String, batchSize: Int = 4096, progress: (Int) -> Bool = { _ in true }) throws -> IngestReport {
        let format: FeedFormat = path == "-" || Engine.isJSONLines(path) ? .jsonLines : .plainText
        var reader = path == "-" ? FeedReader(LineReader(), format: format) : try FeedReader(path: path, format: format)
        var report = IngestReport()
        let started = ContinuousClock.now
        var batch: [Item] = []
        func flush() throws -> Bool {
            guard !batch.isEmpty else { return true }
            let fresh = newlyAdded(try analyzeTagAndIndex(batch))
            if let listening = listeningState { report.alerts += listening.ingest(fresh) }
            routingState?.ingest(fresh)
            report.items += batch.count
            batch.removeAll(keepingCapacity: true)
            return progress(report.items)
        }
        reading: while let entry = reader.next() {
            switch entry {
            case let .item(item, _):
                batch.append(item)
                report.bytes += item.text.utf8.count
                if batch.count >= batchSize, try !flush() { break reading }
            case let .error(error):
                report.errors.append(error.description)
            }
        }
        _ = try flush()
        report.warnings = reader.warnings.map { "\($0)" }
        report.seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        return report
    }

    /// Indexes items (analysis on `threads` threads); with a data directory, journals them first.
    ///
    /// Items whose id was new also go to listening and routing; a re-sent item (same id)
    /// replaces the indexed one but is not counted or delivered again.
    @discardableResult
    public func ingest(_ items: [Item]) throws(StoreError) -> [SearchIndex.AddOutcome] {
        let (labeled, outcomes) = try analyzeTagAndIndex(items)
        let fresh = newlyAdded((labeled, outcomes))
        _ = listeningState?.ingest(fresh)
        routingState?.ingest(fresh)
        return outcomes
    }

    /// Deletes items by id (journaled first with a data directory); returns how many were live.
    @discardableResult
    public func delete(ids: [String]) throws(StoreError) -> Int {
        if let durable { return try durable.delete(ids: ids) }
        return index.write { idx in ids.reduce(0) { $0 + (idx.delete(id: $1) ? 1 : 0) } }
    }

    /// Adds a user-dictionary term (journaled first with a data directory).
    public func addDictionaryTerm(_ entry: UserDictionary.Entry) throws(StoreError) {
        if let durable { return try durable.addDictionaryTerm(entry) }
        dictionary.add(entry.term, weight: entry.weight, tag: entry.tag)
    }

    /// Removes a user-dictionary term (journaled first with a data directory); false if absent.
    public func removeDictionaryTerm(_ term: String) throws(StoreError) -> Bool {
        if let durable { return try durable.removeDictionaryTerm(term) }
        return dictionary.remove(term)
    }

    /// Writes a snapshot if anything was journaled since the last one, then releases the data
    /// directory (fsync, unlock). A no-op without one. Call once, when the engine is done.
    @discardableResult
    public func close() throws(StoreError) -> DurableIndex.CheckpointReport? {
        guard let durable else { return nil }
        let report = durable.store.journalBytesSinceSnapshot > 0 ? try durable.checkpoint() : nil
        try durable.close()
        return report
    }

    /// Parses and runs a query.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws(IndexError) -> SearchResults {
        let parsed = try QueryParser().parse(query)
        return index.search(parsed, options: options)
    }

    /// Counts that describe the engine's state.
    public struct Stats: Sendable {
        public var liveItems: Int
        public var storedItems: Int
        public var textBytes: Int64
        public var terms: Int
        public var bigrams: Int
        public var postingBytes: Int
        public var dictionaryTerms: Int
        public var dictionaryVersion: Int
        public var newestTime: Int64?
        /// Where the index's memory goes (an estimate from its structures).
        public var memory: IndexMemory
    }

    public func stats() -> Stats {
        index.read { idx in
            Stats(liveItems: idx.documents.liveCount, storedItems: idx.documents.count, textBytes: idx.textBytes,
                  terms: idx.terms.count, bigrams: idx.terms.bigramCount, postingBytes: idx.postings.usedBytes,
                  dictionaryTerms: dictionary.count, dictionaryVersion: dictionary.snapshot.version,
                  newestTime: idx.documents.newestTime == Int64.min ? nil : idx.documents.newestTime,
                  memory: idx.memoryUse())
        }
    }

    static func isJSONLines(_ path: String) -> Bool {
        path.hasSuffix(".jsonl") || path.hasSuffix(".json") || path.hasSuffix(".ndjson")
    }
}
