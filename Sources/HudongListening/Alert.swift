/// A series that listening counts in windows: a topic as a whole, or one slice of it.
public struct SeriesKey: Sendable, Hashable {
    /// What slice of the topic is counted.
    public enum Dimension: Sendable, Hashable {
        /// Every mention of the topic.
        case all
        /// Mentions through one term (index into the topic's `terms`).
        case term(Int)
        /// Mentions through one rule (index into the topic's `rules`).
        case rule(Int)
        /// Negative mentions (with a complaint phrase or negative word).
        case negative
        case channel(String)
        case city(String)
        /// First-hand (`false`) or relayed (`true`) mentions.
        case relay(Bool)
    }

    /// Index of the topic in the watchlist.
    public var topic: Int
    /// The slice.
    public var dimension: Dimension

    /// The series of `dimension` of topic number `topic`.
    public init(topic: Int, dimension: Dimension) {
        self.topic = topic
        self.dimension = dimension
    }
}

/// One alert: a spike in a series, or negative mentions piling up. Printed as one JSON line.
///
/// Every alert carries its evidence: the window, the count in it, the baseline it was compared
/// with (for spikes), the complaint phrases seen (for negative alerts) and sample item ids.
public struct Alert: Sendable, Hashable, Encodable {
    /// What the alert is about.
    public enum Kind: String, Sendable, Hashable, Encodable {
        /// Volume well above the trailing baseline (see `Baseline`).
        case spike
        /// At least `negative.min_count` negative mentions in the window.
        case negative
    }

    /// The window the alert is about: `[start, end)` in Unix seconds, with ISO 8601 forms.
    public struct Window: Sendable, Hashable, Encodable {
        /// Unix seconds, inclusive.
        public var start: Int64
        /// Unix seconds, exclusive.
        public var end: Int64
        /// `start` in ISO 8601, in the watchlist's timezone.
        public var from: String
        /// `end` in ISO 8601, in the watchlist's timezone.
        public var to: String
    }

    /// Spike or negative.
    public var kind: Kind
    /// The alert key the cooldown applies to: `topic`, `topic term=…`, `topic negative`, `topic city=…`.
    public var key: String
    /// The topic's name.
    public var topic: String
    /// The series slice: `all`, `term`, `rule`, `negative`, `channel`, `city` or `relay`.
    public var series: String
    /// The term, rule, channel, city or `first-hand`/`relay` of the slice (nil for `all`, `negative`).
    public var value: String?
    /// The window the count is about.
    public var window: Window
    /// Mentions in the window when the alert was raised.
    public var count: Int
    /// The trailing baseline (spike alerts).
    public var baseline: Baseline?
    /// The sensitivity the threshold used.
    public var sensitivity: Sensitivity?
    /// The minimum count that applied.
    public var minimumCount: Int
    /// Complaint phrases and negative words in the window's negative mentions, most frequent first.
    public var phrases: [String]
    /// Ids of the latest items in the window (the one that raised the alert last).
    public var samples: [String]
    /// The item whose arrival raised the alert, and its time.
    public var raisedBy: String
    /// The time of `raisedBy` (Unix seconds).
    public var time: Int64
    /// One sentence saying why.
    public var reason: String
}

/// Per-key alert state: the last window alerted and the end of the cooldown (item time).
struct AlertGate: Sendable {
    var lastWindow: Int64 = .min
    var quietUntil: Int64 = .min

    func allows(window: Int64, time: Int64) -> Bool {
        window != lastWindow && time >= quietUntil
    }

    mutating func record(window: Int64, time: Int64, cooldown: Int64) {
        lastWindow = window
        quietUntil = time + cooldown
    }
}
