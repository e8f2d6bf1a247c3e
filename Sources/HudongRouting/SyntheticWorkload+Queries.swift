import HudongIndex

extension SyntheticWorkload {
    /// One generated subscription: its kind and its value (a category, tag, path or query text).
    public struct Spec: Sendable, Hashable {
        public var kind: SubscriptionKind
        public var value: String
    }

    /// A realistic mix: 8% categories, 17% tags, 20% keyword paths (70% level 3, 25% level 2,
    /// 5% level 1), 55% queries of one to five vocabulary words (AND, OR, exclusions, phrases,
    /// NEAR; one in ten with a channel or category filter). Each kind's value is drawn uniformly.
    public func realisticSpecs(_ count: Int, seed: UInt64) -> [Spec] {
        var random = SeededRandom(seed: seed)
        let byDepth = (1...3).map { d in keywordPaths.filter { $0.split(separator: "/").count == d } }
        return (0..<count).map { _ in
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 8 { return Spec(kind: .category, value: Self.categories[Int.random(in: 0..<Self.categories.count, using: &random)]) }
            if roll < 25 { return Spec(kind: .tag, value: tags[Int.random(in: 0..<tags.count, using: &random)]) }
            if roll < 45 {
                let depth = Int.random(in: 0..<20, using: &random)
                let level = depth < 14 ? byDepth[2] : depth < 19 ? byDepth[1] : byDepth[0]
                return Spec(kind: .keyword, value: level[Int.random(in: 0..<level.count, using: &random)])
            }
            return Spec(kind: .query, value: realisticQuery(&random))
        }
    }

    private func realisticQuery(_ random: inout SeededRandom) -> String {
        var w: [String] = []
        for _ in 0..<5 { w.append(word(&random)) }
        let terms = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5][Int.random(in: 0..<11, using: &random)]
        var q: String
        switch (terms, Int.random(in: 0..<3, using: &random)) {
        case (1, _): q = w[0]
        case (2, 0): q = "\(w[0]) \(w[1])"
        case (2, 1): q = "\(w[0]) OR \(w[1])"
        case (2, _): q = "\"\(w[0])\(w[1])\""
        case (3, 0): q = "\(w[0]) (\(w[1]) OR \(w[2]))"
        case (3, 1): q = "\(w[0]) \(w[1]) -\(w[2])"
        case (3, _): q = "\(w[0]) OR \(w[1]) OR \(w[2])"
        case (4, 0): q = "(\(w[0]) OR \(w[1])) (\(w[2]) OR \(w[3]))"
        case (4, _): q = "\(w[0]) NEAR/5 \(w[1]) \(w[2]) -\(w[3])"
        case (_, 0): q = "\(w[0]) OR \(w[1]) OR \(w[2]) OR \(w[3]) OR \(w[4])"
        default: q = "(\(w[0]) OR \(w[1]) OR \(w[2])) \(w[3]) -\(w[4])"
        }
        switch Int.random(in: 0..<20, using: &random) {
        case 0: q += " channel:\(Self.channels.randomElement(using: &random) ?? "weibo")"
        case 1: q += " category:\(Self.categories.randomElement(using: &random) ?? "口碑")"
        default: break
        }
        return q
    }

    /// Awkward queries for property tests: every operator and field, negations alone, `*`, time
    /// ranges, ordered NEAR, single characters, phrases across punctuation, Latin words, keyword
    /// prefixes, values no post has, nesting.
    public func adversarialSpecs(_ count: Int, seed: UInt64) -> [Spec] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 30 { return realisticSpecs(1, seed: random.next())[0] }
            return Spec(kind: .query, value: adversarialQuery(&random, depth: 0))
        }
    }

    private func leaf(_ random: inout SeededRandom) -> String {
        let w = word(&random)
        switch Int.random(in: 0..<24, using: &random) {
        case 0 where Int.random(in: 0..<3, using: &random) == 0: return String(w.prefix(1))
        case 1: return "\"\(w)，\(word(&random))\""
        case 2: return "\"\(w) \(word(&random))\""
        case 3: return "\(w) NEAR/\(Int.random(in: 0...6, using: &random)) \(word(&random))"
        case 4: return "\(w) NEAR/\(Int.random(in: 0...6, using: &random))f \(String(word(&random).suffix(1)))"
        case 5: return "channel:\(Self.channels.randomElement(using: &random) ?? "weibo")"
        case 6: return "city:\(Self.cities.randomElement(using: &random) ?? "北京")"
        case 7: return "category:\(Self.categories.randomElement(using: &random) ?? "口碑")"
        case 8: return "tag:\(tags.randomElement(using: &random) ?? "新品")"
        case 9: return "kw:\(keywordPaths.randomElement(using: &random) ?? "品牌")"
        case 10: return "time:2026-11-0\(Int.random(in: 1...4, using: &random))..2026-11-0\(Int.random(in: 4...9, using: &random))"
        case 11: return "author:user_\(Int.random(in: 0..<50, using: &random))"
        case 12: return "type:post"
        case 13: return Int.random(in: 0..<2, using: &random) == 0 ? "tag:不存在的标签" : "\"，\"" 
        case 14: return "\(w)\(word(&random))"
        case 15: return String(w.suffix(2)) + String(word(&random).prefix(1))
        default: return w
        }
    }

    private func adversarialQuery(_ random: inout SeededRandom, depth: Int) -> String {
        let roll = Int.random(in: 0..<100, using: &random)
        if depth == 0, roll < 3 { // nothing to key on: `*`, negations alone, a time range alone
            let l = leaf(&random), m = leaf(&random)
            return ["*", "-\(l)", "-\(l) -\(m)", "time:2026-11-01..", "* -\(l)"][Int.random(in: 0..<5, using: &random)]
        }
        if depth > 1 || roll < 40 { return leaf(&random) }
        let a = adversarialQuery(&random, depth: depth + 1), b = adversarialQuery(&random, depth: depth + 1)
        if roll < 60 { return "\(a) \(b)" }
        if roll < 75 { return "(\(a) OR \(b))" }
        if roll < 90 { return "\(a) -(\(leaf(&random)) OR \(leaf(&random)))" }
        return "(\(leaf(&random)) OR \(leaf(&random)) OR \(a)) \(b)"
    }

    /// Turns specs into subscriptions, parsing query texts; texts the parser refuses are left out.
    public static func subscriptions(_ specs: [Spec], idPrefix: String = "s", parser: QueryParser = QueryParser()) -> [Subscription] {
        var out: [Subscription] = []
        out.reserveCapacity(specs.count)
        for (i, spec) in specs.enumerated() {
            let id = "\(idPrefix)\(i)"
            if let simple = Subscription(id: id, kind: spec.kind, value: spec.value) {
                out.append(simple)
            } else if let parsed = try? parser.parse(spec.value) {
                out.append(Subscription(id: id, kind: .query, value: spec.value, query: parsed.root))
            }
        }
        return out
    }

    /// Fans for routing runs: 1–5 subscriptions each from `specs`, channels, quiet hours on a
    /// third, caps on a quarter, category opt-ins on a fifth, cities.
    public static func subscribers(_ subscriptions: [Subscription], seed: UInt64) -> Subscribers {
        var random = SeededRandom(seed: seed)
        var fans: [Subscriber] = []
        var i = 0
        while i < subscriptions.count {
            let n = min(Int.random(in: 1...5, using: &random), subscriptions.count - i)
            var fan = Subscriber(id: "fan\(fans.count)", city: cities.randomElement(using: &random),
                                 channels: Array(channels.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))),
                                 subscriptions: Array(subscriptions[i..<(i + n)]))
            if Int.random(in: 0..<3, using: &random) == 0 { fan.quietHours = QuietHours(start: 22 * 60, end: 8 * 60, timeZone: .china) }
            if Int.random(in: 0..<4, using: &random) == 0 { fan.dailyCap = Int.random(in: 1...20, using: &random) }
            if Int.random(in: 0..<5, using: &random) == 0 { fan.categories = Set(categories.shuffled(using: &random).prefix(5)) }
            fans.append(fan)
            i += n
        }
        return Subscribers(order: .location, fans: fans)
    }
}
