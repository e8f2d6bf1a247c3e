import ArgumentParser
import Foundation
import HudongIndex
import HudongRouting
import HudongText

/// `hudong-bench route`: the exit index against 10k / 100k / 1M generated subscriptions.
///
/// Posts are corpus lines with synthetic metadata; subscriptions are the realistic mix of
/// `SyntheticWorkload.realisticSpecs` (categories, tags, keyword paths, 1–5-word queries from the
/// corpus vocabulary). Key frequencies come from a separate sample of posts. For each size it
/// prints one `RESULT {json}`: build time, memory, posts/s matched with analysis excluded
/// (posts analyzed beforehand) and included, full routing posts/s, the same posts through brute
/// force (a sample), and per-post candidates, verifications and matches. Timings are the
/// thread's CPU time (steady on a shared machine), one thread, best of `--repeat`.
/// `--verify` compares the index with `BruteForceMatcher` on every pair of 10,000 posts ×
/// 10,000 random (adversarial) subscriptions and fails on any difference.
struct RouteBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "route", abstract: "Exit index: posts/s against N subscriptions, vs brute force; memory.")

    @Option(help: "Subscription counts, comma-separated.") var subscriptions = "10000,100000,1000000"
    @Option(help: "Timed posts.") var posts = 20_000
    @Option(help: "Posts sampled for key frequencies (0: fixed guesses).") var sample = 5000
    @Option(help: "Posts timed through brute force, per size (scaled down for large sizes).") var brutePosts = 200
    @Option(help: "Timed passes; best is reported.") var `repeat` = 3
    @Option(help: "Corpus, one post a line.") var input = "../corpora/reviews_zh.txt"
    @Flag(help: "Compare with brute force on 10,000 posts × 10,000 random subscriptions (every pair) and exit.") var verify = false
    @Option(help: "Threads for --verify.") var threads = 2
    @Flag(help: "Only time matching (analysis excluded), for profiling.") var matchOnly = false
    @Flag(help: "Only time full routing (analysis excluded), for profiling.") var routeOnly = false

    func run() throws {
        let lines = String(decoding: try FileBytes.read(path: input), as: UTF8.self).split(separator: "\n").map(String.init)
        let analyzer = try Analyzer.chinese()
        let matcher = ItemMatcher(analyzer: analyzer)
        let workload = SyntheticWorkload(texts: lines, analyzer: analyzer)
        if verify { return try RouteVerify(workload: workload, matcher: matcher, threads: threads).run() }
        let items = workload.posts(posts, seed: 1)
        var t = RouteClock()
        let prepared = items.map { matcher.prepare($0) }
        let analysisSeconds = t.lap()
        let statistics = sample > 0 ? KeyStatistics(sample: workload.posts(sample, seed: 2).map { matcher.prepare($0) }, matcher: matcher) : KeyStatistics()
        for size in subscriptions.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            try measure(size: size, workload: workload, matcher: matcher, statistics: statistics, items: items,
                        prepared: prepared, analysisSeconds: analysisSeconds)
        }
    }

    private func measure(size: Int, workload: SyntheticWorkload, matcher: ItemMatcher, statistics: KeyStatistics,
                         items: [Item], prepared: [PreparedItem], analysisSeconds: Double) throws {
        let specs = workload.realisticSpecs(size, seed: 3)
        let subs = SyntheticWorkload.subscriptions(specs)
        let queries = subs.map(\.query)
        let rssBefore = RouteClock.residentBytes()
        var clock = RouteClock()
        let index = SubscriptionIndex(queries: queries, matcher: matcher, statistics: statistics)
        let buildSeconds = clock.lap()
        let rssIndex = RouteClock.residentBytes() - rssBefore

        if routeOnly {
            let subscribers = SyntheticWorkload.subscribers(subs, seed: 4)
            var best = Double.infinity, deliveries = 0
            for _ in 0..<max(1, `repeat`) {
                var router = Router(subscribers: subscribers, matcher: matcher, statistics: statistics)
                var r = RouteClock()
                deliveries = 0
                for i in prepared.indices { deliveries += router.route(prepared[i]).deliveries.count }
                best = min(best, r.lap())
            }
            RouteClock.emit(["what": "route-only", "subscriptions": queries.count, "route_posts_per_s": Double(prepared.count) / best,
                             "deliveries_per_post": Double(deliveries) / Double(prepared.count)])
            return
        }
        // Matching, analysis excluded.
        var best = Double.infinity
        var counts: Set<Int> = []
        var last = SubscriptionMatcher.Statistics()
        var out: [Int32] = []
        for _ in 0..<max(1, `repeat`) {
            var m = SubscriptionMatcher(index: index)
            var c = RouteClock()
            var found = 0
            for i in prepared.indices { m.match(prepared[i], into: &out); found &+= out.count }
            best = min(best, c.lap())
            counts.insert(found)
            last = m.statistics
        }
        guard counts.count == 1 else { throw ValidationError("match counts differ between runs: \(counts.sorted())") }
        if matchOnly {
            RouteClock.emit(["what": "route-match", "subscriptions": queries.count, "match_posts_per_s": Double(prepared.count) / best,
                             "matches_per_post": Double(last.matches) / Double(prepared.count),
                             "verified_per_post": Double(last.verified) / Double(prepared.count),
                             "verified_matches_per_post": Double(last.verifiedMatches) / Double(prepared.count)])
            return
        }
        // Matching with analysis: analyze and prepare each post, then match (a subset for time's sake).
        let withAnalysisCount = min(items.count, 5000)
        var m = SubscriptionMatcher(index: index)
        var c = RouteClock()
        for item in items.prefix(withAnalysisCount) { m.match(matcher.prepare(item), into: &out) }
        let withAnalysisSeconds = c.lap()
        // Full routing (permissions, quiet hours, caps, trust order), analysis excluded.
        let subscribers = SyntheticWorkload.subscribers(subs, seed: 4)
        var router = Router(subscribers: subscribers, matcher: matcher, statistics: statistics)
        var r = RouteClock()
        var deliveries = 0
        for i in prepared.indices { deliveries += router.route(prepared[i]).deliveries.count }
        let routeSeconds = r.lap()
        // Brute force on a sample of the same posts.
        let bruteCount = max(5, min(brutePosts, brutePosts * 10_000 / max(size, 1) * 10))
        let brute = BruteForceMatcher(queries: queries, matcher: matcher)
        var b = RouteClock()
        var bruteFound = 0, sampleFound = 0
        for post in prepared.prefix(bruteCount) { bruteFound += brute.matches(post).count }
        let bruteSeconds = b.lap()
        var check = SubscriptionMatcher(index: index)
        for post in prepared.prefix(bruteCount) { sampleFound += check.matches(post).count }
        guard bruteFound == sampleFound else { throw ValidationError("brute force found \(bruteFound) matches, the index \(sampleFound)") }

        let n = Double(prepared.count)
        let summary = index.summary
        let bruteRate = Double(bruteCount) / bruteSeconds
        var fields: [String: Any] = ["what": "route", "subscriptions": queries.count, "posts": prepared.count]
        fields["statistics_sample"] = sample
        fields["build_s"] = buildSeconds
        fields["index_bytes"] = summary.memoryBytes
        fields["rss_index_mb"] = Double(rssIndex) / 1e6
        fields["keyed"] = summary.keyed
        fields["exact"] = summary.exact
        fields["always_checked"] = summary.alwaysChecked
        fields["never"] = summary.never
        fields["keys"] = summary.keys
        fields["postings"] = summary.postings
        fields["match_posts_per_s"] = n / best
        fields["match_us_per_post"] = best / n * 1e6
        fields["analysis_posts_per_s"] = n / analysisSeconds
        fields["match_with_analysis_posts_per_s"] = Double(withAnalysisCount) / withAnalysisSeconds
        fields["route_posts_per_s"] = n / routeSeconds
        fields["deliveries_per_post"] = Double(deliveries) / n
        fields["candidates_per_post"] = Double(last.candidates) / n
        fields["verified_per_post"] = Double(last.verified) / n
        fields["verified_matches_per_post"] = Double(last.verifiedMatches) / n
        fields["matches_per_post"] = Double(last.matches) / n
        fields["brute_posts"] = bruteCount
        fields["brute_posts_per_s"] = bruteRate
        fields["speedup_vs_brute"] = bruteRate > 0 ? (n / best) / bruteRate : 0
        RouteClock.emit(fields)
    }
}

/// CPU time of the calling thread, lap by lap, and the process's resident memory.
struct RouteClock {
    private var start = RouteClock.threadSeconds()

    /// Seconds since the last lap (or creation).
    mutating func lap() -> Double {
        let now = Self.threadSeconds()
        defer { start = now }
        return now - start
    }

    static func threadSeconds() -> Double {
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
