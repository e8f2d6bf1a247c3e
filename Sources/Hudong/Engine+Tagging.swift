import HudongIndex
import HudongStore
import HudongTagging
import HudongText

/// The taxonomy attached to an engine: every item is tagged from its one analysis before indexing.
public struct TaggingState: Sendable {
    public let taxonomy: Taxonomy
    public let tagger: Tagger
    /// Where the taxonomy came from.
    public let source: String

    /// Labels a batch (category, tags, keyword paths) from analyses already made.
    func tag(_ items: [Item], analyses: [AnalyzedText]) -> [Item] {
        var scratch = TaggingScratch()
        // Read in place (`zip` would copy each analysis).
        return items.withUnsafeBufferPointer { items in
            analyses.withUnsafeBufferPointer { analyses in
                (0..<min(items.count, analyses.count)).map { tagger.tag(items[$0], analysis: analyses[$0], scratch: &scratch).item }
            }
        }
    }
}

extension Engine {
    /// Loads a taxonomy (YAML): items ingested from now on are tagged with it.
    public func attachTaxonomy(path: String) throws {
        let taxonomy = try Taxonomy.load(path: path)
        tagging.withLock { $0 = TaggingState(taxonomy: taxonomy, tagger: Tagger(taxonomy: taxonomy, analyzer: analyzer), source: path) }
    }

    /// The tagging state, when a taxonomy is attached.
    public var taggingState: TaggingState? { tagging.withLock { $0 } }

    /// Analyzes a batch once on `threads` threads, tags it (with a taxonomy), journals it (with
    /// a data directory) and indexes it; returns the labeled items and what indexing did with each.
    func analyzeTagAndIndex(_ items: [Item]) throws(StoreError) -> (items: [Item], outcomes: [SearchIndex.AddOutcome]) {
        let analyses = ParallelAnalysis.analyze(items.map(\.text), with: analyzer, threads: threads)
        let labeled = taggingState?.tag(items, analyses: analyses) ?? items
        if let durable {
            // Journaled with their labels, so recovery needs no taxonomy to restore them.
            let outcome = try durable.ingest(labeled, analyses: analyses)
            return (labeled, outcome.perItem)
        }
        return (labeled, index.add(labeled, analyses: analyses))
    }
}

/// The items whose id was new (`.added`): what listening and routing take, so a re-sent item
/// is neither counted nor delivered twice.
func newlyAdded(_ batch: (items: [Item], outcomes: [SearchIndex.AddOutcome])) -> [Item] {
    zip(batch.items, batch.outcomes).filter { $0.1 == .added }.map(\.0)
}
