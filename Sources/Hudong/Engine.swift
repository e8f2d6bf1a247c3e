import Foundation
import HudongIndex
import HudongListening
import HudongRouting
import HudongTagging
import HudongText
import Synchronization

/// Hudong's engine: one analyzer and one index, and the capabilities built on them.
///
/// Everything the command line and the REPL do goes through here: ingest (analyze once,
/// index), search, the user dictionary. Thread-safe: the index is a `ConcurrentSearchIndex`
/// and the dictionary swaps immutable snapshots.
public final class Engine: Sendable {
    /// The analyzer shared by ingest and queries.
    public let analyzer: Analyzer
    /// The live user dictionary inside `analyzer`.
    public let dictionary: UserDictionary
    /// The entry index.
    public let index: ConcurrentSearchIndex
    /// Threads used to analyze ingest batches.
    public let threads: Int
    /// Listening, once a watchlist is attached (`attachWatchlist`).
    let listening = Mutex<ListeningState?>(nil)
    /// Routing, once subscribers are attached (`attachSubscribers`).
    let routing = Mutex<RoutingState?>(nil)
    /// Tagging, once a taxonomy is attached (`attachTaxonomy`).
    let tagging = Mutex<TaggingState?>(nil)

    /// Creates an engine with the standard Chinese analyzer and the given dictionary files.
    public init(dictionaryFiles: [String] = [], threads: Int = 2) throws {
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
        self.index = ConcurrentSearchIndex(SearchIndex(analyzer: analyzer))
        self.threads = max(1, threads)
    }

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
        func flush() -> Bool {
            guard !batch.isEmpty else { return true }
            let labeled = analyzeTagAndIndex(batch).items
            if let listening = listeningState { report.alerts += listening.ingest(labeled) }
            routingState?.ingest(labeled)
            report.items += batch.count
            batch.removeAll(keepingCapacity: true)
            return progress(report.items)
        }
        reading: while let entry = reader.next() {
            switch entry {
            case let .item(item, _):
                batch.append(item)
                report.bytes += item.text.utf8.count
                if batch.count >= batchSize, !flush() { break reading }
            case let .error(error):
                report.errors.append(error.description)
            }
        }
        _ = flush()
        report.warnings = reader.warnings.map { "\($0)" }
        report.seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        return report
    }

    /// Indexes items (analysis on `threads` threads).
    @discardableResult
    public func ingest(_ items: [Item]) -> [SearchIndex.AddOutcome] {
        let (labeled, outcomes) = analyzeTagAndIndex(items)
        _ = listeningState?.ingest(labeled)
        routingState?.ingest(labeled)
        return outcomes
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
    }

    public func stats() -> Stats {
        index.read { idx in
            Stats(liveItems: idx.documents.liveCount, storedItems: idx.documents.count, textBytes: idx.textBytes,
                  terms: idx.terms.count, bigrams: idx.terms.bigramCount, postingBytes: idx.postings.usedBytes,
                  dictionaryTerms: dictionary.count, dictionaryVersion: dictionary.snapshot.version,
                  newestTime: idx.documents.newestTime == Int64.min ? nil : idx.documents.newestTime)
        }
    }

    static func isJSONLines(_ path: String) -> Bool {
        path.hasSuffix(".jsonl") || path.hasSuffix(".json") || path.hasSuffix(".ndjson")
    }
}
