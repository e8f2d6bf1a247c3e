/// One routed delivery: which fan gets a post, why, on which channel, when, and in which place.
public struct Delivery: Sendable, Hashable {
    /// The post's id.
    public var post: String
    /// The fan's id, and their index in the subscribers file.
    public var fan: String
    public var fanIndex: Int
    /// The fan's first subscription (in file order) that the post matched.
    public var subscription: String
    public var kind: SubscriptionKind
    /// Why: the matched subscription, as `keyword 品牌/小米` or `query 小米 降价`.
    public var reason: String
    /// How many more of the fan's subscriptions matched (one delivery per fan and post).
    public var otherMatches: Int
    /// 1-based place in the post's delivery list (1 = first).
    public var priority: Int
    /// The fan's relationship at the post's time.
    public var stage: RelationshipStage
    public var trust: Int
    /// The channel it goes out on (the fan's preferred one if opted in).
    public var channel: String
    /// When it may go out (Unix seconds): the post's time, or the end of the fan's quiet hours.
    public var deliverAt: Int64
    /// Held back by quiet hours.
    public var deferred: Bool
    /// The fan is in the post's city.
    public var sameCity: Bool
}

/// Why a fan whose subscription matched gets nothing for this post.
public enum SkipReason: Sendable, Hashable, CustomStringConvertible {
    /// The fan opted in to no delivery channel.
    case noChannel
    /// The post's category is not among the fan's opted-in categories.
    case categoryNotOptedIn(String)
    /// The fan already had `cap` deliveries on that local day.
    case capped(cap: Int)

    /// A short code: `no-channel`, `category`, `capped`.
    public var code: String {
        switch self {
        case .noChannel: return "no-channel"
        case .categoryNotOptedIn: return "category"
        case .capped: return "capped"
        }
    }

    public var description: String {
        switch self {
        case .noChannel: return "no opted-in channel"
        case let .categoryNotOptedIn(category): return "category \(category) not opted in"
        case let .capped(cap): return "daily cap of \(cap) reached"
        }
    }
}

/// A match that was not delivered, and why.
public struct Skip: Sendable, Hashable {
    public var post: String
    public var fan: String
    public var subscription: String
    public var reason: SkipReason
}

/// The outcome of routing one post: the ordered delivery list and the matches held back.
public struct RoutedPost: Sendable, Hashable {
    public var post: String
    /// The time routing used (the post's own, or the latest time seen before it).
    public var time: Int64
    /// Strongest relationship first; ties by the configured order.
    public var deliveries: [Delivery]
    public var skipped: [Skip]
}
