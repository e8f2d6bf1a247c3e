/// A name with a count, for the summary's top lists.
public struct NamedCount: Sendable, Hashable, Encodable {
    /// The term, city or channel.
    public var name: String
    /// How many mentions.
    public var count: Int
}

/// The count of one window of a series.
public struct WindowCount: Sendable, Hashable, Encodable {
    /// Window start (Unix seconds).
    public var start: Int64
    /// Window start in ISO 8601.
    public var from: String
    /// Mentions in the window.
    public var count: Int
}

/// What listening saw for one topic.
public struct TopicSummary: Sendable, Hashable, Encodable {
    /// The topic's name.
    public var name: String
    /// Items that mention the topic.
    public var mentions: Int
    /// Of which negative.
    public var negative: Int
    /// First-hand and relayed mentions.
    public var firstHand: Int
    /// Relayed (reposted, forwarded) mentions.
    public var relayed: Int
    /// Alerts raised for the topic.
    public var alerts: Int
    /// The busiest window.
    public var peak: WindowCount?
    /// The terms and rules that matched, most frequent first.
    public var terms: [NamedCount]
    /// Mentions per city and per channel, most first.
    public var cities: [NamedCount]
    /// Mentions per channel, most first.
    public var channels: [NamedCount]
    /// Mentions per window (windows with none are left out), oldest first.
    public var windows: [WindowCount]
    /// Negative mentions per window.
    public var negativeWindows: [WindowCount]
}

/// The end-of-stream report: totals, per-topic counts and splits, alert count.
public struct ListeningSummary: Sendable, Hashable, Encodable {
    /// Items read.
    public var items: Int
    /// Items with at least one mention.
    public var mentionedItems: Int
    /// Mentioning items without a time (counted in totals, not in windows).
    public var untimedItems: Int
    /// Mentioning items that arrived after a later window had begun (counted, raised nothing).
    public var lateItems: Int
    /// Earliest item time (ISO 8601).
    public var from: String?
    /// Latest item time (ISO 8601).
    public var to: String?
    /// Window length in seconds.
    public var windowSeconds: Int64
    /// Alerts raised.
    public var alerts: Int
    /// One entry per topic, in watchlist order.
    public var topics: [TopicSummary]
}

extension Listener {
    /// The summary so far; top lists keep `top` entries (all when nil).
    public func summary(top: Int? = 10) -> ListeningSummary {
        let offset = settings.utcOffsetSeconds
        var topics: [TopicSummary] = []
        for (index, topic) in matcher.watchlist.topics.enumerated() {
            func total(_ dimension: SeriesKey.Dimension) -> Int { series[SeriesKey(topic: index, dimension: dimension)]?.total ?? 0 }
            func windows(_ dimension: SeriesKey.Dimension) -> [WindowCount] {
                let history = series[SeriesKey(topic: index, dimension: dimension)]?.history ?? [:]
                return history.sorted { $0.key < $1.key }.map { windowCount($0.key, Int($0.value)) }
            }
            var terms: [NamedCount] = []
            var cities: [NamedCount] = []
            var channels: [NamedCount] = []
            for (key, counter) in series where key.topic == index {
                switch key.dimension {
                case let .term(term): terms.append(NamedCount(name: topic.terms[term].text, count: counter.total))
                case let .rule(rule): terms.append(NamedCount(name: "rule: " + topic.rules[rule].text, count: counter.total))
                case let .city(city): cities.append(NamedCount(name: city, count: counter.total))
                case let .channel(channel): channels.append(NamedCount(name: channel, count: counter.total))
                default: break
                }
            }
            let peak = series[SeriesKey(topic: index, dimension: .all)]?.peak.map { windowCount($0.window, $0.count) }
            topics.append(TopicSummary(
                name: topic.name, mentions: total(.all), negative: total(.negative),
                firstHand: total(.relay(false)), relayed: total(.relay(true)),
                alerts: alerts.filter { $0.topic == topic.name }.count, peak: peak,
                terms: Self.top(terms, top), cities: Self.top(cities, top), channels: Self.top(channels, top),
                windows: windows(.all), negativeWindows: windows(.negative)))
        }
        return ListeningSummary(items: items, mentionedItems: mentionedItems, untimedItems: untimedItems, lateItems: lateItems,
                                from: firstTime.map { ListeningTime.iso($0, offset: offset) },
                                to: lastTime.map { ListeningTime.iso($0, offset: offset) },
                                windowSeconds: settings.windowSeconds, alerts: alerts.count, topics: topics)
    }

    private func windowCount(_ window: Int64, _ count: Int) -> WindowCount {
        let start = window * settings.windowSeconds - settings.utcOffsetSeconds
        return WindowCount(start: start, from: ListeningTime.iso(start, offset: settings.utcOffsetSeconds), count: count)
    }

    private static func top(_ list: [NamedCount], _ limit: Int?) -> [NamedCount] {
        let sorted = list.sorted { ($0.count, $1.name) > ($1.count, $0.name) }
        guard let limit else { return sorted }
        return Array(sorted.prefix(limit))
    }
}
