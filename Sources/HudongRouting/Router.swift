import HudongIndex
import HudongText

/// Routes each new post to the fans whose subscriptions it matches, strongest relationship first.
///
/// For a post: the subscription index finds the matching subscriptions (one delivery per fan,
/// naming the fan's first matching subscription); a fan who opted in to no channel, or not to
/// the post's category, is skipped; a delivery inside the fan's quiet hours is deferred to their
/// end (never dropped); a fan at their daily cap for that local day is skipped. The list is
/// ordered by trust (from the message history as of the post's time), then by the file's
/// `order` (`time`: earliest delivery first; `location`: the post's city first, then time),
/// then by file order. Messages fed to `record` update relationships as they arrive.
///
/// Time is the items' own: a post without a time uses the latest time seen so far, so a replay
/// gives the same deliveries. Not thread-safe (it keeps caps and scratch state): one per feed.
public struct Router: Sendable {
    public let subscribers: Subscribers
    public private(set) var matcher: SubscriptionMatcher
    public private(set) var relationships: RelationshipBook
    /// Running totals.
    public private(set) var summary: RoutingSummary

    private let owner: [Int32]
    private let labels: [String]
    private let subscriptionIDs: [String]
    private let kinds: [SubscriptionKind]
    private let fanCategories: [Set<String>?]
    private let fanCityIDs: [Int32]
    private let cityIDs: [String: Int32]
    private let fanChannels: [String?]
    private let fanIDs: [String]
    private let fanQuiet: [QuietHours?]
    private let fanCaps: [Int]
    private let fanZones: [RoutingTimeZone]
    private let fanIndex: [String: Int32]
    private var fanSlot: [Int32]
    private var fanStamp: [UInt32]
    private var fanFirst: [Int32]
    private var fanMatches: [Int32]
    private var stamp: UInt32 = 0
    private var caps: [Int64: Int32] = [:]
    private var capsDay: Int64 = .min
    private var clock: Int64?
    private var folded: [String: String] = [:]
    private var matched: [Int32] = []

    /// A router over `subscribers`, matching with `matcher`'s semantics, keys chosen by `statistics`.
    public init(subscribers: Subscribers, matcher itemMatcher: ItemMatcher, statistics: KeyStatistics = KeyStatistics(),
                relationships: RelationshipBook = RelationshipBook()) {
        self.subscribers = subscribers
        var queries: [QueryNode] = [], owner: [Int32] = [], labels: [String] = [], ids: [String] = [], kinds: [SubscriptionKind] = []
        for (f, fan) in subscribers.fans.enumerated() {
            for s in fan.subscriptions {
                queries.append(s.query); owner.append(Int32(f)); labels.append(s.label); ids.append(s.id); kinds.append(s.kind)
            }
        }
        let index = SubscriptionIndex(queries: queries, matcher: itemMatcher, statistics: statistics)
        matcher = SubscriptionMatcher(index: index)
        self.relationships = relationships
        self.owner = owner
        self.labels = labels
        subscriptionIDs = ids
        self.kinds = kinds
        let analyzer = itemMatcher.analyzer
        fanCategories = subscribers.fans.map { fan in fan.categories.map { Set($0.map { analyzer.fold($0) }) } }
        var cities: [String: Int32] = [:]
        fanCityIDs = subscribers.fans.map { fan in
            guard let city = fan.city.map({ analyzer.fold($0) }), !city.isEmpty else { return -1 }
            if let id = cities[city] { return id }
            cities[city] = Int32(cities.count)
            return Int32(cities.count - 1)
        }
        cityIDs = cities
        fanChannels = subscribers.fans.map(\.deliveryChannel)
        fanIDs = subscribers.fans.map(\.id)
        fanQuiet = subscribers.fans.map(\.quietHours)
        fanCaps = subscribers.fans.map { $0.dailyCap ?? -1 }
        fanZones = subscribers.fans.map(\.timeZone)
        var byID: [String: Int32] = [:]
        for (f, fan) in subscribers.fans.enumerated() { byID[fan.id] = Int32(f) }
        fanIndex = byID
        fanSlot = subscribers.fans.map { relationships.slot(of: $0.id) ?? -1 }
        let n = subscribers.fans.count
        fanStamp = [UInt32](repeating: 0, count: n)
        fanFirst = [Int32](repeating: 0, count: n)
        fanMatches = [Int32](repeating: 0, count: n)
        summary = RoutingSummary(fans: n)
        summary.messages = relationships.messages
    }

    /// The subscription index the router matches with.
    public var index: SubscriptionIndex { matcher.index }

    /// Takes one feed item: a message updates relationships (nil), a post is routed.
    public mutating func take(_ item: Item) -> RoutedPost? {
        if item.type == .message {
            record(item)
            return nil
        }
        return route(matcher.index.matcher.prepare(item))
    }

    /// Records a message in the relationship history (keyed by its own time).
    public mutating func record(_ item: Item) {
        if let t = item.time { clock = max(clock ?? t, t) }
        guard let fan = relationships.record(item) else { summary.ignoredMessages += 1; return }
        summary.messages += 1
        if let f = fanIndex[fan], fanSlot[Int(f)] < 0 { fanSlot[Int(f)] = relationships.slot(of: fan) ?? -1 }
    }

    /// Routes one analyzed post.
    public mutating func route(_ prepared: PreparedItem) -> RoutedPost {
        let item = prepared.item
        let t = item.time ?? clock ?? 0
        clock = max(clock ?? t, t)
        matcher.match(prepared, into: &matched)
        summary.posts += 1
        summary.matches += matched.count
        var result = RoutedPost(post: item.id, time: t, deliveries: [], skipped: [])
        guard !matched.isEmpty else { return result }
        pruneCaps(now: t)
        // One entry per fan: the first matching subscription in file order, and how many matched.
        if stamp == .max { for i in fanStamp.indices { fanStamp[i] = 0 }; stamp = 0 }
        stamp += 1
        var fans: [Int32] = []
        for sub in matched {
            let f = owner[Int(sub)]
            if fanStamp[Int(f)] != stamp {
                fanStamp[Int(f)] = stamp
                fanFirst[Int(f)] = sub
                fanMatches[Int(f)] = 1
                fans.append(f)
            } else {
                fanMatches[Int(f)] += 1
                if sub < fanFirst[Int(f)] { fanFirst[Int(f)] = sub }
            }
        }
        fans.sort()
        let category = item.category.flatMap { $0.isEmpty ? nil : fold($0) }
        let city = item.city.flatMap { $0.isEmpty ? nil : fold($0) }
        let cityID = city.flatMap { cityIDs[$0] } ?? -2
        var pending: [Pending] = []
        pending.reserveCapacity(fans.count)
        for f in fans {
            let fi = Int(f)
            let sub = Int(fanFirst[fi])
            guard fanChannels[fi] != nil else { skip(&result, fi, sub, .noChannel); continue }
            if let allowed = fanCategories[fi], let category, !allowed.contains(category) {
                skip(&result, fi, sub, .categoryNotOptedIn(item.category ?? category)); continue
            }
            let deferredTo = fanQuiet[fi]?.deferral(of: t)
            let deliverAt = deferredTo ?? t
            let cap = fanCaps[fi]
            if cap >= 0 {
                let key = Int64(f) << 32 | (fanZones[fi].day(of: deliverAt) & 0xFFFF_FFFF)
                let used = caps[key] ?? 0
                guard used < cap else { skip(&result, fi, sub, .capped(cap: cap)); continue }
                caps[key] = used + 1
            }
            let relation = fanSlot[fi] >= 0 ? relationships.relationship(slot: fanSlot[fi], at: t) : Self.noRelationship
            pending.append(Pending(fan: f, sub: Int32(sub), trust: Int32(relation.trust), stage: relation.stage,
                                   deferred: deferredTo != nil, sameCity: fanCityIDs[fi] == cityID, deliverAt: deliverAt))
        }
        // Order compact records, then build the deliveries once, in order.
        let byLocation = subscribers.order == .location
        pending.sort { a, b in
            if a.trust != b.trust { return a.trust > b.trust }
            if byLocation, a.sameCity != b.sameCity { return a.sameCity }
            if a.deliverAt != b.deliverAt { return a.deliverAt < b.deliverAt }
            return a.fan < b.fan
        }
        result.deliveries.reserveCapacity(pending.count)
        for (rank, p) in pending.enumerated() {
            let fi = Int(p.fan), sub = Int(p.sub)
            let delivery = Delivery(
                post: item.id, fan: fanIDs[fi], fanIndex: fi, subscription: subscriptionIDs[sub], kind: kinds[sub],
                reason: labels[sub], otherMatches: Int(fanMatches[fi]) - 1, priority: rank + 1, stage: p.stage,
                trust: Int(p.trust), channel: fanChannels[fi] ?? "", deliverAt: p.deliverAt, deferred: p.deferred,
                sameCity: p.sameCity)
            summary.count(delivery)
            result.deliveries.append(delivery)
        }
        if !result.deliveries.isEmpty { summary.postsDelivered += 1 }
        return result
    }

    /// A delivery before ordering: plain values only, cheap to sort.
    private struct Pending {
        var fan: Int32
        var sub: Int32
        var trust: Int32
        var stage: RelationshipStage
        var deferred: Bool
        var sameCity: Bool
        var deliverAt: Int64
    }

    private static let noRelationship = Relationship.none

    private mutating func skip(_ result: inout RoutedPost, _ fan: Int, _ sub: Int, _ reason: SkipReason) {
        result.skipped.append(Skip(post: result.post, fan: fanIDs[fan], subscription: subscriptionIDs[sub], reason: reason))
        summary.count(reason)
    }

    /// Folds a post's category or city once per distinct value.
    private mutating func fold(_ value: String) -> String {
        if let f = folded[value] { return f }
        let f = matcher.index.matcher.analyzer.fold(value)
        if folded.count < 100_000 { folded[value] = f }
        return f
    }

    /// Forgets cap counts of days well behind the feed's clock (caps are per local day).
    private mutating func pruneCaps(now: Int64) {
        let day = LocalTime.floorDivide(now, 86_400)
        guard day > capsDay else { return }
        capsDay = day
        guard caps.count > 4096 else { return }
        let zones = fanZones
        caps = caps.filter { key, _ in
            let fan = Int(key >> 32)
            let keptFrom = zones[fan].day(of: now) - 2
            return Int64(Int32(truncatingIfNeeded: key)) >= keptFrom
        }
    }
}
