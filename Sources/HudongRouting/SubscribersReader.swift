import Foundation
import HudongIndex
import Yams

/// Walks the YAML (or JSON) node tree of a subscribers file, turning every wrong value into a
/// positioned `RoutingError` that says what was expected.
struct SubscribersReader {
    let file: String
    let queryParser: QueryParser
    /// Added to every node's line: the line of a JSON Lines file being read.
    var lineOffset = 0
    private var order: RoutingOrder = .time
    private var defaultZone: RoutingTimeZone = .china
    private var fans: [Subscriber] = []
    private var seenIDs: [String: RoutingMark] = [:]
    private var sawRouting = false

    static let topKeys = ["routing", "fans"]
    static let routingKeys = ["order", "timezone"]
    static let fanKeys = ["id", "name", "city", "timezone", "quiet_hours", "permissions", "preferred_channel", "daily_cap", "subscribe"]
    static let permissionKeys = ["channels", "categories"]
    static let subscriptionKeys = ["id", "category", "tag", "keyword", "query"]

    init(file: String, queryParser: QueryParser) {
        self.file = file
        self.queryParser = queryParser
    }

    // MARK: - Documents

    /// A whole YAML document: a mapping with `routing` and `fans`, or a bare list of fans.
    mutating func document(_ root: Node) throws(RoutingError) -> Subscribers {
        if let fanList = root.sequence {
            for element in fanList { try fan(element) }
            return try finish()
        }
        let entries = try pairs(root, allowed: Self.topKeys, what: "the subscribers file (`routing:` and `fans:`)")
        // Routing first, whatever the order in the file: its zone is the fans' default.
        for entry in entries where entry.key == "routing" { try routing(entry.value) }
        for entry in entries where entry.key == "fans" {
            guard let list = entry.value.sequence else { throw fail(entry.value, "expected `fans:` to be a list of fans (`- id: …`)") }
            for element in list { try fan(element) }
        }
        return try finish()
    }

    /// One line of a JSON Lines file: a fan, or `{"routing": {…}}`.
    mutating func jsonLine(_ node: Node) throws(RoutingError) {
        guard let mapping = node.mapping else { throw fail(node, "expected a JSON object: a fan, or {\"routing\": {…}}") }
        if mapping.count == 1, let key = mapping.first?.key.scalar?.string, key == "routing", let value = mapping.first?.value {
            guard !sawRouting else { throw fail(node, "`routing` is given twice; give it once") }
            guard fans.isEmpty else { throw fail(node, "the `routing` line must come before the first fan") }
            try routing(value)
            return
        }
        try fan(node)
    }

    /// The subscribers read so far.
    func finish() throws(RoutingError) -> Subscribers {
        return Subscribers(order: order, defaultTimeZone: defaultZone, fans: fans)
    }

    private mutating func routing(_ node: Node) throws(RoutingError) {
        sawRouting = true
        for (key, _, value) in try pairs(node, allowed: Self.routingKeys, what: "`routing`") {
            let text = try string(value, "`\(key)`")
            switch key {
            case "order":
                guard let o = RoutingOrder(rawValue: text.lowercased()) else {
                    throw fail(value, "expected `order` to be `time` or `location`, found `\(text)`")
                }
                order = o
            default:
                defaultZone = try zone(text, value)
            }
        }
    }

    // MARK: - Fans

    private mutating func fan(_ node: Node) throws(RoutingError) {
        let entries = try pairs(node, allowed: Self.fanKeys, what: "a fan")
        guard let idEntry = entries.first(where: { $0.key == "id" }) else { throw fail(node, "a fan needs an `id`") }
        let id = try nonEmpty(idEntry.value, "the fan `id`")
        if let previous = seenIDs[id] {
            throw fail(idEntry.value, "fan id `\(id)` is already used at line \(previous.line); fan ids must be unique")
        }
        seenIDs[id] = mark(idEntry.value)
        var fan = Subscriber(id: id, timeZone: defaultZone, channels: [], subscriptions: [])
        var quietNode: Node?
        var preferredNode: Node?
        for (key, _, value) in entries {
            switch key {
            case "name": fan.name = try string(value, "`name`")
            case "city": fan.city = try nonEmpty(value, "`city`")
            case "timezone":
                fan.timeZone = try zone(try string(value, "`timezone`"), value)
            case "quiet_hours": quietNode = value
            case "permissions": try permissions(value, into: &fan)
            case "preferred_channel":
                fan.preferredChannel = try nonEmpty(value, "`preferred_channel`").lowercased()
                preferredNode = value
            case "daily_cap": fan.dailyCap = try integer(value, "`daily_cap` (deliveries per local day)", range: 1...1_000_000)
            case "subscribe": fan.subscriptions = try subscriptions(value, fan: id)
            default: break
            }
        }
        if let quietNode {
            let text = try string(quietNode, "`quiet_hours`")
            switch QuietHours.parse(text, defaultZone: fan.timeZone) {
            case let .success(quiet): fan.quietHours = quiet
            case let .failure(failure): throw fail(quietNode, failure.reason)
            }
        }
        if let preferredNode, let preferred = fan.preferredChannel, !fan.channels.contains(preferred) {
            throw fail(preferredNode, "preferred channel `\(preferred)` is not among the fan's opted-in channels (\(fan.channels.joined(separator: ", ")))")
        }
        fans.append(fan)
    }

    private func permissions(_ node: Node, into fan: inout Subscriber) throws(RoutingError) {
        for (key, _, value) in try pairs(node, allowed: Self.permissionKeys, what: "`permissions`") {
            let names = try optIns(value, "`permissions.\(key)`")
            if key == "channels" {
                fan.channels = names.map { $0.lowercased() }
            } else {
                fan.categories = Set(names)
            }
        }
    }

    /// Opted-in names: a list, or a mapping of name to a yes/no value (only yes are kept).
    private func optIns(_ node: Node, _ what: String) throws(RoutingError) -> [String] {
        if let scalar = node.scalar {
            let s = scalar.string.trimmingCharacters(in: .whitespaces)
            return s.isEmpty ? [] : [s]
        }
        if let list = node.sequence {
            var out: [String] = []
            for element in list {
                let name = try nonEmpty(element, "each entry of \(what)")
                if !out.contains(name) { out.append(name) }
            }
            return out
        }
        guard let mapping = node.mapping else { throw fail(node, "expected \(what): a list of names, or a mapping of name to yes/no") }
        var out: [String] = []
        for (keyNode, value) in mapping {
            let name = try nonEmpty(keyNode, "a name in \(what)")
            guard let flag = value.scalar.flatMap({ Self.boolean($0.string) }) else {
                throw fail(value, "expected yes/no (true/false) for `\(name)` in \(what)")
            }
            if flag, !out.contains(name) { out.append(name) }
        }
        return out
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "on", "y", "1", "是", "允许": return true
        case "no", "false", "off", "n", "0", "否", "拒绝": return false
        default: return nil
        }
    }
}
