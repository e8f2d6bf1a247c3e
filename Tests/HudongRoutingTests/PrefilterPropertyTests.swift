import HudongIndex
import HudongRouting
import Testing

/// The pre-filtered index must find exactly what brute force finds.
///
/// Full run: 10,000 posts × 10,000 random subscriptions, every pair, compared with
/// `LeafColumnReference` (brute force evaluated per leaf and per post with `ItemMatcher`).
/// Sample run: 100 seeded posts × the same 10,000, compared with `BruteForceMatcher` (plain
/// `ItemMatcher` on every pair). The release command `hudong-bench route --verify` runs the plain
/// brute force on all 10,000 × 10,000.
@Suite("pre-filter equals brute force")
struct PrefilterPropertyTests {
    static let postCount = 10_000
    static let subscriptionCount = 10_000

    /// Posts from the reviews corpus with random metadata, analyzed once.
    static let posts: [PreparedItem] = Fixtures.workload.posts(postCount, seed: 61).map { Fixtures.matcher.prepare($0) }

    /// Awkward subscriptions (every operator and field), 30% of them the realistic mix.
    static let queries: [QueryNode] = {
        let specs = Fixtures.workload.adversarialSpecs(subscriptionCount + 500, seed: 62)
        return Array(SyntheticWorkload.subscriptions(specs).prefix(subscriptionCount).map(\.query))
    }()

    /// Key frequencies from 1,000 other posts, so the rarest-key choice is exercised.
    static let statistics = KeyStatistics(sample: Fixtures.workload.posts(1000, seed: 63).map { Fixtures.matcher.prepare($0) },
                                          matcher: Fixtures.matcher)

    static let index = SubscriptionIndex(queries: queries, matcher: Fixtures.matcher, statistics: statistics)

    @Test("10,000 posts × 10,000 subscriptions, every pair")
    func everyPair() {
        #expect(Self.queries.count == Self.subscriptionCount)
        let posts = Self.posts
        // The index, post by post, transposed to a bit set of posts per subscription.
        let words = (posts.count + 63) / 64
        var found = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: Self.queries.count)
        var matcher = SubscriptionMatcher(index: Self.index)
        var out: [Int32] = []
        for (p, post) in posts.enumerated() {
            matcher.match(post, into: &out)
            for s in out { found[Int(s)][p >> 6] |= 1 << UInt64(p & 63) }
        }
        // Brute force by columns.
        var reference = LeafColumnReference(posts: posts, matcher: Fixtures.matcher)
        let brute = BruteForceMatcher(queries: Self.queries, matcher: Fixtures.matcher)
        var pairs = 0, mismatched: [String] = []
        for (s, query) in brute.compiled.enumerated() {
            let expected = reference.matches(query)
            pairs += expected.reduce(0) { $0 + $1.nonzeroBitCount }
            if expected != found[s], mismatched.count < 5 {
                let got = found[s]
                let p = (0..<posts.count).first { Self.bit(expected, $0) != Self.bit(got, $0) } ?? -1
                mismatched.append("subscription \(s) `\(Self.queries[s])` differs on post \(p)")
            }
        }
        #expect(mismatched.isEmpty, "\(mismatched.joined(separator: "\n"))")
        // The comparison means something: many matches, and the index looked at few candidates.
        let stats = matcher.statistics
        #expect(pairs == stats.matches)
        #expect(pairs > 100_000)
        #expect(stats.candidates < posts.count * Self.queries.count / 5)
        #expect(Self.index.summary.alwaysChecked > 100 && Self.index.summary.never > 0 && Self.index.summary.exact > 1000)
    }

    static func bit(_ bits: [UInt64], _ p: Int) -> Bool { bits[p >> 6] & (1 << UInt64(p & 63)) != 0 }

    @Test("100 seeded posts × 10,000 subscriptions against plain ItemMatcher")
    func seededSample() {
        var random = SeededRandom(seed: 64)
        let sample = (0..<100).map { _ in Self.posts[Int.random(in: 0..<Self.posts.count, using: &random)] }
        let brute = BruteForceMatcher(queries: Self.queries, matcher: Fixtures.matcher)
        var filtered = SubscriptionMatcher(index: Self.index)
        // Also an index built without statistics: other keys, same answers.
        var guessed = SubscriptionMatcher(index: SubscriptionIndex(queries: Self.queries, matcher: Fixtures.matcher))
        var total = 0
        for post in sample {
            let expected = brute.matches(post)
            total += expected.count
            #expect(filtered.matches(post).sorted() == expected, "post \(post.item.id)")
            #expect(guessed.matches(post).sorted() == expected, "post \(post.item.id) (no statistics)")
        }
        #expect(total > 1000)
    }

    @Test("routing delivers to exactly the fans brute force finds, naming their first match")
    func routingEqualsBruteForce() {
        let subscriptions = SyntheticWorkload.subscriptions(Fixtures.workload.adversarialSpecs(2000, seed: 65))
        var subscribers = SyntheticWorkload.subscribers(subscriptions, seed: 66)
        for i in subscribers.fans.indices { // permissive: every match is delivered
            subscribers.fans[i].channels = ["app"]
            subscribers.fans[i].quietHours = nil
            subscribers.fans[i].dailyCap = nil
            subscribers.fans[i].categories = nil
        }
        var router = Router(subscribers: subscribers, matcher: Fixtures.matcher)
        let brute = BruteForceMatcher(queries: subscriptions.map(\.query), matcher: Fixtures.matcher)
        var owner: [(fan: String, sub: String)] = []
        for fan in subscribers.fans { for s in fan.subscriptions { owner.append((fan.id, s.id)) } }
        for post in Self.posts.prefix(150) {
            var expected: [String: String] = [:]
            for s in brute.matches(post) where expected[owner[Int(s)].fan] == nil { expected[owner[Int(s)].fan] = owner[Int(s)].sub }
            let routed = router.route(post)
            var got: [String: String] = [:]
            for d in routed.deliveries { got[d.fan] = d.subscription }
            #expect(got == expected, "post \(post.item.id)")
            #expect(routed.deliveries.map(\.priority) == Array(1...max(1, routed.deliveries.count)).prefix(routed.deliveries.count).map { $0 })
        }
    }
}
