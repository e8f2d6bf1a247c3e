/// When the journal calls fsync.
public enum FsyncPolicy: String, Sendable, CaseIterable {
    /// Once per batch, before the batch is acknowledged (the default): survives a power cut.
    case batch
    /// After every record, each acknowledged on its own: survives a power cut, slowest.
    case always
    /// Never: acknowledged once written to the OS; survives the process dying, not the machine.
    case never
}

/// What recovery does with a damaged journal record that has intact records after it.
public enum CorruptionPolicy: String, Sendable, CaseIterable {
    /// Stop there (the default): replay up to the damage, move the damaged segment's rest and
    /// any later segments aside into `*.damaged*` files, warn with offsets and counts, go on.
    /// Nothing is deleted, and no record is ever applied out of order.
    case truncate
    /// Skip the damaged bytes and replay every intact record after them, with a warning.
    case skip
    /// Refuse to open the store; change nothing.
    case refuse
}

/// How a store journals, snapshots and bounds its data.
public struct StoreOptions: Sendable {
    /// When the journal fsyncs (default: per batch, before acknowledging it).
    public var fsync: FsyncPolicy
    /// What recovery does with damage in the middle of the journal (default: truncate).
    public var corruption: CorruptionPolicy
    /// Journal bytes since the last snapshot that make `checkpointIfDue` write one.
    public var snapshotEvery: Int
    /// Snapshots kept (at least 2, so a damaged newest falls back to the one before).
    public var keepSnapshots: Int
    /// Drop items older than this before the newest item's time; nil keeps everything.
    public var retention: Retention?
    /// Threads for analysis (replay) and snapshot decoding.
    public var threads: Int

    /// Settings; `keepSnapshots` is at least 2 and `threads` at least 1.
    public init(fsync: FsyncPolicy = .batch, corruption: CorruptionPolicy = .truncate, snapshotEvery: Int = 256 << 20,
                keepSnapshots: Int = 2, retention: Retention? = nil, threads: Int = 2) {
        self.fsync = fsync
        self.corruption = corruption
        self.snapshotEvery = snapshotEvery
        self.keepSnapshots = max(2, keepSnapshots)
        self.retention = retention
        self.threads = max(1, threads)
    }
}

/// A retention window, measured back from the newest item time (not the wall clock).
///
/// Relative to item times, so replaying the same journal always drops the same items and an
/// old feed loaded today is not wiped out. Items without a time are kept.
public struct Retention: Sendable, Equatable, CustomStringConvertible {
    /// The window length.
    public var seconds: Int64

    /// A window of `seconds`.
    public init(seconds: Int64) { self.seconds = seconds }

    /// Parses `30d`, `12h`, `90m`, `2w`, `3600s` (a bare number is seconds).
    public init(parsing text: String) throws(StoreError) {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        var digits = Substring(text.trimmingCharacters())
        var unit: Int64 = 1
        if let last = digits.last, let u = units[last] {
            unit = u
            digits = digits.dropLast()
        }
        guard let n = Int64(digits), n > 0, n <= Int64.max / unit else {
            throw StoreError.invalidSetting(name: "--retain", value: text, reason: "expected a positive number with s, m, h, d or w (30d)")
        }
        seconds = n * unit
    }

    public var description: String {
        for (unit, name) in [(Int64(86400), "d"), (3600, "h"), (60, "m")] where seconds % unit == 0 { return "\(seconds / unit)\(name)" }
        return "\(seconds)s"
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
