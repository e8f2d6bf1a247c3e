import ArgumentParser
import Foundation
import HudongIndex
import HudongTagging
import HudongText

/// `hudong-bench tagging`: what tagging adds to ingest, with the corpus taxonomy and with a
/// generated 1,000-node one; the fast tagger checked against the brute-force reference; re-tag time.
///
/// Ingest is the real path on one thread: analysis, then the index write (baseline,
/// `ConcurrentSearchIndex.add`) versus analysis, tagging, then the write (`TaggedIndex.add`).
/// Rounds alternate the configurations; the fastest round of each is reported, in CPU time of
/// the (single) ingest thread, so other processes on the machine do not blur the figure.
struct TaggingBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tagging", abstract: "Tagging overhead on ingest, fast vs reference, re-tag.")

    @Option(help: "Corpus files (one post a line).") var input: [String] = ["../corpora/reviews_zh.txt"]
    @Option(help: "The real taxonomy.") var taxonomy = "../corpora/taxonomy/taxonomy.yaml"
    @Option(help: "Keyword nodes of the generated taxonomy.") var nodes = 1000
    @Option(help: "Generated terms skip this many of the corpus's commonest words.") var skip = 150
    @Option(help: "Rounds (ingest: the median round's overhead is reported; tag: the fastest).") var rounds = 7
    @Option(help: "Items checked against the brute-force reference.") var verify = 1000
    @Option(help: "Ingest batch size.") var batch = 1024
    @Option(help: "What to run: all, ingest, tag, retag.") var part = "all"

    func run() throws {
        var lines: [String] = []
        for path in input {
            lines += String(decoding: try FileBytes.read(path: path), as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let analyzer = try Analyzer.chinese()
        _ = analyzer.analyze("预热 warm up 中文分词")
        let channels = ["weibo", "wechat", "douyin", "xiaohongshu", "forum"]
        let items = lines.enumerated().map { i, text in
            Item(id: "\(i)", channel: channels[i % 5], time: 1_793_000_000 + Int64(i * 37 % 2_592_000), text: text, likes: i % 50)
        }
        let real = try Taxonomy.load(path: taxonomy)
        let generated = SyntheticTaxonomy.generate(from: lines, analyzer: analyzer, nodes: nodes, skipMostFrequent: skip)
        let bytes = items.reduce(0) { $0 + $1.text.utf8.count }

        if part == "all" || part == "ingest" { try ingest(items, real: real, generated: generated, analyzer: analyzer, bytes: bytes) }
        if part == "all" || part == "tag" { try tagOnly(items, real: real, generated: generated, analyzer: analyzer) }
        if part == "all" || part == "retag" { retag(items, real: real, generated: generated, analyzer: analyzer) }
    }

    func ingest(_ items: [Item], real: Taxonomy, generated: Taxonomy, analyzer: Analyzer, bytes: Int) throws {
        // Every round ingests the corpus into three fresh indexes at once, batch by batch: the
        // same batch goes to the plain index, then to the two tagged ones (in rotating order).
        // Each batch's time is the minimum over the rounds, and the overhead compares the sums
        // of those minima: a busy machine slowing some batches of some rounds does not tilt it.
        let batches = stride(from: 0, to: items.count, by: batch).map { Array(items[$0..<min(items.count, $0 + batch)]) }
        let names = ["baseline", "corpus", "generated"]
        var best = [[Double]](repeating: [Double](repeating: .infinity, count: batches.count), count: names.count)
        var totals = [[Double]](repeating: [], count: names.count)
        var taggedCounts: [String: Int] = [:]
        for round in 0..<rounds {
            let plain = ConcurrentSearchIndex(SearchIndex(analyzer: analyzer))
            let corpus = TaggedIndex(analyzer: analyzer, taxonomy: real)
            let synthetic = TaggedIndex(analyzer: analyzer, taxonomy: generated)
            var sums = [Double](repeating: 0, count: names.count)
            for (b, chunk) in batches.enumerated() {
                for k in 0..<names.count {
                    let config = (k + round + b) % names.count
                    let t0 = Self.cpuSeconds()
                    switch config {
                    case 0: plain.add(chunk, threads: 1)
                    case 1: corpus.add(chunk, threads: 1)
                    default: synthetic.add(chunk, threads: 1)
                    }
                    let dt = Self.cpuSeconds() - t0
                    best[config][b] = min(best[config][b], dt)
                    sums[config] += dt
                }
            }
            for k in names.indices { totals[k].append(sums[k]) }
            precondition(plain.read { $0.documents.liveCount } == items.count)
            precondition(corpus.index.read { $0.documents.liveCount } == items.count)
            taggedCounts["corpus"] = corpus.read { idx, _ in idx.documents.items.filter { !$0.keywordPaths.isEmpty }.count }
            taggedCounts["generated"] = synthetic.read { idx, _ in idx.documents.items.filter { !$0.keywordPaths.isEmpty }.count }
        }
        let minima = best.map { $0.reduce(0, +) }
        Self.emit(["what": "ingest", "config": "baseline", "threads": 1, "posts": items.count, "input_mb": Double(bytes) / 1e6,
                   "cpu_seconds": minima[0], "cpu_seconds_round_median": Self.median(totals[0]),
                   "posts_per_s": Double(items.count) / minima[0]])
        for (k, tax) in [(1, real), (2, generated)] {
            let compiled = CompiledTaxonomy(tax, analyzer: analyzer)
            let roundOverheads = zip(totals[k], totals[0]).map { (($0 - $1) / $1 * 1000).rounded() / 10 }
            Self.emit(["what": "ingest", "config": "tagged-\(names[k])", "threads": 1, "posts": items.count, "nodes": tax.nodeCount,
                       "tags": tax.tags.count, "categories": tax.categories.count, "patterns": compiled.patternCount,
                       "cpu_seconds": minima[k], "cpu_seconds_round_median": Self.median(totals[k]),
                       "overhead_percent": (minima[k] - minima[0]) / minima[0] * 100,
                       "overhead_percent_rounds": roundOverheads,
                       "items_with_keywords": taggedCounts[names[k]] ?? 0])
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Tagging alone (analysis made beforehand), and the reference on a sample.
    func tagOnly(_ items: [Item], real: Taxonomy, generated: Taxonomy, analyzer: Analyzer) throws {
        let analyses = items.map { analyzer.analyze($0.text) }
        for (name, tax) in [("corpus", real), ("generated", generated)] {
            let compiled = CompiledTaxonomy(tax, analyzer: analyzer)
            let fast = Tagger(compiled), reference = ReferenceTagger(compiled)
            var scratch = TaggingScratch()
            var fastSeconds = Double.infinity
            var matched = 0
            for _ in 0..<rounds {
                matched = 0
                let t0 = Self.cpuSeconds()
                for (item, analysis) in zip(items, analyses) { matched += fast.tag(item, analysis: analysis, scratch: &scratch).matchedNodes.count }
                fastSeconds = min(fastSeconds, Self.cpuSeconds() - t0)
            }
            let step = max(1, items.count / max(1, verify))
            var mismatches = 0, checked = 0
            let t1 = ContinuousClock.now
            for i in stride(from: 0, to: items.count, by: step) where checked < verify {
                checked += 1
                if fast.tag(items[i], analysis: analyses[i], scratch: &scratch) != reference.tag(items[i], analysis: analyses[i]) { mismatches += 1 }
            }
            let referenceSeconds = Self.seconds(ContinuousClock.now - t1)
            Self.emit(["what": "tag", "config": name, "posts": items.count, "fast_us_per_post": fastSeconds / Double(items.count) * 1e6,
                       "node_matches": matched, "node_matches_per_post": Double(matched) / Double(items.count), "reference_checked": checked, "reference_mismatches": mismatches,
                       "reference_us_per_post": referenceSeconds / Double(max(1, checked)) * 1e6])
            guard mismatches == 0 else { throw ExitCode(1) }
        }

    }

    /// Live re-tag of the whole index, corpus taxonomy → generated and back.
    func retag(_ items: [Item], real: Taxonomy, generated: Taxonomy, analyzer: Analyzer) {
        let live = TaggedIndex(analyzer: analyzer, taxonomy: real)
        for start in stride(from: 0, to: items.count, by: batch) { live.add(Array(items[start..<min(items.count, start + batch)]), threads: 1) }
        for (name, tax) in [("to-generated", generated), ("to-corpus", real)] {
            let t0 = ContinuousClock.now
            let report = live.replaceTaxonomy(tax, threads: 1)
            Self.emit(["what": "retag", "config": name, "posts": report.examined, "relabelled": report.relabelled,
                       "seconds": Self.seconds(ContinuousClock.now - t0)])
        }
    }

    /// CPU time of the calling thread.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    static func emit(_ fields: [String: Any]) {
        if let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) {
            print("RESULT " + String(decoding: data, as: UTF8.self))
        }
    }
}
