import Foundation
import HudongIndex
import HudongText

/// A search index whose every change is journaled before it is acknowledged, with snapshots
/// and retention: the entry index made to survive restarts and crashes.
///
/// `open` recovers (newest valid snapshot + journal replay). `ingest` journals the items
/// (fsync per the store's policy) and only then indexes them and returns: an item is
/// acknowledged when `ingest` returns or calls `acknowledged` for it. `delete` is journaled the
/// same way. With a retention window, each ingest also journals `expire(before:)` with the
/// cutoff newest-item-time − window, and drops older items from the results at once and from
/// memory and disk at the next checkpoint (which compacts the index before writing it).
/// `checkpoint` writes a snapshot and deletes the journal segments it makes obsolete.
/// Thread-safe; searches run concurrently on `index`.
public final class DurableIndex: @unchecked Sendable {
    /// The live index: search it directly.
    public let index: ConcurrentSearchIndex
    /// The journal and snapshots.
    public let store: Store
    /// What opening found and did.
    public let recovery: RecoveryReport
    let options: StoreOptions
    let dictionary: UserDictionary?
    let extraSections: @Sendable () -> [any SnapshotSection]
    private let mutex = NSLock()
    let checkpointMutex = NSLock()
    var expiry = ExpiryQueue()
    private var appliedCutoff = Int64.min

    /// What one ingest did.
    public struct IngestOutcome: Sendable, Equatable {
        /// Items whose id was new.
        public var added = 0
        /// Items that replaced a live item with the same id.
        public var replaced = 0
        /// Items dropped by retention (older than the cutoff).
        public var expired = 0
        /// What indexing did with each item indexed, in order (fewer than the items only when a
        /// journal write failed part way under `fsync: always`).
        public var perItem: [SearchIndex.AddOutcome] = []
    }

    /// What a checkpoint did.
    public struct CheckpointReport: Sendable {
        /// The snapshot file written.
        public var snapshot: String
        /// Its size.
        public var bytes: Int
        /// Rotation, capture, compaction and writing, end to end.
        public var seconds: Double
        /// Dead documents dropped from memory by compaction before writing.
        public var compactedDocuments: Int
        /// Obsolete snapshots and journal segments deleted afterwards.
        public var removedFiles: [String]
    }

    private init(index: ConcurrentSearchIndex, store: Store, recovery: RecoveryReport, options: StoreOptions,
                 dictionary: UserDictionary?, extraSections: @escaping @Sendable () -> [any SnapshotSection]) {
        self.index = index
        self.store = store
        self.recovery = recovery
        self.options = options
        self.dictionary = dictionary
        self.extraSections = extraSections
    }

    /// Opens the data directory and rebuilds the index from it.
    ///
    /// `registry` may add other modules' section kinds (the standard index and dictionary
    /// sections are always registered); `restoreExtra` receives the snapshot to pick them out,
    /// `replayCustom` each `.custom` record, and `extraSections` supplies their current state
    /// at each checkpoint. The snapshot's dictionary terms are added to `analyzer`'s user
    /// dictionary before the journal is replayed, so items are analyzed as they were.
    public static func open(
        directory: String, analyzer: Analyzer, options: StoreOptions = StoreOptions(), driver: any StorageDriver = PosixStorage(),
        registry extra: SnapshotRegistry = SnapshotRegistry(),
        restoreExtra: (SnapshotContents) throws(StoreError) -> Void = { _ in },
        replayCustom: @escaping (UInt32, [UInt8]) throws(StoreError) -> Void = { _, _ in },
        extraSections: @escaping @Sendable () -> [any SnapshotSection] = { [] }
    ) throws(StoreError) -> DurableIndex {
        var registry = SnapshotRegistry.standard(analyzer: analyzer, threads: options.threads)
        registry.merge(extra)
        let index = ConcurrentSearchIndex(SearchIndex(analyzer: analyzer))
        let dictionary = analyzer.userDictionary
        var replayer = Replayer(index: index, dictionary: dictionary, threads: options.threads, custom: replayCustom)
        let (store, report) = try Store.open(
            directory: directory, driver: driver, options: options, registry: registry,
            restore: { (contents) throws(StoreError) in
                if let section = contents.section(IndexSection.self) { index.write { $0 = section.index } }
                if let section = contents.section(DictionarySection.self), let dictionary {
                    dictionary.update { changes in
                        for entry in section.entries where !dictionary.contains(entry.term) { changes.add(entry) }
                    }
                }
                try restoreExtra(contents)
            },
            replay: { (records) throws(StoreError) in try replayer.apply(records) })
        let durable = DurableIndex(index: index, store: store, recovery: report, options: options,
                                   dictionary: dictionary, extraSections: extraSections)
        durable.index.read { durable.expiry.rebuild(from: $0) }
        return durable
    }

    private func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }

    /// Runs `body` with ingest, deletes and journal writes held off.
    func withIngestPaused<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T { try locked(body) }

    /// Journals `items`, then indexes them; `acknowledged(range)` is called once the items in
    /// `range` are durable (per the fsync policy), before they are indexed.
    ///
    /// `.batch` and `.never`: one journal write for all items. `.always`: one write and fsync
    /// per item, each acknowledged on its own; if one fails, those before it are indexed (they
    /// are durable) and the error is thrown. Nothing is indexed that is not journaled.
    /// `analyses`, when given, are the items' analyses already made by the caller (one per
    /// item, same order): they are indexed as they are instead of analyzing the items again.
    @discardableResult
    public func ingest(_ items: [Item], analyses: [AnalyzedText]? = nil,
                       acknowledged: (Range<Int>) -> Void = { _ in }) throws(StoreError) -> IngestOutcome {
        precondition(analyses == nil || analyses?.count == items.count, "one analysis per item")
        return try ingestLocked(items, analyses: analyses, acknowledged: acknowledged)
    }

    private func ingestLocked(_ items: [Item], analyses: [AnalyzedText]?, acknowledged: (Range<Int>) -> Void) throws(StoreError) -> IngestOutcome {
        try locked { () throws(StoreError) -> IngestOutcome in
            guard !items.isEmpty else { return IngestOutcome() }
            let cutoff = retentionCutoff(after: items)
            var durable = 0
            var failure: StoreError?
            if options.fsync == .always {
                for (i, item) in items.enumerated() {
                    do throws(StoreError) { try store.append([.upsert(item)]) } catch {
                        failure = error
                        break
                    }
                    durable = i + 1
                    acknowledged(i..<(i + 1))
                }
                if failure == nil, let cutoff {
                    do throws(StoreError) { try store.append([.expire(before: cutoff)]) } catch { failure = error }
                }
            } else {
                try store.append(items.map { .upsert($0) } + (cutoff.map { [.expire(before: $0)] } ?? []))
                durable = items.count
                acknowledged(0..<items.count)
            }
            let results = if let analyses {
                index.add(Array(items[0..<durable]), analyses: Array(analyses[0..<durable]))
            } else {
                index.add(Array(items[0..<durable]), threads: options.threads)
            }
            var outcome = IngestOutcome()
            outcome.perItem = results
            for result in results {
                if result == .added { outcome.added += 1 } else { outcome.replaced += 1 }
            }
            index.read { expiry.push(newDocumentsOf: $0) }
            if failure == nil, let cutoff { outcome.expired = expire(before: cutoff) }
            if let failure { throw failure }
            return outcome
        }
    }

    /// Journals the deletion of `ids`, then deletes them; returns how many were live.
    @discardableResult
    public func delete(ids: [String]) throws(StoreError) -> Int {
        try locked { () throws(StoreError) -> Int in
            try store.append(ids.map { .delete(id: $0) })
            return index.write { idx in ids.reduce(0) { $0 + (idx.delete(id: $1) ? 1 : 0) } }
        }
    }

    /// Journals a user-dictionary addition, then applies it.
    public func addDictionaryTerm(_ entry: UserDictionary.Entry) throws(StoreError) {
        try locked { () throws(StoreError) in
            try store.append([.dictionaryAdd(entry)])
            dictionary?.add(entry.term, weight: entry.weight, tag: entry.tag)
        }
    }

    /// Journals a user-dictionary removal, then applies it; returns whether the term was there.
    @discardableResult
    public func removeDictionaryTerm(_ term: String) throws(StoreError) -> Bool {
        try locked { () throws(StoreError) -> Bool in
            guard dictionary?.contains(term) == true else { return false }
            try store.append([.dictionaryRemove(term: term)])
            return dictionary?.remove(term) ?? false
        }
    }

    /// Journals another module's record (`kind` ≥ `JournalRecord.firstCustomKind`).
    public func journal(custom kind: UInt32, payload: [UInt8]) throws(StoreError) {
        try locked { () throws(StoreError) in try store.append([.custom(kind: kind, payload: payload)]) }
    }

    /// The retention cutoff once `items` are in, if it moves forward.
    private func retentionCutoff(after items: [Item]) -> Int64? {
        guard let retention = options.retention else { return nil }
        var newest = index.read { $0.documents.newestTime }
        for item in items { if let t = item.time, t > newest { newest = t } }
        guard newest != Int64.min else { return nil }
        let cutoff = newest - retention.seconds
        return cutoff > appliedCutoff ? cutoff : nil
    }

    private func expire(before cutoff: Int64) -> Int {
        appliedCutoff = max(appliedCutoff, cutoff)
        return index.write { idx in expiry.expire(before: cutoff, in: &idx) }
    }
}

extension SnapshotRegistry {
    /// Adds the kinds of `other` (they win on a clash).
    public mutating func merge(_ other: SnapshotRegistry) {
        for (kind, entry) in other.entries { entries[kind] = entry }
    }
}
