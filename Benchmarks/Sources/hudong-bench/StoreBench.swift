import ArgumentParser
import Foundation
import HudongIndex
import HudongStore
import HudongText

/// `hudong-bench store`: snapshot write and load time and size for ~100 MB of text, and
/// journal append throughput.
///
/// The corpora are repeated under fresh ids until `--target-mb` of text; the index is built
/// (not timed), written as a snapshot through the store (temp file, fsync, rename, fsync of
/// the directory), then loaded back `--loads` times through `Store.open` (header and checksum
/// checks, section decoding, journal scan). Loads read a warm page cache. The loaded index
/// must give the same live count and hit counts as the original.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Snapshot write/load seconds and MB, journal MB/s.")

    @Option(help: "Corpus files (one post a line).")
    var input: [String] = ["../corpora/reviews_zh.txt", "../corpora/manpages_zh_CN.txt", "../corpora/manpages_zh_TW.txt"]
    @Option(help: "MB of item text to index (the corpora repeated under fresh ids).") var targetMb = 100.0
    @Option(help: "Analysis and decoding threads.") var threads = 2
    @Option(help: "Snapshot loads to time.") var loads = 3
    @Option(help: "Posts added to the loaded index before the checkpoint that is timed last.") var newItems = 5_000
    @Option(help: "Data directory (created, then removed).") var dir = NSTemporaryDirectory() + "hudong-store-bench"

    func run() throws {
        var lines: [String] = []
        for path in input {
            lines += String(decoding: try FileBytes.read(path: path), as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let analyzer = try Analyzer.chinese()
        _ = analyzer.analyze("预热 warm up 中文分词")
        var items: [Item] = []
        var bytes = 0
        let channels = ["weibo", "wechat", "douyin", "xiaohongshu", "forum"], cities = ["北京", "上海", "广州", "深圳"]
        var round = 0
        while Double(bytes) < targetMb * 1e6 {
            for (i, text) in lines.enumerated() where Double(bytes) < targetMb * 1e6 {
                items.append(Item(id: "\(round)-\(i)", channel: channels[i % 5], time: 1_793_000_000 + Int64(i * 37 % 2_592_000),
                                  text: text, city: cities[i % 4], likes: i % 50))
                bytes += text.utf8.count
            }
            round += 1
        }
        let t0 = ContinuousClock.now
        let live = ConcurrentSearchIndex(SearchIndex(analyzer: analyzer))
        var offset = 0
        while offset < items.count {
            live.add(Array(items[offset..<min(items.count, offset + 4096)]), threads: threads)
            offset += 4096
        }
        let index = live.snapshot
        let buildSeconds = Self.seconds(ContinuousClock.now - t0)
        try? FileManager.default.removeItem(atPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // Journal: every item as an upsert record, fsync per 1,024-item batch.
        let options = StoreOptions(threads: threads)
        let registry = SnapshotRegistry.standard(analyzer: analyzer, threads: threads)
        let (store, _) = try Store.open(directory: dir, options: options, registry: registry, restore: { _ in }, replay: { _ in })
        let j0 = ContinuousClock.now
        offset = 0
        while offset < items.count {
            try store.append(items[offset..<min(items.count, offset + 1024)].map { .upsert($0) })
            offset += 1024
        }
        let journalSeconds = Self.seconds(ContinuousClock.now - j0)
        let journalBytes = store.journalBytesSinceSnapshot
        Self.emit(["what": "journal", "items": items.count, "text_mb": Double(bytes) / 1e6, "journal_mb": Double(journalBytes) / 1e6,
                   "seconds": journalSeconds, "mb_per_s": Double(journalBytes) / 1e6 / journalSeconds, "fsync": "batch of 1024"])

        // Snapshot write.
        let segment = try store.rotate()
        let w0 = ContinuousClock.now
        let size = try store.writeSnapshot([IndexSection(index: index, threads: threads)], segment: segment)
        let writeSeconds = Self.seconds(ContinuousClock.now - w0)
        _ = try store.removeObsoleteFiles()
        try store.close()
        Self.emit(["what": "snapshot_write", "items": items.count, "text_mb": Double(bytes) / 1e6, "snapshot_mb": Double(size) / 1e6,
                   "seconds": writeSeconds, "mb_per_s": Double(size) / 1e6 / writeSeconds, "index_build_seconds": buildSeconds,
                   "terms": index.terms.count, "postings_mb": Double(index.postings.arenaByteCount) / 1e6])

        // Checksum speed (XXH64 over the posting arena), part of every load and write.
        let h0 = ContinuousClock.now
        let checksum = index.postings.withArenaBytes { XXHash64.hash($0) }
        let hashSeconds = Self.seconds(ContinuousClock.now - h0)
        Self.emit(["what": "xxhash64", "mb": Double(index.postings.arenaByteCount) / 1e6, "seconds": hashSeconds,
                   "mb_per_s": Double(index.postings.arenaByteCount) / 1e6 / hashSeconds, "checksum": String(checksum, radix: 16)])

        // Snapshot loads.
        let queries = ["酒店", "服务 很好", "\"前台\"", "channel:weibo 房间", "city:北京"].compactMap { try? QueryParser().parse($0) }
        let expected = queries.map { QueryExecutor.search($0, in: index).totalHits }
        var times: [Double] = [], cpu: [Double] = []
        for _ in 0..<max(1, loads) {
            var loaded: SearchIndex?
            let c0 = Self.processCPUSeconds()
            let l0 = ContinuousClock.now
            let (reopened, report) = try Store.open(directory: dir, options: options, registry: registry,
                                                    restore: { loaded = $0.section(IndexSection.self)?.index }, replay: { _ in })
            times.append(Self.seconds(ContinuousClock.now - l0))
            cpu.append(Self.processCPUSeconds() - c0)
            try reopened.close()
            guard let loaded, report.snapshot != nil, loaded.documents.liveCount == index.documents.liveCount,
                  queries.map({ QueryExecutor.search($0, in: loaded).totalHits }) == expected else {
                throw ValidationError("the loaded index differs from the written one")
            }
        }
        let sorted = times.sorted()
        try checkpointAfterNewItems(lines: lines, analyzer: analyzer, options: options, registry: registry)
        Self.emit(["what": "snapshot_load", "items": items.count, "text_mb": Double(bytes) / 1e6, "snapshot_mb": Double(size) / 1e6,
                   "best_seconds": sorted[0], "median_seconds": sorted[sorted.count / 2], "loads": times.count,
                   "cpu_seconds_min": cpu.min() ?? 0, "load_average": Self.loadAverage(),
                   "target_seconds": 1.0, "met": sorted[sorted.count / 2] <= 1.0, "hit_counts": expected])
    }

    /// A checkpoint of a loaded (packed, coded) index after `newItems` more posts: what
    /// writing the snapshot costs when most texts are coded and a few are not, and how far
    /// the process's resident memory peaks above where it stood.
    func checkpointAfterNewItems(lines: [String], analyzer: Analyzer, options: StoreOptions, registry: SnapshotRegistry) throws {
        // (The loaded index held by `live` alone, so adding to it copies nothing.)
        var live: ConcurrentSearchIndex?
        let (store, _) = try Store.open(directory: dir, options: options, registry: registry,
                                        restore: { snapshot in snapshot.section(IndexSection.self).map { live = ConcurrentSearchIndex($0.index) } },
                                        replay: { _ in })
        guard let live else { throw ValidationError("no snapshot to load") }
        let fresh = (0..<min(newItems, lines.count)).map { i in Item(id: "new-\(i)", time: 1_793_000_000 + Int64(i), text: lines[i]) }
        live.add(fresh, threads: threads)
        let index = live.snapshot
        let segment = try store.rotate()
        // The peak resident size from here (`clear_refs` 5 resets VmHWM to the current size).
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = Self.statusKilobytes("VmRSS")
        let c0 = Self.processCPUSeconds(), w0 = ContinuousClock.now
        let size = try store.writeSnapshot([IndexSection(index: index, threads: threads)], segment: segment)
        let seconds = Self.seconds(ContinuousClock.now - w0), cpu = Self.processCPUSeconds() - c0
        let peak = Self.statusKilobytes("VmHWM")
        _ = try store.removeObsoleteFiles()
        try store.close()
        Self.emit(["what": "checkpoint_after_new_items", "items": index.documents.count, "new_items": fresh.count,
                   "snapshot_mb": Double(size) / 1e6, "seconds": seconds, "cpu_seconds": cpu,
                   "resident_peak_above_start_mb": Double(peak - before) / 1e3])
    }

    /// A `kB` line of /proc/self/status (`VmRSS`, `VmHWM`), 0 when there is none.
    static func statusKilobytes(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    /// User + system CPU time of this process (all threads): what a load costs, whatever else the machine runs.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The 1-minute load average, to read the wall times by.
    static func loadAverage() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return -1 }
        return Double(text.split(separator: " ").first ?? "") ?? -1
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    static func emit(_ fields: [String: Any]) {
        if let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) {
            print("RESULT " + String(decoding: data, as: UTF8.self))
        }
    }
}
