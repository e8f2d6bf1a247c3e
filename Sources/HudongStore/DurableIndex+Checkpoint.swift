import Foundation
import HudongIndex
import HudongText

extension DurableIndex {
    /// Writes a snapshot of the current state and removes the files it makes obsolete.
    ///
    /// Ingest pauses while the journal rotates and the state is captured (and, if items were
    /// deleted, replaced or expired, while the index is compacted); the snapshot is then written
    /// while ingest goes on into the new segment. `extraSections` is called in that pause. On
    /// failure (full disk, unwritable directory) nothing is lost: the temp file is removed, the
    /// previous snapshot and every journal segment stay, and the error is thrown.
    public func checkpoint() throws(StoreError) -> CheckpointReport {
        checkpointMutex.lock()
        defer { checkpointMutex.unlock() }
        let started = ContinuousClock.now
        let (segment, sections, compacted) = try withIngestPaused { () throws(StoreError) -> (UInt64, [any SnapshotSection], Int) in
            let segment = try store.rotate()
            var state = index.snapshot
            let dead = state.documents.count - state.documents.liveCount
            if dead > 0 {
                state = state.removingDeadDocuments()
                index.write { $0 = state }
                expiry.rebuild(from: state)
            }
            var sections: [any SnapshotSection] = [IndexSection(index: state, threads: options.threads)]
            if let dictionary {
                let snapshot = dictionary.snapshot
                sections.append(DictionarySection(entries: snapshot.entries.values.sorted { $0.term < $1.term }, version: snapshot.version))
            }
            return (segment, sections + extraSections(), dead)
        }
        let bytes = try store.writeSnapshot(sections, segment: segment)
        let removed = try store.removeObsoleteFiles()
        let elapsed = ContinuousClock.now - started
        return CheckpointReport(snapshot: SnapshotFile.name(segment: segment), bytes: bytes,
                                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                                compactedDocuments: compacted, removedFiles: removed)
    }

    /// Checkpoints if the journal since the last snapshot has reached `snapshotEvery` bytes.
    public func checkpointIfDue() throws(StoreError) -> CheckpointReport? {
        store.journalBytesSinceSnapshot >= options.snapshotEvery ? try checkpoint() : nil
    }

    /// Fsyncs the journal and releases the directory.
    public func close() throws(StoreError) { try store.close() }
}

/// Applies journal records to the index during recovery, batching upserts for parallel analysis.
struct Replayer {
    let index: ConcurrentSearchIndex
    let dictionary: UserDictionary?
    let threads: Int
    let custom: (UInt32, [UInt8]) throws(StoreError) -> Void
    private var expiry = ExpiryQueue()
    private var expiryBuilt = false
    /// The last taxonomy version recorded.
    private(set) var taxonomyVersion: String?

    init(index: ConcurrentSearchIndex, dictionary: UserDictionary?, threads: Int, custom: @escaping (UInt32, [UInt8]) throws(StoreError) -> Void) {
        self.index = index
        self.dictionary = dictionary
        self.threads = threads
        self.custom = custom
    }

    mutating func apply(_ records: [JournalRecord]) throws(StoreError) {
        var upserts: [Item] = []
        func flush() {
            guard !upserts.isEmpty else { return }
            index.add(upserts, threads: threads)
            upserts.removeAll(keepingCapacity: true)
        }
        for record in records {
            if case let .upsert(item) = record {
                upserts.append(item)
                continue
            }
            flush()
            switch record {
            case .upsert: break
            case let .delete(id): index.delete(id: id)
            case let .expire(before):
                index.write { idx in
                    if expiryBuilt { expiry.push(newDocumentsOf: idx) } else { expiry.rebuild(from: idx) }
                    expiryBuilt = true
                    _ = expiry.expire(before: before, in: &idx)
                }
            case let .dictionaryAdd(entry): dictionary?.add(entry.term, weight: entry.weight, tag: entry.tag)
            case let .dictionaryRemove(term): _ = dictionary?.remove(term)
            case let .taxonomyVersion(version): taxonomyVersion = version
            case let .custom(kind, payload): try custom(kind, payload)
            }
        }
        flush()
    }
}

/// Live timed documents by time, oldest first: retention pops what falls before the cutoff.
///
/// A binary min-heap of (time, internal id) with lazy deletion (an entry whose document died
/// or was replaced is dropped when popped). O(log n) per document; rebuilt after compaction.
struct ExpiryQueue {
    private var heap: [(time: Int64, document: Int32)] = []
    /// Documents `0..<seen` have been pushed (or were dead).
    private var seen = 0

    mutating func rebuild(from index: SearchIndex) {
        let docs = index.documents
        heap = (0..<docs.count).compactMap { i in
            docs.live[i] && docs.times[i] != Int64.min ? (docs.times[i], Int32(i)) : nil
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        seen = docs.count
    }

    mutating func push(newDocumentsOf index: SearchIndex) {
        let docs = index.documents
        guard seen < docs.count else { return }
        for i in seen..<docs.count where docs.live[i] && docs.times[i] != Int64.min {
            heap.append((docs.times[i], Int32(i)))
            siftUp(heap.count - 1)
        }
        seen = docs.count
    }

    /// Deletes every live document older than `cutoff`; returns how many.
    mutating func expire(before cutoff: Int64, in index: inout SearchIndex) -> Int {
        var removed = 0
        while let top = heap.first, top.time < cutoff {
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
            if !heap.isEmpty { siftDown(0) }
            let d = Int(top.document)
            if d < index.documents.count, index.documents.live[d], index.documents.times[d] == top.time,
               index.delete(id: index.documents.items.id(at: d)) {
                removed += 1
            }
        }
        return removed
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].time < heap[parent].time else { return }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, heap[l].time < heap[m].time { m = l }
            if r < heap.count, heap[r].time < heap[m].time { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
