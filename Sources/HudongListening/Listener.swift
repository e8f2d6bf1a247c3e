import HudongIndex

/// The listening job: scans each item, counts mentions in windows and raises alerts.
///
/// Feed it items in (roughly) time order with `ingest`; it returns the alerts each item raised.
/// Everything is driven by the items' own times — windows, baselines, cooldowns — never by the
/// wall clock, so replaying a feed gives the same alerts. Per mention it counts the series
/// `all`, each matched `term` and `rule`, `negative`, and the `channel`, `city` and `relay`
/// splits; spike alerts are checked on the series of `AlertSettings.alertScopes`; negative
/// alerts on `negative`. Items without a time count in
/// the totals only. Not thread-safe (a value with mutating methods): one listener per stream.
public struct Listener: Sendable {
    /// The compiled watchlist.
    public let matcher: WatchlistMatcher
    /// The watchlist's window, baseline and alert settings.
    public var settings: AlertSettings { matcher.watchlist.settings }
    private var buffers = ScanBuffers()
    var series: [SeriesKey: SeriesCounter] = [:]
    private var gates: [String: AlertGate] = [:]
    private var firstWindow: Int64?
    /// Items seen.
    public private(set) var items = 0
    /// Items with at least one mention.
    public private(set) var mentionedItems = 0
    /// Mentioning items without a time: counted in totals only.
    public private(set) var untimedItems = 0
    /// Mentioning items that came after a later window had begun: counted in their window, raised nothing.
    public private(set) var lateItems = 0
    /// The earliest item time seen.
    public private(set) var firstTime: Int64?
    /// The latest item time seen.
    public private(set) var lastTime: Int64?
    /// Every alert raised so far, in order.
    public private(set) var alerts: [Alert] = []

    /// A listener with no history: the first `baseline` windows of the stream raise no spike.
    public init(matcher: WatchlistMatcher) {
        self.matcher = matcher
    }

    /// The window number of a time.
    public func window(of time: Int64) -> Int64 {
        ListeningTime.floorDivide(time + settings.utcOffsetSeconds, settings.windowSeconds)
    }

    /// Scans and counts `item`; returns the alerts it raised (usually none).
    public mutating func ingest(_ item: Item) -> [Alert] {
        items += 1
        let mentions = matcher.mentions(in: item, buffers: &buffers)
        guard !mentions.isEmpty else { return [] }
        mentionedItems += 1
        var raised: [Alert] = []
        let window = item.time.map { self.window(of: $0) }
        if let time = item.time {
            firstTime = min(firstTime ?? time, time)
            lastTime = max(lastTime ?? time, time)
        }
        if let window, firstWindow == nil { firstWindow = window }
        var late = false
        for mention in mentions {
            let topic = matcher.watchlist.topics[mention.topic]
            var dimensions: [SeriesKey.Dimension] = [.all]
            dimensions += mention.terms.map { .term($0) }
            dimensions += mention.rules.map { .rule($0) }
            if mention.isNegative { dimensions.append(.negative) }
            if let channel = item.channel { dimensions.append(.channel(channel)) }
            if let city = item.city { dimensions.append(.city(city)) }
            dimensions.append(.relay(item.relay))
            for dimension in dimensions {
                let key = SeriesKey(topic: mention.topic, dimension: dimension)
                var counter = series[key] ?? SeriesCounter(
                    baselineWindows: settings.baselineWindows, sampleLimit: settings.samples,
                    keepsHistory: dimension == .all || dimension == .negative)
                guard let window, let time = item.time else {
                    counter.countUntimed()
                    series[key] = counter
                    continue
                }
                let phrases = dimension == .negative ? mention.complaints : []
                let count = counter.add(window: window, id: item.id, phrases: phrases)
                series[key] = counter
                guard let count else {
                    late = true
                    continue
                }
                if let alert = spike(key, topic: topic, counter: counter, count: count, window: window, item: item, time: time) {
                    raised.append(alert)
                }
                if dimension == .negative, count >= settings.negativeMinimumCount,
                   let alert = negative(key, topic: topic, counter: counter, count: count, window: window, item: item, time: time) {
                    raised.append(alert)
                }
            }
        }
        if item.time == nil { untimedItems += 1 }
        if late { lateItems += 1 }
        alerts += raised
        return raised
    }

    /// Whether spike alerts are checked for this slice.
    private func alertsOn(_ dimension: SeriesKey.Dimension) -> Bool {
        switch dimension {
        case .all: return settings.alertScopes.contains(.topic)
        case .term, .rule: return settings.alertScopes.contains(.term)
        case .negative: return settings.alertScopes.contains(.negative)
        case .channel: return settings.alertScopes.contains(.channel)
        case .city: return settings.alertScopes.contains(.city)
        case .relay: return settings.alertScopes.contains(.relay)
        }
    }

    private mutating func spike(_ key: SeriesKey, topic: Topic, counter: SeriesCounter, count: Int,
                                window: Int64, item: Item, time: Int64) -> Alert? {
        guard alertsOn(key.dimension), let firstWindow, window - Int64(settings.baselineWindows) >= firstWindow else { return nil }
        let sensitivity = topic.sensitivity ?? settings.sensitivity
        let minimum = topic.minimumCount ?? settings.minimumCount
        let baseline = Baseline(counts: counter.trailing(settings.baselineWindows, before: window), k: sensitivity.k)
        guard baseline.isSpike(count, minimumCount: minimum) else { return nil }
        let label = self.label(key)
        let gateKey = "spike " + label.key
        guard gates[gateKey, default: AlertGate()].allows(window: window, time: time) else { return nil }
        gates[gateKey, default: AlertGate()].record(window: window, time: time, cooldown: settings.cooldownSeconds)
        let windowValue = alertWindow(window)
        let reason = "\(count) mentions in \(windowValue.from) … \(windowValue.to), above the threshold "
            + "\(rounded(baseline.threshold)) = mean \(rounded(baseline.mean)) + \(Int(baseline.k)) × max(σ \(rounded(baseline.standardDeviation)), √mean, 1) "
            + "over the \(baseline.windows) previous windows (sensitivity \(sensitivity.rawValue), minimum \(minimum))"
        return Alert(kind: .spike, key: label.key, topic: topic.name, series: label.series, value: label.value,
                     window: windowValue, count: count, baseline: baseline, sensitivity: sensitivity,
                     minimumCount: minimum, phrases: topPhrases(counter), samples: counter.samples,
                     raisedBy: item.id, time: time, reason: reason)
    }

    private mutating func negative(_ key: SeriesKey, topic: Topic, counter: SeriesCounter, count: Int,
                                   window: Int64, item: Item, time: Int64) -> Alert? {
        let label = self.label(key)
        let gateKey = "negative " + label.key
        guard gates[gateKey, default: AlertGate()].allows(window: window, time: time) else { return nil }
        gates[gateKey, default: AlertGate()].record(window: window, time: time, cooldown: settings.cooldownSeconds)
        let windowValue = alertWindow(window)
        let phrases = topPhrases(counter)
        let reason = "\(count) negative mentions of \(topic.name) in \(windowValue.from) … \(windowValue.to) "
            + "(minimum \(settings.negativeMinimumCount)): \(phrases.joined(separator: ", "))"
        return Alert(kind: .negative, key: label.key, topic: topic.name, series: label.series, value: label.value,
                     window: windowValue, count: count, baseline: nil, sensitivity: nil,
                     minimumCount: settings.negativeMinimumCount, phrases: phrases, samples: counter.samples,
                     raisedBy: item.id, time: time, reason: reason)
    }

    /// The alert key, the series name and the slice value of a series.
    func label(_ key: SeriesKey) -> (key: String, series: String, value: String?) {
        let topic = matcher.watchlist.topics[key.topic]
        switch key.dimension {
        case .all: return (topic.name, "all", nil)
        case let .term(index): return ("\(topic.name) term=\(topic.terms[index].text)", "term", topic.terms[index].text)
        case let .rule(index): return ("\(topic.name) rule=\(topic.rules[index].text)", "rule", topic.rules[index].text)
        case .negative: return ("\(topic.name) negative", "negative", nil)
        case let .channel(channel): return ("\(topic.name) channel=\(channel)", "channel", channel)
        case let .city(city): return ("\(topic.name) city=\(city)", "city", city)
        case let .relay(relay):
            let value = relay ? "relay" : "first-hand"
            return ("\(topic.name) relay=\(value)", "relay", value)
        }
    }

    func alertWindow(_ window: Int64) -> Alert.Window {
        let start = window * settings.windowSeconds - settings.utcOffsetSeconds
        let end = start + settings.windowSeconds
        return Alert.Window(start: start, end: end,
                            from: ListeningTime.iso(start, offset: settings.utcOffsetSeconds),
                            to: ListeningTime.iso(end, offset: settings.utcOffsetSeconds))
    }

    private func topPhrases(_ counter: SeriesCounter) -> [String] {
        counter.phrases.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }

    private func rounded(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        let whole = Int(hundredths) / 100
        let fraction = abs(Int(hundredths) % 100)
        return fraction == 0 ? "\(whole)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)".replacing(/0$/, with: "")
    }
}
