import HudongIndex
import HudongListening
import Testing

/// Spike detection on synthetic series: items built in code with chosen times.
@Suite("Spike detection on synthetic series")
struct SpikeDetectionTests {
    /// 2026-11-09T00:00:00+08:00.
    static let start: Int64 = 1_794_153_600

    func listener(sensitivity: Sensitivity = .medium, minimumCount: Int = 5, cooldown: Int64 = 3 * 3600,
                  scopes: Set<AlertScope> = [.topic]) throws -> Listener {
        var settings = AlertSettings()
        settings.sensitivity = sensitivity
        settings.minimumCount = minimumCount
        settings.cooldownSeconds = cooldown
        settings.alertScopes = scopes
        let watchlist = Watchlist(topics: [Topic(name: "小米", terms: [WatchTerm("小米")])], settings: settings)
        return Listener(matcher: try WatchlistMatcher(watchlist: watchlist, folding: ListeningFixtures.folding))
    }

    /// Items mentioning 小米: `counts[h]` of them in hour `h`, spread over the hour.
    func items(_ counts: [Int]) -> [Item] {
        var result: [Item] = []
        for (hour, count) in counts.enumerated() {
            for k in 0..<count {
                let time = Self.start + Int64(hour) * 3600 + Int64(k) * (3600 / Int64(max(count, 1)))
                result.append(Item(id: "h\(hour)-\(k)", time: time, text: "今天的小米手机第\(k)条"))
            }
        }
        return result
    }

    /// A flat noisy series: counts 1…4 repeating irregularly, mean 2.5.
    func flat(hours: Int) -> [Int] {
        let pattern = [2, 3, 1, 4, 2, 3, 3, 2, 1, 3, 4, 2]
        return (0..<hours).map { pattern[$0 % pattern.count] }
    }

    func run(_ listener: inout Listener, _ items: [Item]) -> [Alert] {
        items.flatMap { listener.ingest($0) }
    }

    @Test("flat noise raises nothing")
    func flatNoise() throws {
        var listener = try listener(sensitivity: .high)
        #expect(run(&listener, items(flat(hours: 96))).isEmpty)
        #expect(listener.summary().topics[0].mentions == flat(hours: 96).reduce(0, +))
    }

    @Test("a spike raises one alert, with its evidence")
    func oneSpike() throws {
        var counts = flat(hours: 72)
        counts[48] = 20
        var listener = try listener()
        let alerts = run(&listener, items(counts))
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        #expect(alert.kind == .spike && alert.key == "小米" && alert.series == "all")
        #expect(alert.window.start == Self.start + 48 * 3600 && alert.window.end == alert.window.start + 3600)
        #expect(alert.window.from == "2026-11-11T00:00:00+08:00")
        let baseline = try #require(alert.baseline)
        #expect(baseline.windows == 24)
        // Raised as soon as the count passed the threshold.
        #expect(Double(alert.count) > baseline.threshold && Double(alert.count - 1) <= baseline.threshold)
        #expect(alert.samples.count == 5 && alert.samples.last == alert.raisedBy)
    }

    @Test("the baseline needs a full trailing window of history")
    func warmUp() throws {
        var counts = flat(hours: 30)
        counts[10] = 30
        var listener = try listener()
        #expect(run(&listener, items(counts)).isEmpty)
    }

    @Test("the minimum count holds back small jumps from silence")
    func minimumCount() throws {
        var counts = Array(repeating: 0, count: 40)
        counts[0] = 1
        counts[30] = 4
        var quiet = try listener(minimumCount: 5)
        #expect(run(&quiet, items(counts)).isEmpty)
        var eager = try listener(minimumCount: 4)
        #expect(run(&eager, items(counts)).count == 1)
    }

    @Test("the cooldown holds across windows; it is measured in item time")
    func cooldown() throws {
        var counts = flat(hours: 72)
        counts[48] = 20
        counts[49] = 20
        counts[53] = 30
        var long = try listener(cooldown: 3 * 3600)
        let held = run(&long, items(counts))
        #expect(held.map { $0.window.start } == [Self.start + 48 * 3600, Self.start + 53 * 3600])
        var short = try listener(cooldown: 60)
        #expect(run(&short, items(counts)).count == 3)
    }

    @Test("sensitivity sets k: threshold = mean + k · max(σ, √mean, 1)")
    func sensitivity() throws {
        #expect(Sensitivity.low.k == 4 && Sensitivity.medium.k == 3 && Sensitivity.high.k == 2)
        let counts = [2, 3, 1, 4, 2, 3, 3, 2]   // mean 2.5, σ ≈ 0.866, √mean ≈ 1.581
        let medium = Baseline(counts: counts, k: 3)
        #expect(abs(medium.mean - 2.5) < 1e-9)
        #expect(abs(medium.spread - 2.5.squareRoot()) < 1e-9)
        #expect(abs(medium.threshold - (2.5 + 3 * 2.5.squareRoot())) < 1e-9)
        let silent = Baseline(counts: [0, 0, 0], k: 2)
        #expect(silent.threshold == 2 && !silent.isSpike(2, minimumCount: 1) && silent.isSpike(3, minimumCount: 1))
        // Mean 2.5 over the flat series: high fires at 6 (> 5.66), medium needs 8 (> 7.24), low 9 (> 8.82).
        for (level, fires, quiet) in [(Sensitivity.high, 6, 5), (.medium, 8, 7), (.low, 9, 8)] {
            for (size, expected) in [(fires, 1), (quiet, 0)] {
                var counts = (0..<48).map { _ in 0 }
                for hour in 0..<48 { counts[hour] = [2, 3, 1, 4, 2, 3, 3, 2][hour % 8] }
                counts.append(size)
                var listener = try listener(sensitivity: level, minimumCount: 1)
                #expect(run(&listener, items(counts)).count == expected, "\(level) with \(size)")
            }
        }
    }

    @Test("replaying the same items gives the same alerts")
    func replay() throws {
        var counts = flat(hours: 80)
        counts[40] = 15
        counts[70] = 25
        var first = try listener(scopes: [.topic, .term, .negative])
        var second = try listener(scopes: [.topic, .term, .negative])
        let feed = items(counts)
        #expect(run(&first, feed) == run(&second, feed))
        #expect(first.summary() == second.summary())
    }

    @Test("late items count in their window but raise nothing")
    func lateItems() throws {
        var counts = flat(hours: 50)
        counts[49] = 0
        var listener = try listener()
        _ = run(&listener, items(counts))
        let late = (0..<20).map { Item(id: "late\($0)", time: Self.start + 30 * 3600 + Int64($0), text: "小米") }
        #expect(run(&listener, late).isEmpty)
        #expect(listener.lateItems == 20)
        let summary = listener.summary()
        #expect(summary.topics[0].windows.first { $0.start == Self.start + 30 * 3600 }?.count == 20 + counts[30])
    }
}
