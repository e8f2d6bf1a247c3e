/// Running totals of a router: posts, matches, deliveries by kind, skips by reason, per fan and stage.
public struct RoutingSummary: Sendable, Hashable {
    /// Posts routed.
    public var posts = 0
    /// Posts with at least one delivery.
    public var postsDelivered = 0
    /// Messages recorded into relationships, and those ignored (no direction, time or fan).
    public var messages = 0
    public var ignoredMessages = 0
    /// Subscription matches (a fan with two matching subscriptions counts twice).
    public var matches = 0
    /// Deliveries, of which sent at once and deferred by quiet hours.
    public var deliveries = 0
    public var immediate = 0
    public var deferred = 0
    /// Matches held back: daily cap reached, no opted-in channel, category not opted in.
    public var capped = 0
    public var noChannel = 0
    public var categoryNotOptedIn = 0
    /// Deliveries per fan (by index in the subscribers file).
    public var perFan: [Int]
    /// Deliveries per relationship stage (by `RelationshipStage.rawValue`).
    public var perStage = [Int](repeating: 0, count: RelationshipStage.allCases.count)

    public init(fans: Int) {
        perFan = [Int](repeating: 0, count: fans)
    }

    mutating func count(_ delivery: Delivery) {
        deliveries += 1
        if delivery.deferred { deferred += 1 } else { immediate += 1 }
        perFan[delivery.fanIndex] += 1
        perStage[delivery.stage.rawValue] += 1
    }

    mutating func count(_ reason: SkipReason) {
        switch reason {
        case .noChannel: noChannel += 1
        case .categoryNotOptedIn: categoryNotOptedIn += 1
        case .capped: capped += 1
        }
    }

    /// The `limit` fans with the most deliveries, most first (ties by file order): (index, deliveries).
    public func topFans(_ limit: Int) -> [(fan: Int, deliveries: Int)] {
        perFan.enumerated().filter { $0.element > 0 }
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .prefix(limit).map { ($0.offset, $0.element) }
    }
}
