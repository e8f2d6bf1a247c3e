import ArgumentParser
import Dispatch
import Foundation
import HudongIndex
import HudongRouting

/// `hudong-bench route --verify`: every pair of 10,000 posts × 10,000 random subscriptions,
/// the pre-filtered index against plain `BruteForceMatcher`, in release on `threads` threads.
struct RouteVerify {
    let workload: SyntheticWorkload
    let matcher: ItemMatcher
    let threads: Int
    var postCount = 10_000
    var subscriptionCount = 10_000

    func run() throws {
        let prepared = workload.posts(postCount, seed: 61).map { matcher.prepare($0) }
        let queries = Array(SyntheticWorkload.subscriptions(workload.adversarialSpecs(subscriptionCount + 500, seed: 62))
            .prefix(subscriptionCount).map(\.query))
        let statistics = KeyStatistics(sample: workload.posts(1000, seed: 63).map { matcher.prepare($0) }, matcher: matcher)
        let index = SubscriptionIndex(queries: queries, matcher: matcher, statistics: statistics)
        let brute = BruteForceMatcher(queries: queries, matcher: matcher)
        let start = ContinuousClock.now
        let chunks = max(1, threads)
        let results = VerifyResults(chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var m = SubscriptionMatcher(index: index)
            var pairs = 0, differing: [String] = []
            for p in stride(from: chunk, to: prepared.count, by: chunks) {
                let expected = brute.matches(prepared[p])
                pairs += expected.count
                if m.matches(prepared[p]).sorted() != expected, differing.count < 5 { differing.append(prepared[p].item.id) }
            }
            results.set(chunk, pairs: pairs, differing: differing)
        }
        let (pairs, differing) = results.total
        let seconds = RouteVerify.seconds(ContinuousClock.now - start)
        RouteClock.emit(["what": "route-verify", "posts": prepared.count, "subscriptions": queries.count,
                         "pairs_checked": prepared.count * queries.count, "matching_pairs": pairs,
                         "differing_posts": differing.count, "seconds": seconds, "threads": chunks,
                         "keyed": index.summary.keyed, "exact": index.summary.exact,
                         "always_checked": index.summary.alwaysChecked, "never": index.summary.never])
        guard differing.isEmpty else { throw ValidationError("the index differs from brute force on posts \(differing)") }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}

/// Per-thread results of the verification, collected under a lock.
final class VerifyResults: @unchecked Sendable {
    private let lock = NSLock()
    private var pairs: [Int]
    private var differing: [[String]]

    init(_ n: Int) {
        pairs = [Int](repeating: 0, count: n)
        differing = [[String]](repeating: [], count: n)
    }

    func set(_ i: Int, pairs p: Int, differing d: [String]) {
        lock.lock(); defer { lock.unlock() }
        pairs[i] = p
        differing[i] = d
    }

    var total: (Int, [String]) {
        lock.lock(); defer { lock.unlock() }
        return (pairs.reduce(0, +), differing.flatMap { $0 })
    }
}
