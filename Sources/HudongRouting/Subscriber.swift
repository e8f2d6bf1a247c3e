import HudongIndex

/// What a subscription follows: a category, a tag, a keyword-tree node, or any query.
public enum SubscriptionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case category, tag, keyword, query
}

/// One subscription of a fan: what it follows, as written, and the query it stands for.
///
/// A category, tag or keyword subscription is the query `category:X`, `tag:X` or `kw:X`; a
/// keyword subscription covers the node and every node below it (`品牌/小米` covers
/// `品牌/小米/小米手机`). A query subscription is any text of the query language.
public struct Subscription: Sendable, Hashable {
    /// Unique within its fan: given in the file, or `<fan id>#<n>` (1-based, in file order).
    public var id: String
    public var kind: SubscriptionKind
    /// The category, tag, path or query text as written.
    public var value: String
    /// The query the subscription matches with.
    public var query: QueryNode

    public init(id: String, kind: SubscriptionKind, value: String, query: QueryNode) {
        self.id = id
        self.kind = kind
        self.value = value
        self.query = query
    }

    /// A subscription to a category, tag or keyword path (a field value), or nil for `.query`.
    public init?(id: String, kind: SubscriptionKind, value: String) {
        let field: QueryField
        switch kind {
        case .category: field = .category
        case .tag: field = .tag
        case .keyword: field = .keyword
        case .query: return nil
        }
        self.init(id: id, kind: kind, value: value, query: .field(field, value))
    }

    /// How a delivery explains itself: `keyword 品牌/小米`, `query 小米 降价`.
    public var label: String { "\(kind.rawValue) \(value)" }
}

/// A fan: who they are, what they follow, and how and when they may be reached.
public struct Subscriber: Sendable, Hashable {
    /// Unique in the file; messages name fans by it (`from` of inbound, `to` of outbound).
    public var id: String
    public var name: String?
    /// The fan's city, for location priority (folded like the post's `city`).
    public var city: String?
    /// The zone of the fan's local day (daily cap) and, unless the quiet hours name their own, quiet hours.
    public var timeZone: RoutingTimeZone
    /// When not to deliver; a delivery falling inside is deferred to their end.
    public var quietHours: QuietHours?
    /// Delivery channels the fan opted in to, in the file's order. Empty: nothing is delivered.
    public var channels: [String]
    /// The channel to use when it is opted in; otherwise the first opted-in channel.
    public var preferredChannel: String?
    /// Categories the fan opted in to (folded); nil: every category. Posts without a category pass.
    public var categories: Set<String>?
    /// Most deliveries per local day; nil: no cap.
    public var dailyCap: Int?
    public var subscriptions: [Subscription]

    public init(id: String, name: String? = nil, city: String? = nil, timeZone: RoutingTimeZone = .china,
                quietHours: QuietHours? = nil, channels: [String], preferredChannel: String? = nil,
                categories: Set<String>? = nil, dailyCap: Int? = nil, subscriptions: [Subscription]) {
        self.id = id
        self.name = name
        self.city = city
        self.timeZone = timeZone
        self.quietHours = quietHours
        self.channels = channels
        self.preferredChannel = preferredChannel
        self.categories = categories
        self.dailyCap = dailyCap
        self.subscriptions = subscriptions
    }

    /// The channel a delivery goes out on: the preferred one if opted in, else the first opted in.
    public var deliveryChannel: String? {
        if let preferredChannel, channels.contains(preferredChannel) { return preferredChannel }
        return channels.first
    }
}

/// What breaks a tie in trust when deliveries are ordered.
public enum RoutingOrder: String, Sendable, Hashable, Codable, CaseIterable {
    /// Earliest delivery first (immediate before deferred), then fan id.
    case time
    /// Fans in the post's city first, then earliest delivery, then fan id.
    case location
}

/// A subscribers file: the routing options and the fans.
public struct Subscribers: Sendable, Hashable {
    /// After trust, deliveries are ordered by this.
    public var order: RoutingOrder
    /// The zone of fans that name none.
    public var defaultTimeZone: RoutingTimeZone
    public var fans: [Subscriber]

    public init(order: RoutingOrder = .time, defaultTimeZone: RoutingTimeZone = .china, fans: [Subscriber]) {
        self.order = order
        self.defaultTimeZone = defaultTimeZone
        self.fans = fans
    }

    /// Every subscription of every fan, in order.
    public var subscriptionCount: Int { fans.reduce(0) { $0 + $1.subscriptions.count } }
}
