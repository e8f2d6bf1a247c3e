import Dispatch
import HudongIndex
import HudongText
import Synchronization

/// A `ConcurrentSearchIndex` whose items are tagged at ingest and re-tagged live.
///
/// `add` analyzes, tags and indexes items: each comes out with its category, tags and keyword
/// paths, and its content metrics are kept beside the index. `replaceTaxonomy` and
/// `updateDictionary` re-tag everything already indexed, without a restart and without
/// re-ingesting: new labels are computed outside the index lock, then applied in one write,
/// so a query running meanwhile sees each item wholly old or wholly new (and all of them old
/// or all new). Labels given in the feed are remembered and kept through every re-tag (items
/// already in the index when it is wrapped count as given theirs; add items through this type,
/// not through `index` directly, or a re-tag will treat them as having no labels of their own).
/// Thread-safe: ingest, re-tag and queries may run at once from any threads.
public final class TaggedIndex: Sendable {
    /// The index the items live in.
    public let index: ConcurrentSearchIndex
    private let state: Mutex<TaggerState>
    /// Feed-given labels and metrics by item id; changed only inside `index.write`, so a reader
    /// holding the read lock sees them in step with the items.
    private let store = Mutex(LabelStore())
    /// One re-tag at a time.
    private let retagging = Mutex(0)

    /// Tags with `taxonomy`, compiled for the index's analyzer.
    public init(index: ConcurrentSearchIndex, taxonomy: Taxonomy) {
        self.index = index
        let (analyzer, given) = index.read { idx in
            var given: [String: GivenLabels] = [:]
            for (i, item) in idx.documents.items.enumerated() where idx.documents.live[i] {
                let labels = GivenLabels(item)
                if !labels.isEmpty { given[item.id] = labels }
            }
            return (idx.analyzer, given)
        }
        self.state = Mutex(TaggerState(tagger: Tagger(taxonomy: taxonomy, analyzer: analyzer), generation: 0))
        self.store.withLock { $0.given = given }
    }

    /// A new, empty index over `analyzer`, tagged with `taxonomy`.
    public convenience init(analyzer: Analyzer, taxonomy: Taxonomy) {
        self.init(index: ConcurrentSearchIndex(SearchIndex(analyzer: analyzer)), taxonomy: taxonomy)
    }

    /// The tagger in use now.
    public var tagger: Tagger { state.withLock { $0.tagger } }

    /// The taxonomy in use now.
    public var taxonomy: Taxonomy { tagger.compiled.taxonomy }

    /// Analyzes and tags `items` on `threads` threads, then indexes them in one write.
    ///
    /// If the taxonomy changed while the batch was being tagged, the batch is tagged again
    /// with the new one before it is written, so no item is indexed with stale labels.
    @discardableResult
    public func add(_ items: [Item], threads: Int = 1) -> [SearchIndex.AddOutcome] {
        guard !items.isEmpty else { return [] }
        let (tagger, generation) = state.withLock { ($0.tagger, $0.generation) }
        let analyses = ParallelAnalysis.analyze(items.map(\.text), with: tagger.compiled.analyzer, threads: threads)
        var outcomes = ParallelTagging.tag(items, analyses: analyses, with: tagger, threads: threads)
        return index.write { idx in
            let current = state.withLock { $0 }
            if current.generation != generation {
                outcomes = ParallelTagging.tag(items, analyses: analyses, with: current.tagger, threads: 1)
            }
            var labels = LabelBatchBuilder(current.tagger.compiled)
            for i in outcomes.indices { labels.append(outcomes[i]) }
            let results = idx.add(outcomes.map(\.item), analyses: analyses, labels: labels.batch)
            store.withLock { store in
                for i in items.indices {
                    if items[i].category != nil || !items[i].tags.isEmpty || !items[i].keywordPaths.isEmpty {
                        store.given[items[i].id] = GivenLabels(items[i])
                    } else if !store.given.isEmpty {
                        store.given[items[i].id] = nil
                    }
                    store.metrics[items[i].id] = outcomes[i].metrics
                }
            }
            return results
        }
    }

    /// Deletes the item with `id`; returns whether it was there.
    @discardableResult
    public func delete(id: String) -> Bool {
        index.write { idx in
            store.withLock { $0.given[id] = nil; $0.metrics[id] = nil }
            return idx.delete(id: id)
        }
    }

    /// The metrics of the live item `id`.
    public func metrics(id: String) -> ContentMetrics? {
        index.read { _ in store.withLock { $0.metrics[id] } }
    }

    /// Runs `body` on the index and the metrics, consistent with each other, under the read lock.
    public func read<R>(_ body: (SearchIndex, [String: ContentMetrics]) throws -> R) rethrows -> R {
        try index.read { idx in
            let metrics = store.withLock { $0.metrics }
            return try body(idx, metrics)
        }
    }

    /// Runs `query`, ordered by a content metric (or by the index's own order when `sort` is nil).
    public func search(_ query: ParsedQuery, options: SearchOptions = SearchOptions(), sort: MetricSort? = nil) -> SearchResults {
        read { idx, metrics in
            guard let sort else { return QueryExecutor.search(query, in: idx, options: options) }
            return MetricRanking.search(query, in: idx, metrics: metrics, sort: sort, options: options)
        }
    }
}

/// What a re-tag did.
public struct RetagReport: Sendable, Hashable {
    /// Live items examined.
    public var examined = 0
    /// Items whose category, tags or keyword paths changed.
    public var relabelled = 0
    /// Items whose metrics changed.
    public var metricsChanged = 0
    /// Items replaced or deleted while the re-tag ran (they were left as the writer left them).
    public var skipped = 0
}

/// The labels an item came with from its feed: kept through re-tags.
struct GivenLabels: Sendable, Hashable {
    var category: String?
    var tags: [String]
    var keywordPaths: [String]

    init(_ item: Item) {
        category = item.category
        tags = item.tags
        keywordPaths = item.keywordPaths
    }

    var isEmpty: Bool { category == nil && tags.isEmpty && keywordPaths.isEmpty }

    func apply(to item: Item) -> Item {
        var out = item
        out.category = category
        out.tags = tags
        out.keywordPaths = keywordPaths
        return out
    }
}

struct LabelStore: Sendable {
    var given: [String: GivenLabels] = [:]
    var metrics: [String: ContentMetrics] = [:]
}

struct TaggerState: Sendable {
    var tagger: Tagger
    /// Incremented by every taxonomy or dictionary change.
    var generation: Int
}

extension TaggedIndex {
    /// Switches to `taxonomy` and re-tags every indexed item (see `retag`).
    @discardableResult
    public func replaceTaxonomy(_ taxonomy: Taxonomy, threads: Int = 1) -> RetagReport {
        retag(taxonomy: taxonomy, threads: threads)
    }

    /// Applies `body`'s changes to the analyzer's user dictionary, then re-tags everything.
    @discardableResult
    public func updateDictionary(threads: Int = 1, _ body: (inout UserDictionary.Changes) -> Void) -> RetagReport {
        tagger.compiled.analyzer.userDictionary?.update(body)
        return retag(taxonomy: taxonomy, threads: threads)
    }

    /// Re-tags everything after the user dictionary was changed elsewhere (a no-op re-tag when it was not).
    @discardableResult
    public func dictionaryDidChange(threads: Int = 1) -> RetagReport {
        retag(taxonomy: taxonomy, threads: threads)
    }

    /// Compiles `taxonomy` (for the dictionary as it is now), makes it current, and re-tags.
    ///
    /// 1. The new tagger becomes current under the index's write lock: from then on every
    ///    ingest batch is written with it. 2. A snapshot of the index is tagged on `threads`
    ///    threads, outside any lock. 3. One write applies the changed labels (`relabel`) and
    ///    metrics, skipping items replaced or deleted since the snapshot.
    public func retag(taxonomy: Taxonomy, threads: Int = 1) -> RetagReport {
        retagging.withLock { _ in
            let analyzer = index.read { $0.analyzer }
            let tagger = Tagger(taxonomy: taxonomy, analyzer: analyzer)
            index.write { _ in state.withLock { $0 = TaggerState(tagger: tagger, generation: $0.generation + 1) } }
            let (snapshot, labels) = read { idx, _ in (idx, store.withLock { $0 }) }
            let docs = snapshot.documents
            var live: [Int] = []
            live.reserveCapacity(docs.liveCount)
            for i in 0..<docs.count where docs.live[i] { live.append(i) }
            var report = RetagReport()
            report.examined = live.count
            let none = GivenLabels(Item(id: "", text: " "))
            // Analyze and tag in chunks: only the new labels and metrics are kept, never all
            // analyses (or all items unpacked from the store) at once.
            var relabels: [(doc: Int, labels: ItemLabels)] = []
            var metricChanges: [(doc: Int, metrics: ContentMetrics)] = []
            for start in stride(from: 0, to: live.count, by: 4096) {
                let end = min(live.count, start + 4096)
                let stored = live[start..<end].map { docs.items[$0] }
                let chunk = stored.map { (labels.given[$0.id] ?? none).apply(to: $0) }
                let outcomes = ParallelTagging.tag(chunk, with: tagger, threads: threads)
                for (k, outcome) in outcomes.enumerated() {
                    let d = live[start + k]
                    let old = stored[k], new = outcome.item
                    if old.category != new.category || old.tags != new.tags || old.keywordPaths != new.keywordPaths {
                        relabels.append((d, ItemLabels(id: old.id, category: new.category, tags: new.tags, keywordPaths: new.keywordPaths)))
                    }
                    if labels.metrics[old.id] != outcome.metrics { metricChanges.append((d, outcome.metrics)) }
                }
            }
            index.write { idx in
                // Only items still exactly as in the snapshot: anything written since was tagged anew.
                func unchanged(_ d: Int) -> Bool {
                    d < idx.documents.count && idx.documents.live[d] && idx.documents.items.isSame(at: d, as: docs.items, at: d)
                }
                let applicable = relabels.filter { unchanged($0.doc) }
                let stale = Set(relabels.map(\.doc)).subtracting(applicable.map(\.doc))
                report.skipped = stale.count
                let relabelled = Set(applicable.map(\.doc))
                report.relabelled = idx.relabel(applicable.map(\.labels))
                store.withLock { store in
                    for change in metricChanges where relabelled.contains(change.doc) || (!stale.contains(change.doc) && unchanged(change.doc)) {
                        store.metrics[docs.items.id(at: change.doc)] = change.metrics
                        report.metricsChanged += 1
                    }
                }
            }
            return report
        }
    }
}

/// Tagging of many analyzed items on several threads, results in input order.
public enum ParallelTagging {
    /// Analyzes and tags `items` on `threads` threads (for a pipeline that indexes them itself,
    /// such as the journaled store: the tagged items carry their labels into the journal).
    public static func tag(_ items: [Item], with tagger: Tagger, threads: Int) -> [TaggingOutcome] {
        let analyses = ParallelAnalysis.analyze(items.map(\.text), with: tagger.compiled.analyzer, threads: threads)
        return tag(items, analyses: analyses, with: tagger, threads: threads)
    }

    /// Tags `items[i]` with `analyses[i]`; each thread reuses one scratch.
    public static func tag(_ items: [Item], analyses: [AnalyzedText], with tagger: Tagger, threads: Int) -> [TaggingOutcome] {
        let n = min(items.count, analyses.count)
        let threads = max(1, min(threads, n))
        guard threads > 1 else {
            var scratch = TaggingScratch()
            return (0..<n).map { tagger.tag(items[$0], analysis: analyses[$0], scratch: &scratch) }
        }
        let slots = OutcomeSlots(count: n)
        let chunk = (n + threads - 1) / threads
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let lower = t * chunk, upper = min(n, lower + chunk)
            guard lower < upper else { return }
            var scratch = TaggingScratch()
            for i in lower..<upper { slots.set(i, tagger.tag(items[i], analysis: analyses[i], scratch: &scratch)) }
        }
        return slots.values
    }
}

/// Slots written by index from several threads, each slot by exactly one thread.
///
/// One fixed allocation (an `Array`'s `withUnsafeMutableBufferPointer` moves the array out for
/// the call, which two threads must not do at once).
final class OutcomeSlots: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<TaggingOutcome?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(1, count))
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ i: Int, _ value: TaggingOutcome) { storage[i] = value }

    var values: [TaggingOutcome] { (0..<count).compactMap { storage[$0] } }
}
