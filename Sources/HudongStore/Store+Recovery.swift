import HudongIndex

/// What opening a store found and did.
public struct RecoveryReport: Sendable {
    /// The snapshot the state came from, or nil (a fresh store, or a full journal replay).
    public var snapshot: String?
    /// Its size.
    public var snapshotBytes = 0
    /// Reading, checking and decoding it.
    public var snapshotSeconds = 0.0
    /// Journal segments read after it.
    public var segmentsReplayed = 0
    /// Records applied from them.
    public var recordsReplayed = 0
    /// Their total size.
    public var journalBytes = 0
    /// Replaying them (including re-analysis of upserted items).
    public var replaySeconds = 0.0
    /// Everything recovery had to repair or set aside, one line each, with file and offset.
    public var warnings: [String] = []
    /// The directory held no state.
    public var fresh = false
}

extension Store {
    /// Opens (creating if needed) the store in `directory` and recovers its state.
    ///
    /// Takes the directory lock; removes unfinished snapshot temp files; restores the newest
    /// snapshot that checks out through `restore` (a damaged one is renamed `*.damaged` and the
    /// next older one tried, else the journal is replayed from its first segment; a newer
    /// format is refused); then hands every journal record after it to `replay`, in order, in
    /// batches. A torn tail (crash mid-write) is cut off with a warning (the cut bytes are kept
    /// in `journal-N.log.torn-at-OFFSET`); damage with intact records after it follows
    /// `options.corruption`. Throws if the state cannot be rebuilt, without deleting anything.
    public static func open(
        directory: String, driver: any StorageDriver = PosixStorage(), options: StoreOptions = StoreOptions(),
        registry: SnapshotRegistry,
        restore: (SnapshotContents) throws(StoreError) -> Void,
        replay: ([JournalRecord]) throws(StoreError) -> Void
    ) throws(StoreError) -> (Store, RecoveryReport) {
        try driver.createDirectory(directory)
        let lock = try driver.lock(directory)
        do throws(StoreError) {
            var recovery = Recovery(directory: directory, driver: driver, options: options)
            let (writer, bytes) = try recovery.run(registry: registry, restore: restore, replay: replay)
            let store = Store(directory: directory, driver: driver, options: options, registry: registry,
                              lock: lock, writer: writer, journalBytes: bytes)
            return (store, recovery.report)
        } catch {
            lock.release()
            throw error
        }
    }
}

/// The steps of `Store.open`.
struct Recovery {
    let directory: String
    let driver: any StorageDriver
    let options: StoreOptions
    var report = RecoveryReport()

    init(directory: String, driver: any StorageDriver, options: StoreOptions) {
        self.directory = directory
        self.driver = driver
        self.options = options
    }

    private func path(_ name: String) -> String { joinPath(directory, name) }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    mutating func run(
        registry: SnapshotRegistry, restore: (SnapshotContents) throws(StoreError) -> Void,
        replay: ([JournalRecord]) throws(StoreError) -> Void
    ) throws(StoreError) -> (JournalWriter, Int) {
        let names = try driver.list(directory)
        for name in names where name.hasSuffix(".hds.tmp") {
            try driver.remove(path(name))
            report.warnings.append("\(name): removed an unfinished snapshot (the process stopped while writing it)")
        }
        let segments = names.compactMap { JournalFormat.segment(ofName: $0) }.sorted()
        let snapshots = names.compactMap { SnapshotFile.segment(ofName: $0) }.sorted(by: >)
        report.fresh = segments.isEmpty && snapshots.isEmpty
        let start = try restoreNewest(snapshots, registry: registry, restore: restore)
        let first = start ?? 1
        if start == nil, let earliest = segments.first, earliest != 1 {
            let why = snapshots.isEmpty ? "there is no snapshot" : "every snapshot is damaged"
            throw StoreError.unrecoverable(directory: directory, reason: "\(why), and the journal starts at segment \(earliest): the records before it live only in snapshots. Restore a snapshot from a backup.")
        }
        let replaying = segments.filter { $0 >= first }
        for (i, segment) in replaying.enumerated() where segment != first + UInt64(i) {
            throw StoreError.unrecoverable(directory: directory, reason: "journal segment \(first + UInt64(i)) is missing (found \(segment) after it)")
        }
        let started = ContinuousClock.now
        var active: (segment: UInt64, end: Int?) = (first, nil)
        var stopped = false
        for (i, segment) in replaying.enumerated() {
            let name = JournalFormat.segmentName(segment)
            if stopped {
                try driver.rename(path(name), to: path(name + ".damaged"))
                report.warnings.append("\(name): set aside as \(name).damaged (it comes after the damage above)")
                continue
            }
            let outcome = try replaySegment(segment, isLast: i == replaying.count - 1, laterSegments: replaying.count - 1 - i, replay: replay)
            active = (segment, outcome.end)
            stopped = outcome.stop
        }
        report.replaySeconds = Self.seconds(since: started)
        try driver.syncDirectory(directory)
        if let end = active.end {
            let writer = try JournalWriter.reopen(driver: driver, path: path(JournalFormat.segmentName(active.segment)), segment: active.segment, size: end)
            return (writer, report.journalBytes)
        }
        return (try JournalWriter.create(driver: driver, directory: directory, segment: active.segment), report.journalBytes)
    }

    /// Restores the newest snapshot that loads; returns its segment, or nil if none did.
    private mutating func restoreNewest(_ snapshots: [UInt64], registry: SnapshotRegistry,
                                        restore: (SnapshotContents) throws(StoreError) -> Void) throws(StoreError) -> UInt64? {
        for (i, segment) in snapshots.enumerated() {
            let name = SnapshotFile.name(segment: segment)
            let started = ContinuousClock.now
            do throws(StoreError) {
                let (contents, skipped) = try SnapshotFile.load(path: path(name), driver: driver, registry: registry)
                guard contents.segment == segment else {
                    throw StoreError.corruptSnapshot(path: path(name), reason: "its header names segment \(contents.segment)")
                }
                try restore(contents)
                report.snapshot = name
                report.snapshotSeconds = Self.seconds(since: started)
                report.snapshotBytes = (try? driver.openForReading(path(name)).size()) ?? 0
                for kind in skipped { report.warnings.append("\(name): skipped section `\(kind)`, unknown to this build and marked optional") }
                return segment
            } catch {
                guard case let .corruptSnapshot(_, reason) = error else { throw error }
                let next = i + 1 < snapshots.count ? "falling back to \(SnapshotFile.name(segment: snapshots[i + 1]))" : "falling back to a full journal replay"
                try driver.rename(path(name), to: path(name + ".damaged"))
                report.warnings.append("\(name): damaged snapshot (\(reason)); moved to \(name).damaged; \(next)")
            }
        }
        return nil
    }

    /// Replays one segment; returns where its valid records end (nil: recreate it) and whether to stop.
    private mutating func replaySegment(_ segment: UInt64, isLast: Bool, laterSegments: Int,
                                        replay: ([JournalRecord]) throws(StoreError) -> Void) throws(StoreError) -> (end: Int?, stop: Bool) {
        let name = JournalFormat.segmentName(segment)
        let file = path(name)
        let bytes = try driver.readFile(file)
        report.segmentsReplayed += 1
        report.journalBytes += max(0, bytes.count - JournalFormat.headerSize) // records only: an empty segment owes no replay
        switch JournalFormat.checkHeader(bytes, segment: segment) {
        case .valid:
            break
        case let .newer(version):
            throw StoreError.newerFormat(path: file, what: "journal", found: version, supported: JournalFormat.version)
        case .torn where isLast && bytes.count < JournalFormat.headerSize:
            report.warnings.append("\(name): header torn (the process stopped while starting this segment); recreated empty")
            return (nil, false)
        case .torn, .bad:
            let scanner = SegmentScanner(bytes: bytes, segment: segment)
            let intact = scanner.countValid(from: min(bytes.count, JournalFormat.headerSize))
            switch options.corruption {
            case .refuse:
                throw StoreError.corruptJournal(path: file, offset: 0, reason: "bad segment header; \(intact) intact records follow. Choose --journal-recovery truncate or skip")
            case .truncate:
                try setAside(bytes, from: 0, name: name, suffix: ".damaged-at-0")
                report.warnings.append("\(name): bad segment header; the whole segment (\(intact) intact records) moved to \(name).damaged-at-0 and replay stops here")
                return (nil, laterSegments > 0)
            case .skip:
                try rewriteHeader(file, segment: segment)
                report.warnings.append("\(name): bad segment header rewritten; replaying the \(intact) intact records")
            }
        }
        let scanner = SegmentScanner(bytes: bytes, segment: segment)
        var position = JournalFormat.headerSize
        var pending: [JournalRecord] = []
        func flush() throws(StoreError) {
            guard !pending.isEmpty else { return }
            try replay(pending)
            report.recordsReplayed += pending.count
            pending.removeAll(keepingCapacity: true)
        }
        while position < bytes.count {
            let reason: String
            switch scanner.record(at: position) {
            case let .record(kind, payload, end):
                let decoded: JournalRecord?
                do throws(IndexError) { decoded = try JournalRecord.decode(kind: kind, payload: Array(bytes[payload])) } catch {
                    throw StoreError.corruptJournal(path: file, offset: position, reason: "record of kind \(kind) checks out but does not decode (\(error.message)): written by a newer build?")
                }
                guard let record = decoded else {
                    throw StoreError.newerFormat(path: file, what: "journal record kind \(kind) at byte \(position)", found: kind, supported: 6)
                }
                pending.append(record)
                if pending.count >= 4096 { try flush() }
                position = end
                continue
            case .incomplete: reason = "the record runs past the end of the file"
            case let .invalid(why): reason = why
            }
            try flush()
            let next = scanner.nextValid(after: position)
            if next == nil, isLast {
                try setAside(bytes, from: position, name: name, suffix: ".torn-at-\(position)")
                report.warnings.append("\(name): torn tail of \(bytes.count - position) bytes at byte \(position) (\(reason); a crash mid-write) truncated; the bytes are kept in \(name).torn-at-\(position)")
                return (position, false)
            }
            let intact = next.map { scanner.countValid(from: $0) } ?? 0
            let later = laterSegments > 0 ? " and \(laterSegments) later segment(s)" : ""
            switch options.corruption {
            case .refuse:
                throw StoreError.corruptJournal(path: file, offset: position, reason: "\(reason); \(intact) intact records\(later) follow. Choose --journal-recovery truncate (stop here, set the rest aside) or skip (replay the intact records)")
            case .truncate:
                try setAside(bytes, from: position, name: name, suffix: ".damaged-at-\(position)")
                report.warnings.append("\(name): damaged record at byte \(position) (\(reason)); replay stops there: the rest of the segment (\(intact) intact records) moved to \(name).damaged-at-\(position)\(later.isEmpty ? "" : ", \(later.dropFirst(5)) set aside")")
                return (position, laterSegments > 0)
            case .skip:
                guard let next else {
                    report.warnings.append("\(name): damaged tail at byte \(position) (\(reason)); nothing intact after it; skipped")
                    position = bytes.count
                    break
                }
                report.warnings.append("\(name): skipped damaged bytes \(position)..<\(next) (\(reason)); replaying the \(intact) intact records after them")
                position = next
            }
        }
        try flush()
        return (bytes.count, false)
    }

    /// Copies `bytes[from...]` to `name+suffix` durably, then cuts the segment at `from`.
    private func setAside(_ bytes: [UInt8], from offset: Int, name: String, suffix: String) throws(StoreError) {
        try driver.writeFileAtomically(path(name + suffix), Array(bytes[offset...]), directory: directory)
        let file = try driver.openForWriting(path(name), truncate: false)
        defer { file.close() }
        try file.truncate(to: offset)
        try file.sync()
    }

    private func rewriteHeader(_ file: String, segment: UInt64) throws(StoreError) {
        let handle = try driver.openForWriting(file, truncate: false)
        defer { handle.close() }
        try JournalFormat.header(segment: segment).withBytes { (raw) throws(StoreError) in try handle.write(raw, at: 0) }
        try handle.sync()
    }
}
