import HudongIndex

/// What listening watches for and how it alerts: topics (brands) and the alert settings.
///
/// Read from YAML with `Watchlist.parse(yaml:file:)`; the format is documented there and in
/// `corpora/listening/README.md`. A value type: compile it with `WatchlistMatcher` to scan items.
public struct Watchlist: Sendable {
    /// The brands or topics, in file order.
    public var topics: [Topic]
    /// Negative words that make any topic mention negative (besides each topic's complaints).
    public var negativeWords: [WatchTerm]
    /// Windows, baseline, sensitivity, cooldown.
    public var settings: AlertSettings

    /// A watchlist built in code (files go through `parse(yaml:file:queryParser:)`).
    public init(topics: [Topic], negativeWords: [WatchTerm] = [], settings: AlertSettings = AlertSettings()) {
        self.topics = topics
        self.negativeWords = negativeWords
        self.settings = settings
    }
}

/// A keyword as written in the watchlist, with where it was written.
public struct WatchTerm: Sendable, Hashable {
    /// The term as written.
    public var text: String
    /// Where the term is in the watchlist file (nil when built in code).
    public var mark: SourceMark?

    /// A term, optionally with its position in a file.
    public init(_ text: String, mark: SourceMark? = nil) {
        self.text = text
        self.mark = mark
    }
}

/// A rule in the query language that also counts as a mention of its topic.
public struct WatchRule: Sendable, Hashable {
    /// The query as written.
    public var text: String
    /// The parsed query.
    public var query: QueryNode
    /// Where it is written in the watchlist file (nil when built in code).
    public var mark: SourceMark?

    /// A parsed rule.
    public init(text: String, query: QueryNode, mark: SourceMark? = nil) {
        self.text = text
        self.query = query
        self.mark = mark
    }
}

/// One watched brand or topic.
///
/// An item mentions the topic when one of its `terms` (terms, variants and misspellings) occurs
/// outside every `exclusions` match, or when one of its `rules` holds, and the item passes the
/// channel and city filters. A mention is negative when a complaint phrase or a negative word
/// occurs in the same item (or within `AlertSettings.near` characters of a term, when set).
public struct Topic: Sendable {
    /// The name alerts and summaries use.
    public var name: String
    /// Brand words, product names, variants and misspellings: any of them is a mention.
    public var terms: [WatchTerm]
    /// Longer words that contain a term but are not the brand (小米粥 for 小米).
    public var exclusions: [WatchTerm]
    /// Complaint phrases (无法连接, 红灯闪烁, 退款…): with a mention, they make it negative.
    public var complaints: [WatchTerm]
    /// Query-language rules that also count as mentions (`"红米" NEAR/5 手机`).
    public var rules: [WatchRule]
    /// Only items from these channels count (empty: all channels).
    public var channels: Set<String>
    /// Only items from these cities count (empty: all cities).
    public var cities: Set<String>
    /// Overrides the watchlist's sensitivity for this topic.
    public var sensitivity: Sensitivity?
    /// Overrides the watchlist's minimum count for this topic.
    public var minimumCount: Int?
    /// Where it is written in the watchlist file (nil when built in code).
    public var mark: SourceMark?

    /// A topic; everything but `name` and `terms` is optional.
    public init(name: String, terms: [WatchTerm], exclusions: [WatchTerm] = [], complaints: [WatchTerm] = [],
                rules: [WatchRule] = [], channels: Set<String> = [], cities: Set<String> = [],
                sensitivity: Sensitivity? = nil, minimumCount: Int? = nil, mark: SourceMark? = nil) {
        self.name = name
        self.terms = terms
        self.exclusions = exclusions
        self.complaints = complaints
        self.rules = rules
        self.channels = channels
        self.cities = cities
        self.sensitivity = sensitivity
        self.minimumCount = minimumCount
        self.mark = mark
    }
}

/// How readily spike alerts fire: the `k` of the threshold `mean + k · spread`.
public enum Sensitivity: String, Sendable, Hashable, CaseIterable, Codable {
    case low, medium, high

    /// The multiplier of the spread: low 4, medium 3, high 2 (higher sensitivity, lower bar).
    public var k: Double {
        switch self {
        case .low: return 4
        case .medium: return 3
        case .high: return 2
        }
    }
}

/// The series spike alerts are checked on (counts are kept for all of them).
public enum AlertScope: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every mention of the topic.
    case topic
    /// Each term (terms that fold to the same text are one term) and each rule.
    case term
    /// Negative mentions of the topic.
    case negative
    /// Each channel, city, or first-hand vs relayed, of the topic's mentions.
    case channel, city, relay
}

/// Windows, baseline and alert settings of a watchlist.
public struct AlertSettings: Sendable, Hashable {
    /// Window length in seconds (default one hour).
    public var windowSeconds: Int64 = 3600
    /// Number of trailing windows in the baseline (default 24).
    public var baselineWindows: Int = 24
    /// Default sensitivity (default medium).
    public var sensitivity: Sensitivity = .medium
    /// A spike needs at least this many mentions in its window (default 5).
    public var minimumCount: Int = 5
    /// After an alert, the same alert key stays quiet this long, in item time (default 3 hours).
    public var cooldownSeconds: Int64 = 3 * 3600
    /// Negative mentions in one window that raise a negative alert (default 3).
    public var negativeMinimumCount: Int = 3
    /// When set, a complaint must be within this many positions of a term (NEAR/n); else the same item.
    public var near: Int?
    /// The series spike alerts are checked on (default: topic and negative).
    public var alertScopes: Set<AlertScope> = [.topic, .negative]
    /// Offset east of UTC, in seconds, that windows are aligned to and times are shown in (default +08:00).
    public var utcOffsetSeconds: Int64 = 8 * 3600
    /// Sample item ids kept per alert (default 5).
    public var samples: Int = 5

    /// The defaults listed on each property.
    public init() {}
}
