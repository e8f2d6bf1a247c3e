/// Whether an item is a post (content on a channel) or a message (conversation traffic).
public enum ItemType: String, Sendable, Hashable, Codable, CaseIterable {
    case post, message

    /// Reads a feed or query value: `post` / `message` in any case.
    public init?(feedValue: String) {
        self.init(rawValue: feedValue.lowercased())
    }
}

/// Which way a message went: inbound (fan → brand) or outbound (brand → fan).
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    /// 入, 呼入: from a fan to the brand.
    case `in`
    /// 出, 呼出: from the brand to a fan.
    case out

    /// Reads a feed or query value: `in`/`out` (any case), `inbound`/`outbound`, 入/呼入, 出/呼出.
    public init?(feedValue: String) {
        switch feedValue.lowercased() {
        case "in", "inbound", "入", "呼入": self = .in
        case "out", "outbound", "出", "呼出": self = .out
        default: return nil
        }
    }
}

/// A post or a message, as read from a feed and stored by the index.
///
/// Only `id` and `text` are required. Codable uses the feed's field names (`keywordPaths` is
/// `keywords`) with `time` as Unix seconds, so `JSONEncoder` output is itself a valid feed line;
/// decoding accepts missing optional fields. Feeds are read with `FeedReader`, which also takes
/// ISO-8601 times and reports problems by line.
public struct Item: Sendable, Hashable, Codable {
    // Stored Strings first, then 8-byte fields, then the 1-byte ones, so the struct packs to
    // 160 bytes (an index keeps one per item; the declaration order with the message fields
    // inline took 224).

    /// Unique within an index: an item whose id is already indexed replaces it.
    public var id: String
    /// The original text, never empty; kept as written for display and highlights.
    public var text: String
    /// Where it was published: `weibo`, `wechat`, `douyin`, `xiaohongshu`, `forum`…
    public var channel: String?
    /// Who published it.
    public var author: String?
    /// Where it was published from, as the channel reports it.
    public var city: String?
    /// The shelf it sits on (分类): 生活, 口碑, 客服…
    public var category: String?
    /// Likes (点赞), ≥ 0.
    public var likes: Int
    /// Shares or reposts (转发), ≥ 0.
    public var shares: Int
    /// Comments (评论), ≥ 0.
    public var comments: Int
    /// Flat labels (hashtags, rules, users).
    public var tags: [String]
    /// Keyword-tree paths such as `品牌/小米/小米手机` (feed field `keywords`).
    public var keywordPaths: [String]
    /// The message-only fields, boxed: most items are posts and leave them all empty.
    private var conversation: Conversation?
    /// When it was published, in Unix seconds.
    public var time: Int64?
    /// Post or message.
    public var type: ItemType
    /// A repost or forward rather than a first-hand report.
    public var relay: Bool

    /// Message sender.
    public var from: String? {
        get { conversation?.from }
        set { updateConversation { $0.from = newValue } }
    }
    /// Message receiver.
    public var to: String? {
        get { conversation?.to }
        set { updateConversation { $0.to = newValue } }
    }
    /// Inbound or outbound, for messages.
    public var direction: Direction? {
        get { conversation?.direction }
        set { updateConversation { $0.direction = newValue } }
    }
    /// Conversation group of a message.
    public var group: String? {
        get { conversation?.group }
        set { updateConversation { $0.group = newValue } }
    }

    /// The message fields of an item, immutable and shared between copies of the item.
    private final class Conversation: Sendable, Hashable {
        struct Fields: Hashable {
            var from: String?
            var to: String?
            var direction: Direction?
            var group: String?
            var isEmpty: Bool { from == nil && to == nil && direction == nil && group == nil }
        }
        let fields: Fields
        var from: String? { fields.from }
        var to: String? { fields.to }
        var direction: Direction? { fields.direction }
        var group: String? { fields.group }

        init(_ fields: Fields) { self.fields = fields }
        static func == (a: Conversation, b: Conversation) -> Bool { a.fields == b.fields }
        func hash(into hasher: inout Hasher) { hasher.combine(fields) }
    }

    /// Replaces the box with one changed by `change` (none when every field is empty, so an
    /// item compares and hashes the same however its fields were set).
    private mutating func updateConversation(_ change: (inout Conversation.Fields) -> Void) {
        var fields = conversation?.fields ?? Conversation.Fields()
        change(&fields)
        conversation = fields.isEmpty ? nil : Conversation(fields)
    }

    /// An item; everything but `id` and `text` has a default.
    public init(
        id: String, type: ItemType = .post, channel: String? = nil, author: String? = nil, time: Int64? = nil,
        text: String, city: String? = nil, relay: Bool = false, likes: Int = 0, shares: Int = 0, comments: Int = 0,
        tags: [String] = [], category: String? = nil, keywordPaths: [String] = [],
        from: String? = nil, to: String? = nil, direction: Direction? = nil, group: String? = nil
    ) {
        self.id = id
        self.type = type
        self.channel = channel
        self.author = author
        self.time = time
        self.text = text
        self.city = city
        self.relay = relay
        self.likes = likes
        self.shares = shares
        self.comments = comments
        self.tags = tags
        self.category = category
        self.keywordPaths = keywordPaths
        let message = Conversation.Fields(from: from, to: to, direction: direction, group: group)
        self.conversation = message.isEmpty ? nil : Conversation(message)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, type, channel, author, time, text, city, relay, likes, shares, comments, tags, category
        case keywordPaths = "keywords"
        case from, to, direction, group
    }

    /// Decodes the feed's field names; missing optional fields take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        type = try c.decodeIfPresent(ItemType.self, forKey: .type) ?? .post
        channel = try c.decodeIfPresent(String.self, forKey: .channel)
        author = try c.decodeIfPresent(String.self, forKey: .author)
        time = try c.decodeIfPresent(Int64.self, forKey: .time)
        text = try c.decode(String.self, forKey: .text)
        city = try c.decodeIfPresent(String.self, forKey: .city)
        relay = try c.decodeIfPresent(Bool.self, forKey: .relay) ?? false
        likes = try c.decodeIfPresent(Int.self, forKey: .likes) ?? 0
        shares = try c.decodeIfPresent(Int.self, forKey: .shares) ?? 0
        comments = try c.decodeIfPresent(Int.self, forKey: .comments) ?? 0
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        category = try c.decodeIfPresent(String.self, forKey: .category)
        keywordPaths = try c.decodeIfPresent([String].self, forKey: .keywordPaths) ?? []
        let message = Conversation.Fields(from: try c.decodeIfPresent(String.self, forKey: .from),
                                          to: try c.decodeIfPresent(String.self, forKey: .to),
                                          direction: try c.decodeIfPresent(Direction.self, forKey: .direction),
                                          group: try c.decodeIfPresent(String.self, forKey: .group))
        conversation = message.isEmpty ? nil : Conversation(message)
    }

    /// Encodes the feed's field names, leaving out empty and default values.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encodeIfPresent(author, forKey: .author)
        try c.encodeIfPresent(time, forKey: .time)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(city, forKey: .city)
        if relay { try c.encode(relay, forKey: .relay) }
        if likes != 0 { try c.encode(likes, forKey: .likes) }
        if shares != 0 { try c.encode(shares, forKey: .shares) }
        if comments != 0 { try c.encode(comments, forKey: .comments) }
        if !tags.isEmpty { try c.encode(tags, forKey: .tags) }
        try c.encodeIfPresent(category, forKey: .category)
        if !keywordPaths.isEmpty { try c.encode(keywordPaths, forKey: .keywordPaths) }
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(to, forKey: .to)
        try c.encodeIfPresent(direction, forKey: .direction)
        try c.encodeIfPresent(group, forKey: .group)
    }
}
