import Foundation
import HudongText

/// A `SearchIndex` shared by threads: many readers at once, one writer at a time.
///
/// A query holds the read lock for its whole run, so it sees every item wholly before or
/// wholly after a concurrent change (an ingest batch, a delete, a re-tag). Analysis of an
/// ingest batch runs outside the lock, on `threads` threads; only the postings update holds it.
public final class ConcurrentSearchIndex: @unchecked Sendable {
    private var index: SearchIndex
    private var lock = pthread_rwlock_t()

    public init(_ index: SearchIndex) {
        self.index = index
        pthread_rwlock_init(&lock, nil)
    }

    deinit { pthread_rwlock_destroy(&lock) }

    /// Runs `body` on the current index under the read lock.
    public func read<R>(_ body: (SearchIndex) throws -> R) rethrows -> R {
        pthread_rwlock_rdlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        return try body(index)
    }

    /// Runs `body` on the index under the write lock.
    public func write<R>(_ body: (inout SearchIndex) throws -> R) rethrows -> R {
        pthread_rwlock_wrlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        return try body(&index)
    }

    /// A copy of the index as it is now (cheap: the copy shares storage until the next write).
    public var snapshot: SearchIndex { read { $0 } }

    /// Analyzes `items` on `threads` threads, then indexes them in order under the write lock.
    @discardableResult
    public func add(_ items: [Item], threads: Int = 1) -> [SearchIndex.AddOutcome] {
        let analyzer = read { $0.analyzer }
        let analyses = ParallelAnalysis.analyze(items.map(\.text), with: analyzer, threads: threads)
        return write { $0.add(items, analyses: analyses) }
    }

    /// Indexes `items` with their analyses already made (`analyses[i]` is `items[i]`'s), in one write.
    @discardableResult
    public func add(_ items: [Item], analyses: [AnalyzedText]) -> [SearchIndex.AddOutcome] {
        write { $0.add(items, analyses: analyses) }
    }

    /// Deletes the item with `id`; returns whether it was there.
    @discardableResult
    public func delete(id: String) -> Bool { write { $0.delete(id: id) } }

    /// Runs `query`.
    public func search(_ query: ParsedQuery, options: SearchOptions = SearchOptions()) -> SearchResults {
        read { QueryExecutor.search(query, in: $0, options: options) }
    }
}

/// Analysis of many texts on several threads, results in input order.
public enum ParallelAnalysis {
    public static func analyze(_ texts: [String], with analyzer: Analyzer, threads: Int) -> [AnalyzedText] {
        let threads = max(1, min(threads, texts.count))
        guard threads > 1 else { return texts.map(analyzer.analyze) }
        let results = ResultSlots<AnalyzedText>(count: texts.count)
        let chunk = (texts.count + threads - 1) / threads
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let lower = t * chunk, upper = min(texts.count, lower + chunk)
            guard lower < upper else { return }
            for i in lower..<upper { results.set(i, analyzer.analyze(texts[i])) }
        }
        return results.values
    }
}

/// Slots written by index from several threads, each slot by one thread only.
///
/// Backed by one fixed allocation: an `Array`'s `withUnsafeMutableBufferPointer` moves the
/// array out for the duration of the call, which two threads must not do at once.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
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

    func set(_ i: Int, _ value: T) { storage[i] = value }

    var values: [T] { (0..<count).compactMap { storage[$0] } }
}
