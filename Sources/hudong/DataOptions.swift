import ArgumentParser
import Foundation
import Hudong
import HudongIndex
import HudongStore
import HudongText

/// `--data DIR` and the store settings, for every command that builds an index (HudongStore).
///
/// Without `--data` nothing is persisted and these settings are ignored.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Data directory: recover the index from it at start, journal every new item before acknowledging it.",
        discussion: "Created if missing. Start-up = newest valid snapshot + replay of the journal after it."))
    var data: String?

    @Option(name: .long, help: "When the journal fsyncs: batch (once per batch, before the batch is acknowledged), always (each item), never (the OS decides; survives a crash of hudong, not of the machine).")
    var fsync = "batch"

    @Option(name: .long, help: "Keep items newer than this before the newest item's time (30d, 12h, 2w); older ones are dropped and journaled as expired.")
    var retain: String?

    @Option(name: .customLong("journal-recovery"), help: "A damaged journal record with intact records after it: truncate (stop there, set the rest aside in *.damaged-at-OFFSET), skip (replay the intact records), refuse (exit, change nothing).")
    var journalRecovery = "truncate"

    @Option(name: .customLong("snapshot-every"), help: "Write a snapshot when the journal has grown this much since the last (256MB, 64MB, 1GB).")
    var snapshotEvery = "256MB"

    func validate() throws {
        guard FsyncPolicy(rawValue: fsync) != nil else { throw ValidationError("--fsync must be batch, always or never") }
        guard CorruptionPolicy(rawValue: journalRecovery) != nil else {
            throw ValidationError("--journal-recovery must be truncate, skip or refuse")
        }
        guard Self.bytes(snapshotEvery) != nil else { throw ValidationError("--snapshot-every: expected a size such as 256MB") }
        if let retain {
            do { _ = try Retention(parsing: retain) } catch { throw ValidationError(error.description) }
        }
    }

    /// The store settings these options give.
    func storeOptions(threads: Int) throws -> StoreOptions {
        StoreOptions(fsync: FsyncPolicy(rawValue: fsync) ?? .batch, corruption: CorruptionPolicy(rawValue: journalRecovery) ?? .truncate,
                     snapshotEvery: Self.bytes(snapshotEvery) ?? 256 << 20, retention: try retain.map { try Retention(parsing: $0) },
                     threads: threads)
    }

    /// Opens the store and recovers the index; nil without `--data`. Reports on standard error.
    func open(analyzer: Analyzer, threads: Int, command: String) throws -> DurableIndex? {
        guard let data else { return nil }
        do {
            let durable = try DurableIndex.open(directory: data, analyzer: analyzer, options: try storeOptions(threads: threads))
            report(durable.recovery, live: durable.index.read { $0.documents.liveCount }, directory: data, command: command)
            return durable
        } catch let error as StoreError {
            StandardError.write("hudong \(command): \(error)\n")
            throw ExitCode(1)
        }
    }

    /// The engine's storage for `--data`; nil without it.
    func storage(threads: Int) throws -> Engine.Storage? {
        guard let data else { return nil }
        return Engine.Storage(directory: data, options: try storeOptions(threads: threads))
    }

    /// Creates an engine on `--data` (or in memory without it), reporting recovery on standard
    /// error; a store error ends the command with its message.
    func openEngine(dictionaryFiles: [String], threads: Int, command: String) throws -> Engine {
        do {
            let engine = try Engine(dictionaryFiles: dictionaryFiles, threads: threads, storage: try storage(threads: threads))
            if let recovery = engine.recovery, let data { report(recovery, live: engine.stats().liveItems, directory: data, command: command) }
            return engine
        } catch let error as StoreError {
            StandardError.write("hudong \(command): \(error)\n")
            throw ExitCode(1)
        }
    }

    /// Prints what opening the data directory found, warnings first, on standard error.
    private func report(_ recovery: RecoveryReport, live: Int, directory: String, command: String) {
        for warning in recovery.warnings { StandardError.write("hudong \(command): warning: \(warning)\n") }
        StandardError.write("hudong \(command): \(Self.describe(recovery, live: live, directory: directory))\n")
    }

    /// Snapshots what was journaled since the last snapshot and releases the data directory.
    func close(_ engine: Engine, command: String) throws {
        do throws(StoreError) {
            if let report = try engine.close() { StandardError.write("hudong \(command): \(Self.describe(report))\n") }
        } catch {
            StandardError.write("hudong \(command): \(error)\n")
            throw ExitCode(1)
        }
    }

    /// Writes a snapshot if the journal is due for one, then fsyncs and unlocks.
    func finish(_ durable: DurableIndex?, command: String) throws {
        guard let durable else { return }
        do throws(StoreError) {
            if let report = try durable.checkpointIfDue() { StandardError.write("hudong \(command): \(Self.describe(report))\n") }
            try durable.close()
        } catch {
            StandardError.write("hudong \(command): \(error)\n")
            throw ExitCode(1)
        }
    }

    static func describe(_ report: RecoveryReport, live: Int, directory: String) -> String {
        if report.fresh { return "data \(directory): new store" }
        var text = "data \(directory): \(grouped(live)) items"
        if let snapshot = report.snapshot {
            text += " — \(snapshot) (\(megabytes(report.snapshotBytes)) loaded in \(seconds(report.snapshotSeconds)))"
        } else {
            text += " — no snapshot"
        }
        text += " + \(grouped(report.recordsReplayed)) journal records replayed (\(report.segmentsReplayed) segment(s), \(seconds(report.replaySeconds)))"
        return text
    }

    static func describe(_ report: DurableIndex.CheckpointReport) -> String {
        var text = "snapshot \(report.snapshot): \(megabytes(report.bytes)) in \(seconds(report.seconds))"
        if report.compactedDocuments > 0 { text += ", \(grouped(report.compactedDocuments)) dead items compacted away" }
        if !report.removedFiles.isEmpty { text += ", \(report.removedFiles.count) obsolete file(s) removed" }
        return text
    }

    /// Parses `256MB`, `64M`, `1GB`, `500KB`, or a plain byte count.
    static func bytes(_ text: String) -> Int? {
        let upper = text.uppercased().replacingOccurrences(of: "B", with: "")
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = upper.last, let unit = units[last] { return Int(upper.dropLast()).map { $0 * unit } }
        return Int(upper)
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    static func megabytes(_ n: Int) -> String { String(format: "%.1f MB", Double(n) / 1e6) }
    static func seconds(_ s: Double) -> String { String(format: "%.2f s", s) }
}
