import HudongIndex
import HudongRouting
import Testing

@Suite("relationship strength")
struct RelationshipTests {
    let day: Int64 = 86_400
    let now = Fixtures.time(day: 1, 12)

    /// A book holding `messages` (fan "f"): (days before `now`, direction).
    func book(_ messages: [(Double, Direction)]) -> RelationshipBook {
        var book = RelationshipBook()
        for (ago, direction) in messages { book.record(fan: "f", direction: direction, time: now - Int64(ago * Double(day))) }
        return book
    }

    /// `count` exchanges (one in, one out `gap` days earlier), the first `start` days ago, every `step` days.
    func exchanges(_ count: Int, start: Double, step: Double, gap: Double = 0.1) -> [(Double, Direction)] {
        var out: [(Double, Direction)] = []
        for k in 0..<count {
            let ago: Double = start + step * Double(k)
            out.append((ago, .in))
            out.append((ago - gap, .out))
        }
        return out
    }

    /// `count` messages one way, `step` days apart, the first `start` days ago.
    func oneWay(_ count: Int, _ direction: Direction, start: Double, step: Double) -> [(Double, Direction)] {
        (0..<count).map { k in (start + step * Double(k), direction) }
    }

    func stage(_ messages: [(Double, Direction)], at: Int64? = nil) -> Relationship {
        book(messages).relationship(of: "f", at: at ?? now)
    }

    @Test("无关系: no messages, or none yet at that moment")
    func none() {
        #expect(RelationshipBook().relationship(of: "f", at: now) == .none)
        #expect(Relationship.none.stage == .none && Relationship.none.trust == 0)
        #expect(stage([(1, .in)], at: now - 2 * day).stage == .none) // the message is in the future
    }

    @Test("潜在: one-way contact, or two-way but silent for over 180 days")
    func potential() {
        let onlyIn = stage([(3, .in), (2, .in)])
        #expect(onlyIn.stage == .potential && onlyIn.balance == .mostlyIn)
        let onlyOut = stage([(10, .out), (5, .out)])
        #expect(onlyOut.stage == .potential && onlyOut.balance == .mostlyOut)
        #expect(stage([(200, .in), (199, .out), (181, .in)]).stage == .potential)
    }

    @Test("弱: two-way and within 180 days, but thin, lopsided or not recent")
    func weak() {
        #expect(stage([(60, .in), (59, .out)]).stage == .weak)
        // Plenty of messages but mostly inbound: not balanced, so not strong.
        let lopsided = stage(oneWay(12, .in, start: 1, step: 1) + [(1, .out)])
        #expect(lopsided.stage == .weak && lopsided.balance == .mostlyIn)
        // Strong volume and balance, but the last message 40 days ago.
        #expect(stage(exchanges(6, start: 40, step: 1)).stage == .weak)
    }

    @Test("强: ≥ 10 messages, ≥ 3 each way, balanced, last within 30 days")
    func strong() {
        let messages = exchanges(6, start: 2, step: 3)
        let r = stage(messages)
        #expect(r.stage == .strong && r.balance == .balanced && r.inbound == 6 && r.outbound == 6)
        #expect(stage(messages, at: now + 35 * day).stage == .weak) // silence brings it down
    }

    @Test("长: strong, sustained over ≥ 180 days in ≥ 4 periods, last within 90 days")
    func longTerm() {
        let monthly = exchanges(8, start: 10, step: 30, gap: 0.2)
        let r = stage(monthly)
        #expect(r.stage == .longTerm && r.activePeriods >= 7)
        #expect(stage(monthly, at: now + 60 * day).stage == .longTerm) // 70 days silent: still long-term
        #expect(stage(monthly, at: now + 85 * day).stage == .weak)   // 95 days: no longer
    }

    @Test("亢: ≥ 20 messages in 7 days with ≥ 5 each way")
    func intense() {
        let burst = exchanges(12, start: 0.02, step: 0.4, gap: 0.01)
        let r = stage(burst)
        #expect(r.stage == .intense && r.recent == 24 && r.recentInbound == 12)
        #expect(stage(burst, at: now + 8 * day).stage == .strong) // the burst has passed
        // 24 inbound messages and a single answer: a burst, but not two-way enough.
        #expect(stage(oneWay(24, .in, start: 0, step: 0.2) + [(0.1, .out)]).stage == .weak)
    }

    @Test("trust bands follow the stages; within a stage balance and recency count")
    func trust() {
        let samples: [[(Double, Direction)]] = [
            [], [(3, .in)], [(60, .in), (59, .out)],
            exchanges(6, start: 2, step: 3), exchanges(8, start: 10, step: 30, gap: 0.2), exchanges(12, start: 0.02, step: 0.4, gap: 0.01),
        ]
        let results = samples.map { stage($0) }
        #expect(results.map(\.stage) == RelationshipStage.allCases)
        let trusts = results.map(\.trust)
        #expect(trusts == trusts.sorted() && Set(trusts).count == trusts.count, "\(trusts)")
        #expect(trusts[0] == 0 && trusts.allSatisfy { $0 <= 100 })
        #expect(stage([(1, .in), (1, .out)]).trust > stage([(170, .in), (170, .out)]).trust) // recency
    }

    @Test("a replay in any order gives the same relationships")
    func orderIndependent() {
        var random = SeededRandom(seed: 9)
        var messages: [(Double, Direction)] = []
        for _ in 0..<60 {
            let ago = Double.random(in: 0..<300, using: &random)
            messages.append((ago, Bool.random(using: &random) ? Direction.in : Direction.out))
        }
        let a = book(messages), b = book(messages.shuffled(using: &random))
        var t: Int64 = now - 300 * day
        while t <= now + 40 * day {
            let x = a.relationship(of: "f", at: t), y = b.relationship(of: "f", at: t)
            #expect(x == y)
            t += 7 * day
        }
    }

    @Test("messages count for the fan on the other side; bad ones are ignored")
    func items() {
        var book = RelationshipBook()
        #expect(book.record(Fixtures.message("fan_a", .in, at: now)) == "fan_a")
        #expect(book.record(Fixtures.message("fan_a", .out, at: now)) == "fan_a")
        var noDirection = Fixtures.message("fan_b", .in, at: now)
        noDirection.direction = nil
        #expect(book.record(noDirection) == nil)
        var noTime = Fixtures.message("fan_b", .in, at: now)
        noTime.time = nil
        #expect(book.record(noTime) == nil)
        #expect(book.messages == 2 && book.ignored == 2)
        let r = book.relationship(of: "fan_a", at: now)
        #expect(r.inbound == 1 && r.outbound == 1 && r.stage == .weak)
    }

    @Test("the sample history gives each fan its documented stage on 2026-11-02")
    func sampleHistory() throws {
        var reader = try FeedReader(path: Fixtures.path("corpora/routing/messages.jsonl"))
        var book = RelationshipBook()
        for item in reader.readAll().items { book.record(item) }
        let at = Fixtures.time(day: 2, 12)
        let stages = ["fan_01", "fan_02", "fan_03", "fan_04", "fan_05", "fan_06", "fan_07", "fan_08", "fan_09"]
            .map { book.relationship(of: $0, at: at).stage.chinese }
        #expect(stages == ["长", "强", "弱", "潜在", "亢", "潜在", "潜在", "无关系", "弱"])
        #expect(book.relationship(of: "fan_05", at: Fixtures.time(day: 8, 12)).stage == .strong)
    }
}
