import Foundation
import HudongIndex

/// A data directory: a journal of every change and snapshots of the state, so that nothing
/// acknowledged is lost.
///
/// Files: `journal-N.log` segments (the active one is the highest), `snapshot-N.hds` (the
/// state after every record of the segments before N), `LOCK`, and side files of recovery
/// (`*.torn-at-OFFSET`, `*.damaged*`). `open` recovers: the newest valid snapshot, then the
/// journal from its segment on. A checkpoint is `rotate` (start segment N+1), capture the
/// state, `writeSnapshot(segment: N+1)`, `removeObsoleteFiles` (keeping the newest
/// `keepSnapshots` snapshots and the segments they need). Thread-safe: appends and rotation
/// are serialized; a snapshot can be written while appends go on into the new segment.
/// What the store holds is up to its owner (`DurableIndex` for the index); the store deals
/// in records and sections.
public final class Store: @unchecked Sendable {
    /// The data directory.
    public let directory: String
    /// The file system it lives on.
    public let driver: any StorageDriver
    /// Fsync, corruption, snapshot and retention settings.
    public let options: StoreOptions
    let registry: SnapshotRegistry
    private let lock: any StorageLock
    private let mutex = NSLock()
    private var writer: JournalWriter?
    private var sinceSnapshot: Int

    init(directory: String, driver: any StorageDriver, options: StoreOptions, registry: SnapshotRegistry,
         lock: any StorageLock, writer: JournalWriter, journalBytes: Int) {
        self.directory = directory
        self.driver = driver
        self.options = options
        self.registry = registry
        self.lock = lock
        self.writer = writer
        self.sinceSnapshot = journalBytes
    }

    deinit { lock.release() }

    private func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }

    /// Journal bytes written since the newest snapshot's segment began (replay cost at restart).
    public var journalBytesSinceSnapshot: Int { locked { sinceSnapshot } }

    /// The active segment's number.
    public var activeSegment: UInt64 { locked { writer?.segment ?? 0 } }

    /// Appends `records` as one all-or-nothing write and fsyncs per `fsync` (default: the
    /// store's policy; `.always` behaves as `.batch` here — callers that want one fsync per
    /// record append one record at a time). When this returns, the records are acknowledged.
    public func append(_ records: [JournalRecord], fsync: FsyncPolicy? = nil) throws(StoreError) {
        try locked { () throws(StoreError) in
            guard let writer else { throw StoreError.failed(reason: "the store is closed") }
            sinceSnapshot += try writer.append(records, fsync: fsync ?? options.fsync)
        }
    }

    /// Starts a new journal segment and returns its number N: a state captured now (before
    /// any further append) is the state a snapshot N holds. The new segment is created before
    /// the old one is sealed, so a failure leaves the old one active.
    public func rotate() throws(StoreError) -> UInt64 {
        try locked { () throws(StoreError) -> UInt64 in
            guard let old = writer else { throw StoreError.failed(reason: "the store is closed") }
            let next = try JournalWriter.create(driver: driver, directory: directory, segment: old.segment + 1)
            try old.seal()
            writer = next
            sinceSnapshot = 0
            return next.segment
        }
    }

    /// Writes the snapshot of segment `segment` atomically; returns its size in bytes.
    public func writeSnapshot(_ sections: [any SnapshotSection], segment: UInt64) throws(StoreError) -> Int {
        try SnapshotFile.write(sections, segment: segment, created: Int64(Date().timeIntervalSince1970),
                               directory: directory, driver: driver)
    }

    /// Deletes snapshots beyond the newest `keepSnapshots`, and the journal segments (with
    /// their torn-tail side files) that only older snapshots needed, so a damaged newest
    /// snapshot always has a fallback: the one before it, or a full replay. Damaged-file side copies
    /// are kept for inspection. Returns the names removed.
    @discardableResult
    public func removeObsoleteFiles() throws(StoreError) -> [String] {
        let names = try driver.list(directory)
        let snapshots = names.compactMap { SnapshotFile.segment(ofName: $0) }.sorted(by: >)
        // Until there are `keepSnapshots` snapshots, keep the whole journal: a damaged only
        // snapshot then still falls back to a full replay.
        guard snapshots.count >= options.keepSnapshots else { return [] }
        let kept = Array(snapshots.prefix(options.keepSnapshots))
        guard let oldest = kept.last else { return [] }
        var removed: [String] = []
        for segment in snapshots.dropFirst(options.keepSnapshots) { removed.append(SnapshotFile.name(segment: segment)) }
        for name in names {
            let base = name.split(separator: ".").first.map { String($0) + ".log" } ?? name
            if let segment = JournalFormat.segment(ofName: base), segment < oldest,
               name == base || name.contains(".torn-at-") {
                removed.append(name)
            }
        }
        for name in removed { try driver.remove(joinPath(directory, name)) }
        if !removed.isEmpty { try driver.syncDirectory(directory) }
        return removed
    }

    /// Fsyncs the active segment and releases the directory (also done when the store is freed).
    public func close() throws(StoreError) {
        let last = locked { () -> JournalWriter? in
            defer { writer = nil }
            return writer
        }
        try last?.seal()
        lock.release()
    }
}
