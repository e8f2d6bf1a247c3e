import ArgumentParser
import Foundation
import HudongIndex
import HudongText

/// `hudong-bench index`: ingest throughput, query latency by class, and memory, on real corpora.
///
/// Items are the corpus lines (plain posts with synthetic channel/city/time). With `--repeat N`
/// the corpora are indexed N times under fresh ids (the 1M-post scaling run).
struct IndexBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "index", abstract: "Ingest MB/s, query p50/p99, memory.")

    @Option(help: "Corpus files (one post a line).")
    var input: [String] = ["../corpora/reviews_zh.txt", "../corpora/manpages_zh_CN.txt", "../corpora/manpages_zh_TW.txt"]
    @Option(help: "Analysis threads.") var threads = 1
    @Option(help: "Index the corpora this many times under fresh ids.") var `repeat` = 1
    @Option(help: "Queries per class.") var queries = 2000
    @Option(help: "Items analyzed, then indexed, at a time (the `hudong ingest` default is 1024).") var batch = 1024
    @Flag(help: "Also time searches that build highlights for the 10 hits shown.") var highlights = false
    @Option(help: "Query classes to time (term, and2, phrase, cjk2, near, field, listed, or2); all but listed by default.") var classes: [String] = []
    @Option(help: "Terms for the `listed` class (each timed in turn).") var listed: [String] = []
    @Option(help: "Seed of the query sample (the same seed draws the same queries, so runs compare).") var seed: UInt64 = 2026
    @Option(help: """
        Times of repeated corpora: `same` (every repetition in the same 30 days, so the copies of a post share its \
        time and likes, as if each were posted that many times at once) or `forward` (repetition r is the r-th 30 days: \
        the feed moves forward in time, as a real one does).
        """) var repeatTimes: RepeatTimes = .same

    func run() throws {
        var lines: [String] = []
        for path in input {
            let bytes = try FileBytes.read(path: path)
            lines += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let analyzer = try Analyzer.chinese()
        _ = analyzer.analyze("预热 warm up 中文分词")
        let channels = ["weibo", "wechat", "douyin", "xiaohongshu", "forum"], cities = ["北京", "上海", "广州", "深圳"]
        // Items are made batch by batch during ingest, each with a text of its own (not sharing
        // the corpus line's storage), so the resident growth counts the text the index keeps.
        let postCount = lines.count * `repeat`
        func item(_ n: Int) -> Item {
            let r = n / lines.count, i = n % lines.count
            let window: Int64 = repeatTimes == .forward ? Int64(r) * 2_592_000 : 0
            let line = lines[i]
            let text = String(unsafeUninitializedCapacity: line.utf8.count) { buffer in
                _ = buffer.initialize(fromContentsOf: line.utf8)
                return line.utf8.count
            }
            return Item(id: "\(r)-\(i)", channel: channels[i % 5], time: 1_793_000_000 + window + Int64(i * 37 % 2_592_000),
                        text: text, city: cities[i % 4], likes: i % 50)
        }
        let bytes = lines.reduce(0) { $0 + $1.utf8.count } * `repeat`
        let rssBefore = Self.residentBytes()
        let index = ConcurrentSearchIndex(SearchIndex(analyzer: analyzer))
        var analysisSeconds = 0.0, indexSeconds = 0.0, analysisCPU = 0.0, indexCPU = 0.0
        var offset = 0
        while offset < postCount {
            let batch = (offset..<min(postCount, offset + self.batch)).map(item)
            let t0 = ContinuousClock.now, c0 = Self.threadCPUSeconds()
            let analyses = ParallelAnalysis.analyze(batch.map(\.text), with: analyzer, threads: threads)
            let t1 = ContinuousClock.now, c1 = Self.threadCPUSeconds()
            index.add(batch, analyses: analyses)
            analysisSeconds += Self.seconds(t1 - t0)
            indexSeconds += Self.seconds(ContinuousClock.now - t1)
            if threads == 1 { analysisCPU += c1 - c0 }
            indexCPU += Self.threadCPUSeconds() - c1
            offset += batch.count
        }
        let ingestSeconds = analysisSeconds + indexSeconds
        let rssAfter = Self.residentBytes()
        var snapshot = index.snapshot
        Self.emit(["what": "ingest", "threads": threads, "posts": postCount, "input_mb": Double(bytes) / 1e6,
                   "seconds": ingestSeconds, "analysis_seconds": analysisSeconds, "index_seconds": indexSeconds,
                   "analysis_cpu_seconds": analysisCPU, "index_cpu_seconds": indexCPU,
                   "cpu_mb_per_s": threads == 1 ? Double(bytes) / 1e6 / (analysisCPU + indexCPU) : 0, "mb_per_s": Double(bytes) / 1e6 / ingestSeconds,
                   "posts_per_s": Double(postCount) / ingestSeconds,
                   "terms": snapshot.terms.count, "bigrams": snapshot.terms.bigramCount,
                   "postings_mb": Double(snapshot.postings.memoryBytes) / 1e6,
                   "rss_growth_mb": Double(rssAfter - rssBefore) / 1e6,
                   "rss_total_mb": Double(rssAfter) / 1e6,
                   "rss_growth_per_input_mb": Double(rssAfter - rssBefore) / Double(bytes)])
        // Where it goes (estimated from the index's own structures; the rest of the growth is
        // the heap's free space and the analyses' buffers).
        let memory = snapshot.memoryUse()
        var parts: [String: Any] = ["what": "memory", "posts": postCount, "input_mb": Double(bytes) / 1e6,
                                    "estimated_mb": Double(memory.total) / 1e6, "text_mb": Double(memory.text) / 1e6]
        let pool = snapshot.postings.memoryParts
        parts["postings_parts_mb"] = ["postings": Double(pool.postings) / 1e6, "unused_slice_ends": Double(pool.unusedSliceEnds) / 1e6,
                                      "links": Double(pool.links) / 1e6, "unwritten_arena": Double(pool.unwrittenArena) / 1e6,
                                      "blocks": Double(pool.blocks) / 1e6, "lists": Double(pool.lists) / 1e6]
        for (name, size) in memory.parts {
            parts[name + "_mb"] = Double(size) / 1e6
            parts[name + "_per_input"] = Double(size) / Double(bytes)
        }
        Self.emit(parts)
        // The same after packing the posting lists (as a snapshot load gives them); the
        // queries below run on the packed index. (The old arena is freed only once no copy
        // of the index holds it.)
        snapshot = SearchIndex(analyzer: analyzer)
        let packStart = ContinuousClock.now
        index.write { [threads] in $0.pack(threads: threads) }
        let packSeconds = Self.seconds(ContinuousClock.now - packStart)
        let rssPacked = Self.residentBytes()
        snapshot = index.snapshot
        let packedPool = snapshot.postings.memoryParts, packedMemory = snapshot.memoryUse()
        Self.emit(["what": "packed", "posts": postCount, "input_mb": Double(bytes) / 1e6, "pack_seconds": packSeconds,
                   "postings_mb": Double(snapshot.postings.memoryBytes) / 1e6, "estimated_mb": Double(packedMemory.total) / 1e6,
                   "items_mb": Double(packedMemory.items) / 1e6, "text_mb": Double(packedMemory.text) / 1e6,
                   "rss_growth_mb": Double(rssPacked - rssBefore) / 1e6,
                   "rss_growth_per_input_mb": Double(rssPacked - rssBefore) / Double(bytes),
                   "postings_parts_mb": ["postings": Double(packedPool.postings) / 1e6, "unused_slice_ends": Double(packedPool.unusedSliceEnds) / 1e6,
                                         "links": Double(packedPool.links) / 1e6, "unwritten_arena": Double(packedPool.unwrittenArena) / 1e6,
                                         "blocks": Double(packedPool.blocks) / 1e6, "lists": Double(packedPool.lists) / 1e6,
                                         "champions": Double(packedPool.champions) / 1e6]])
        var rng = SeededGenerator(seed: seed)
        let trace = ProcessInfo.processInfo.environment["HUDONG_BENCH_TRACE"] != nil
        var sampler = QuerySampler(lines: lines, analyzer: analyzer)
        let classes: [(String, () -> ParsedQuery)] = [
            ("term", { ParsedQuery(root: .term(sampler.word(&rng))) }),
            ("and2", { ParsedQuery(root: .and([.term(sampler.word(&rng)), .term(sampler.word(&rng))])) }),
            ("phrase", { ParsedQuery(root: .phrase(sampler.phrase(&rng))) }),
            ("cjk2", { ParsedQuery(root: .term(sampler.substring(2, &rng))) }),
            ("near", { ParsedQuery(root: .near(.term(sampler.word(&rng)), .term(sampler.word(&rng)), distance: 5, ordered: false)) }),
            ("field", { ParsedQuery(root: .and([.term(sampler.word(&rng)), .field(.channel, "weibo")])) }),
            ("listed", { [listed] in ParsedQuery(root: .term(listed.randomElement(using: &rng) ?? "酒店")) }),
            // (Last, so the classes before it draw the queries they drew before it was added.)
            ("or2", { ParsedQuery(root: .or([.term(sampler.word(&rng)), .term(sampler.word(&rng))])) }),
        ]
        for (name, make) in classes where self.classes.isEmpty ? name != "listed" : self.classes.contains(name) {
            let qs = (0..<queries).map { _ in make() }
            var micros: [Double] = []
            var hits = 0
            snapshot.analyzer.analyze("热身").tokens.count == 0 ? () : ()
            for q in qs {
                let t0 = Self.threadCPUSeconds()
                let r = QueryExecutor.search(q, in: snapshot, options: SearchOptions(limit: 10, highlight: highlights))
                micros.append((Self.threadCPUSeconds() - t0) * 1e6)
                if trace { print("TRACE \(name) \(Int(micros[micros.count - 1])) \(r.totalHits) \(q.root)") }
                hits += r.totalHits
            }
            micros.sort()
            Self.emit(["what": "query", "class": name, "posts": postCount, "queries": qs.count, "repeat_times": repeatTimes.rawValue,
                       "p50_us": micros[micros.count / 2], "p99_us": micros[micros.count * 99 / 100],
                       "mean_hits": Double(hits) / Double(qs.count), "highlights": highlights])
        }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    /// CPU time of the calling thread: steadier than wall time on a shared, loaded machine.
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func residentBytes() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let parts = s.split(separator: " ")
        return parts.count > 1 ? (Int(parts[1]) ?? 0) * 4096 : 0
    }

    static func emit(_ fields: [String: Any]) {
        if let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) {
            print("RESULT " + String(decoding: data, as: UTF8.self))
        }
    }
}

/// How `hudong-bench index --repeat` times the copies.
enum RepeatTimes: String, ExpressibleByArgument, CaseIterable {
    case same, forward
}

/// Draws query terms from the corpus: words as the segmenter cut them (frequency-weighted,
/// like the tantivy peer), 2-character substrings, and adjacent-word phrases.
struct QuerySampler {
    let lines: [String]
    let analyzer: Analyzer

    mutating func tokens(_ rng: inout SeededGenerator) -> [Token] {
        for _ in 0..<50 {
            let text = lines.randomElement(using: &rng) ?? ""
            let t = analyzer.analyze(text).tokens.filter { $0.kind == .cjkWord && $0.term.count >= 2 }
            if t.count >= 2 { return t }
        }
        return []
    }

    mutating func word(_ rng: inout SeededGenerator) -> String {
        tokens(&rng).randomElement(using: &rng)?.term ?? "酒店"
    }

    mutating func phrase(_ rng: inout SeededGenerator) -> String {
        for _ in 0..<50 {
            let text = lines.randomElement(using: &rng) ?? ""
            let t = analyzer.analyze(text).tokens
            guard t.count >= 2 else { continue }
            let i = Int.random(in: 0..<(t.count - 1), using: &rng)
            if t[i].kind == .cjkWord, t[i + 1].kind == .cjkWord { return t[i].term + t[i + 1].term }
        }
        return "酒店服务"
    }

    mutating func substring(_ n: Int, _ rng: inout SeededGenerator) -> String {
        for _ in 0..<50 {
            let s = Array((lines.randomElement(using: &rng) ?? "").unicodeScalars)
            guard s.count >= n else { continue }
            let i = Int.random(in: 0...(s.count - n), using: &rng)
            let piece = s[i..<(i + n)]
            if piece.allSatisfy({ $0.value >= 0x4E00 && $0.value <= 0x9FFF }) { return String(String.UnicodeScalarView(piece)) }
        }
        return "酒店"
    }
}

/// SplitMix64: a seeded generator, so two runs time the same queries.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
