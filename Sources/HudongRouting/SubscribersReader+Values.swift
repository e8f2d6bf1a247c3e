import Foundation
import HudongIndex
import Yams

extension SubscribersReader {
    // MARK: - Subscriptions

    /// The `subscribe` list: each entry `category:`, `tag:`, `keyword:` or `query:` (with an
    /// optional `id`), or a plain string (a query).
    func subscriptions(_ node: Node, fan: String) throws(RoutingError) -> [Subscription] {
        let list: [Node]
        if let sequence = node.sequence { list = Array(sequence) } else if node.scalar != nil { list = [node] } else {
            throw fail(node, "expected `subscribe` to be a list of `category: X`, `tag: X`, `keyword: a/b`, `query: TEXT` entries")
        }
        var out: [Subscription] = []
        var ids: Set<String> = []
        for (n, element) in list.enumerated() {
            var id = "\(fan)#\(n + 1)"
            var kind: SubscriptionKind = .query
            var valueNode = element
            if element.mapping != nil {
                var found: (SubscriptionKind, Node)?
                for (key, keyNode, value) in try pairs(element, allowed: Self.subscriptionKeys, what: "a subscription") {
                    if key == "id" { id = try nonEmpty(value, "the subscription `id`"); continue }
                    guard let k = SubscriptionKind(rawValue: key) else { continue }
                    if found != nil {
                        throw fail(keyNode, "a subscription follows one thing; found a second kind `\(key)` (write another `- \(key): …` entry)")
                    }
                    found = (k, value)
                }
                guard let found else { throw fail(element, "expected one of `category:`, `tag:`, `keyword:` or `query:` in this subscription") }
                (kind, valueNode) = found
            } else if element.scalar == nil {
                throw fail(element, "expected a subscription: `category: X`, `tag: X`, `keyword: a/b`, `query: TEXT`, or a query string")
            }
            guard ids.insert(id).inserted else { throw fail(element, "subscription id `\(id)` is used twice for fan `\(fan)`") }
            let text = kind == .query ? try string(valueNode, "a query") : try nonEmpty(valueNode, "the \(kind.rawValue) to follow")
            if let simple = Subscription(id: id, kind: kind, value: text) {
                out.append(simple)
                continue
            }
            do {
                let parsed = try queryParser.parse(text)
                out.append(Subscription(id: id, kind: .query, value: text, query: parsed.root))
            } catch {
                var at = mark(valueNode)
                if case let .query(message, position, _) = error {
                    let quoted = valueNode.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
                    at.column += position.offset + (quoted ? 1 : 0)
                    throw .subscribers(at, reason: "query error: \(message) (in `\(text)`)")
                }
                throw .subscribers(at, reason: "\(error)")
            }
        }
        return out
    }

    // MARK: - Values

    func mark(_ node: Node) -> RoutingMark {
        RoutingMark(file: file, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1)
    }

    func fail(_ node: Node, _ reason: String) -> RoutingError { .subscribers(mark(node), reason: reason) }

    /// The pairs of a mapping, unknown keys rejected with the list of known ones.
    func pairs(_ node: Node, allowed: [String], what: String) throws(RoutingError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { throw fail(node, "expected \(what) (a mapping of `key: value`)") }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { throw fail(keyNode, "expected a plain key in \(what)") }
            guard allowed.contains(key) else {
                throw fail(keyNode, "unknown key `\(key)` in \(what); expected one of: \(allowed.joined(separator: ", "))")
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    func string(_ node: Node, _ what: String) throws(RoutingError) -> String {
        guard let scalar = node.scalar else { throw fail(node, "expected \(what) (a single value, not a list or mapping)") }
        return scalar.string
    }

    func nonEmpty(_ node: Node, _ what: String) throws(RoutingError) -> String {
        let text = try string(node, what).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw fail(node, "expected \(what): a non-empty value") }
        return text
    }

    func integer(_ node: Node, _ what: String, range: ClosedRange<Int>) throws(RoutingError) -> Int {
        guard let scalar = node.scalar, let value = Int(scalar.string), range.contains(value) else {
            throw fail(node, "expected \(what): a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    func zone(_ text: String, _ node: Node) throws(RoutingError) -> RoutingTimeZone {
        guard let zone = RoutingTimeZone(parsing: text) else {
            throw fail(node, "`\(text)` is not a time zone; expected an offset such as `+08:00`, `UTC`, or a zone id such as `Asia/Shanghai`")
        }
        return zone
    }
}
