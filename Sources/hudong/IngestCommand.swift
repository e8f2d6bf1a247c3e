import ArgumentParser
import Foundation
import HudongIndex
import HudongStore
import HudongText

/// `hudong ingest --data DIR FEED...`: journals and indexes feeds into a data directory.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Journal and index feeds into a data directory; print progress and a summary.",
        discussion: """
            Each batch of items is appended to the journal and fsynced (--fsync) before it is \
            acknowledged: counted in the summary and, with --ack-file, its ids appended to that \
            file. A crash loses no acknowledged item: the next start loads the newest snapshot \
            and replays the journal after it. A snapshot is written at the end (and whenever the \
            journal grows by --snapshot-every). FEED is JSON Lines (.jsonl/.json/.ndjson) or \
            plain text, one post a line; - or nothing reads JSON Lines from standard input.
            """
    )

    @OptionGroup var store: DataOptions

    @Option(name: .long, help: "A user dictionary: one term a line, optional weight and tag.")
    var dict: [String] = []

    @Option(name: .long, help: "Threads for analysis.")
    var threads = 2

    @Option(name: .long, help: "Items per journal batch (one write and one fsync each).")
    var batch = 1024

    @Option(name: .customLong("ack-file"), help: "Append the id of every acknowledged item to this file, one a line, once its batch is durable.")
    var ackFile: String?

    @Flag(name: .customLong("no-snapshot"), help: "Do not write a snapshot at the end (the journal alone keeps the items).")
    var noSnapshot = false

    @Argument(help: "Feeds to ingest; - for standard input (the default).")
    var feeds: [String] = []

    func validate() throws {
        guard store.data != nil else { throw ValidationError("hudong ingest needs --data DIR") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        let analyzer = try AnalyzerOptions(dictionaries: dict).makeAnalyzer()
        guard let durable = try store.open(analyzer: analyzer, threads: threads, command: "ingest") else { return }
        var acks: AckLog?
        if let ackFile {
            guard let log = AckLog(path: ackFile) else {
                StandardError.write("hudong ingest: cannot open \(ackFile) for appending\n")
                throw ExitCode(2)
            }
            acks = log
        }
        var tally = IngestTally()
        var progress = Progress()
        var failure: StoreError?
        feeding: for path in feeds.isEmpty ? ["-"] : feeds {
            let plain = path != "-" && !(path.hasSuffix(".jsonl") || path.hasSuffix(".json") || path.hasSuffix(".ndjson"))
            var reader: FeedReader
            do {
                reader = path == "-" ? FeedReader(LineReader(), format: .jsonLines) : try FeedReader(path: path, format: plain ? .plainText : .jsonLines)
            } catch {
                StandardError.write("hudong ingest: \(error)\n")
                tally.unreadable += 1
                continue
            }
            tally.feeds += 1
            var pending: [Item] = []
            var warned = 0
            func flush() throws(StoreError) {
                guard !pending.isEmpty else { return }
                defer { pending.removeAll(keepingCapacity: true) }
                let items = pending
                let outcome = try durable.ingest(items) { range in
                    acks?.append(items[range].map(\.id))
                    tally.acknowledged += range.count
                    tally.bytes += items[range].reduce(0) { $0 + $1.text.utf8.count }
                }
                tally.add(outcome)
                progress.report(tally)
                if let report = try durable.checkpointIfDue() {
                    StandardError.write("hudong ingest: \(DataOptions.describe(report))\n")
                }
            }
            do {
                while let entry = reader.next() {
                    switch entry {
                    case let .item(item, _):
                        pending.append(item)
                        if pending.count >= batch { try flush() }
                    case let .error(error):
                        tally.rejected += 1
                        StandardError.write("hudong ingest: \(error)\n")
                    }
                    for warning in reader.warnings.dropFirst(warned) { StandardError.write("hudong ingest: \(warning)\n") }
                    warned = reader.warnings.count
                }
                try flush()
            } catch {
                failure = error
                break feeding
            }
        }
        var snapshot: DurableIndex.CheckpointReport?
        if failure == nil, !noSnapshot, tally.acknowledged > 0 || durable.store.journalBytesSinceSnapshot > 0 {
            do { snapshot = try durable.checkpoint() } catch { failure = error }
        }
        do { try durable.close() } catch { if failure == nil { failure = error } }
        var out = StandardOutput()
        out.write(summary(tally, durable: durable, snapshot: snapshot, failure: failure))
        out.flush()
        if failure != nil { throw ExitCode(1) }
    }

    private func summary(_ tally: IngestTally, durable: DurableIndex, snapshot: DurableIndex.CheckpointReport?, failure: StoreError?) -> String {
        let g = DataOptions.grouped
        var text = "ingested \(g(tally.acknowledged)) items (\(DataOptions.megabytes(tally.bytes)) of text) from \(tally.feeds) feed(s), acknowledged with fsync=\(store.fsync)"
        text += ": \(g(tally.added)) new, \(g(tally.replaced)) replaced an existing id"
        if tally.rejected > 0 { text += ", \(g(tally.rejected)) bad line(s) skipped" }
        if tally.unreadable > 0 { text += ", \(tally.unreadable) feed(s) unreadable" }
        text += "\n"
        if let retain = store.retain { text += "retention \(retain): \(g(tally.expired)) item(s) expired (older than the newest item time − \(retain))\n" }
        let live = durable.index.read { $0.documents.liveCount }
        text += "data \(store.data ?? ""): \(g(live)) live items\n"
        if let snapshot { text += DataOptions.describe(snapshot) + "\n" }
        if let failure {
            text += "stopped: \(failure)\nthe \(g(tally.acknowledged)) items acknowledged before the error are durable; nothing after them was acknowledged\n"
        }
        return text
    }
}

/// Counts for the ingest summary.
struct IngestTally {
    var feeds = 0, unreadable = 0, acknowledged = 0, bytes = 0, added = 0, replaced = 0, expired = 0, rejected = 0

    mutating func add(_ outcome: DurableIndex.IngestOutcome) {
        added += outcome.added
        replaced += outcome.replaced
        expired += outcome.expired
    }
}

/// Progress lines on standard error, at most one every two seconds, only for long inputs.
struct Progress {
    private let started = ContinuousClock.now
    private var last = ContinuousClock.now

    mutating func report(_ tally: IngestTally) {
        let now = ContinuousClock.now
        guard now - last >= .seconds(2) else { return }
        last = now
        let elapsed = now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = String(format: "%.1f MB, %.1f MB/s", Double(tally.bytes) / 1e6, Double(tally.bytes) / 1e6 / max(seconds, 0.001))
        StandardError.write("hudong ingest: \(DataOptions.grouped(tally.acknowledged)) items acknowledged, \(rate)\n")
    }
}

/// The `--ack-file`: ids appended with one `write(2)` per acknowledged batch, so a reader (the
/// crash test) sees every id whose batch was durable, even if the process is then killed.
final class AckLog {
    private let fd: Int32

    init?(path: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        if fd < 0 { return nil }
    }

    deinit { close(fd) }

    func append(_ ids: [String]) {
        var bytes: [UInt8] = []
        for id in ids {
            bytes.append(contentsOf: id.utf8)
            bytes.append(0x0A)
        }
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress.map { $0 + done }, raw.count - done)
                if n <= 0 { return }
                done += n
            }
        }
    }
}
