import HudongIndex
import HudongRouting
import Synchronization

/// The exit index attached to an engine: subscriptions, relationships, and the routed deliveries.
public final class RoutingState: Sendable {
    private struct State: Sendable {
        var subscribers: Subscribers
        var relationships: RelationshipBook
        var router: Router
        var deliveries = 0
        var routedPosts = 0
    }

    private let state: Mutex<State>
    private let matcher: ItemMatcher
    /// Where the subscribers came from.
    public let source: String

    init(subscribers: Subscribers, relationships: RelationshipBook, matcher: ItemMatcher, source: String) {
        self.matcher = matcher
        self.source = source
        let router = Router(subscribers: subscribers, matcher: matcher, relationships: relationships)
        state = Mutex(State(subscribers: subscribers, relationships: relationships, router: router))
    }

    /// Routes posts and records messages (relationship history), in order.
    func ingest(_ items: [Item]) {
        state.withLock { s in
            for item in items {
                if item.type == .message { s.relationships.record(item) }
                if let routed = s.router.take(item) {
                    s.routedPosts += 1
                    s.deliveries += routed.deliveries.count
                }
            }
        }
    }

    /// Where `item` would go now, without counting it against caps (the router is a value: a copy routes).
    public func preview(_ item: Item) -> RoutedPost {
        let router = state.withLock { $0.router }
        var copy = router
        return copy.route(matcher.prepare(item))
    }

    /// Adds a query subscription for `fan` (a new fan if unknown) and rebuilds the subscription index.
    public func subscribe(fan: String, query: String) throws -> Subscription {
        let parsed = try QueryParser().parse(query)
        return state.withLock { s in
            var fans = s.subscribers.fans
            let index = fans.firstIndex { $0.id == fan } ?? {
                // A fan first seen here opts in to WeChat delivery (the REPL has no way to ask).
                fans.append(Subscriber(id: fan, channels: ["wechat"], preferredChannel: "wechat", subscriptions: []))
                return fans.count - 1
            }()
            let subscription = Subscription(id: "\(fan)#\(fans[index].subscriptions.count + 1)", kind: .query, value: query, query: parsed.root)
            fans[index].subscriptions.append(subscription)
            s.subscribers.fans = fans
            s.router = Router(subscribers: s.subscribers, matcher: matcher, relationships: s.relationships)
            return subscription
        }
    }

    /// Counts for the summary: fans, subscriptions, posts routed, deliveries.
    public var counts: (fans: Int, subscriptions: Int, posts: Int, deliveries: Int) {
        state.withLock { ($0.subscribers.fans.count, $0.subscribers.subscriptionCount, $0.routedPosts, $0.deliveries) }
    }

    /// The subscribers (for display).
    public var subscribers: Subscribers { state.withLock { $0.subscribers } }
}

extension Engine {
    /// Loads subscribers (YAML or JSON Lines) and, optionally, message history; routes the
    /// items already indexed (their messages count as history), then every post ingested from now on.
    public func attachSubscribers(path: String, messages: [String] = []) throws {
        let matcher = ItemMatcher(analyzer: analyzer)
        let subscribers = try Subscribers.load(path: path)
        var book = RelationshipBook()
        for file in messages {
            var reader = try FeedReader(path: file)
            while let entry = reader.next() {
                if case let .item(item, _) = entry, item.type == .message { book.record(item) }
            }
        }
        let state = RoutingState(subscribers: subscribers, relationships: book, matcher: matcher, source: path)
        forEachIndexedChunk { state.ingest($0) }
        routing.withLock { $0 = state }
    }

    /// The routing state, when subscribers are attached.
    public var routingState: RoutingState? { routing.withLock { $0 } }
}
