import ArgumentParser
import Foundation
import HudongIndex
import HudongTagging
import HudongText

/// The `--feed` and `--dict` options shared by commands that build an index from feeds.
struct FeedOptions: ParsableArguments {
    @Option(name: .customLong("feed"), help: "A feed: JSON Lines (.jsonl/.json) or plain text, one post a line (other extensions); - for stdin.")
    var feedPaths: [String] = []

    @Option(name: .long, help: "A user dictionary: one term a line, optional weight and tag.")
    var dict: [String] = []

    @Option(name: .long, help: "Threads for analysis.")
    var threads = 2

    // Persistence (HudongStore): --data DIR recovers the stored index, then journals each batch before indexing it.
    @OptionGroup var store: DataOptions

    // Tagging (HudongTagging): --taxonomy FILE tags every item at ingest (category, tags, keyword paths, metrics).
    @Option(name: .long, help: "A taxonomy (YAML, e.g. corpora/taxonomy/taxonomy.yaml): tag every item at ingest.")
    var taxonomy: String?

    /// What loading the feeds gave.
    struct Loaded {
        let index: ConcurrentSearchIndex
        let items: Int
        let rejected: Int
        /// The tagged view of `index`, with `--taxonomy`.
        var tagged: TaggedIndex? = nil
    }

    /// Reads every feed, reports bad lines on standard error, and indexes the rest.
    func load() throws -> Loaded {
        let analyzer = try AnalyzerOptions(dictionaries: dict).makeAnalyzer()
        let durable = try store.open(analyzer: analyzer, threads: threads, command: "search") // nil without --data
        let index = durable?.index ?? ConcurrentSearchIndex(SearchIndex(analyzer: analyzer))
        let tagged = try taxonomy.map { TaggedIndex(index: index, taxonomy: try Taxonomy.load(path: $0)) }
        var total = 0, rejected = 0
        for path in feedPaths {
            let plain = path != "-" && !(path.hasSuffix(".jsonl") || path.hasSuffix(".json") || path.hasSuffix(".ndjson"))
            let lines = path == "-" ? LineReader() : try LineReader(path: path)
            var feed = FeedReader(lines, format: plain ? .plainText : .jsonLines)
            var batch: [Item] = []
            func flush() throws {
                if let durable {
                    try durable.ingest(tagged.map { t in ParallelTagging.tag(batch, with: t.tagger, threads: threads).map(\.item) } ?? batch)
                } else if let tagged { tagged.add(batch, threads: threads) } else { index.add(batch, threads: threads) }
                total += batch.count
                batch.removeAll(keepingCapacity: true)
            }
            var reported = 0
            while let entry = feed.next() {
                switch entry {
                case let .item(item, _):
                    batch.append(item)
                    if batch.count >= 2048 { try flush() }
                case let .error(error):
                    rejected += 1
                    StandardError.write("hudong: \(error)\n")
                }
                for warning in feed.warnings.dropFirst(reported) { StandardError.write("hudong: \(warning)\n") }
                reported = feed.warnings.count
            }
            try flush()
        }
        try store.finish(durable, command: "search")
        return Loaded(index: index, items: total, rejected: rejected, tagged: tagged)
    }
}
