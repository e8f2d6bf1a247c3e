import HudongIndex
import Yams

extension YAMLReader {
    /// The whole watchlist from the root node.
    func watchlist(_ root: Node) throws(ListeningError) -> Watchlist {
        var settings = AlertSettings()
        var topics: [Topic] = []
        var negativeWords: [WatchTerm] = []
        var sawTopics = false
        for (key, _, value) in try pairs(root, allowed: Self.topKeys, what: "the watchlist") {
            switch key {
            case "window": settings.windowSeconds = try duration(value, "window")
            case "baseline": settings.baselineWindows = try integer(value, "baseline (trailing windows)", range: 1...10_000)
            case "sensitivity": settings.sensitivity = try sensitivity(value)
            case "min_count": settings.minimumCount = try integer(value, "min_count", range: 1...1_000_000_000)
            case "cooldown": settings.cooldownSeconds = try duration(value, "cooldown")
            case "near": settings.near = try integer(value, "near (positions)", range: 0...QueryParser.maximumNearDistance)
            case "timezone": settings.utcOffsetSeconds = try utcOffset(value)
            case "samples": settings.samples = try integer(value, "samples", range: 0...100)
            case "alert_on":
                settings.alertScopes = []
                for term in try terms(value, "alert_on") {
                    guard let scope = AlertScope(rawValue: term.text) else {
                        let names = AlertScope.allCases.map(\.rawValue).joined(separator: ", ")
                        throw .watchlist(term.mark ?? mark(value), reason: "expected alert_on entries among: \(names)")
                    }
                    settings.alertScopes.insert(scope)
                }
            case "negative":
                for (negativeKey, _, negativeValue) in try pairs(value, allowed: Self.negativeKeys, what: "negative") {
                    if negativeKey == "words" {
                        negativeWords = try terms(negativeValue, "negative words")
                    } else {
                        settings.negativeMinimumCount = try integer(negativeValue, "negative min_count", range: 1...1_000_000_000)
                    }
                }
            default:
                sawTopics = true
                guard let sequence = value.sequence else { throw fail(value, "expected topics: a list of topics (each a mapping with name and terms)") }
                for element in sequence { topics.append(try topic(element)) }
            }
        }
        guard sawTopics, !topics.isEmpty else {
            throw fail(root, "expected a `topics:` list with at least one topic")
        }
        var names: Set<String> = []
        for topic in topics where !names.insert(topic.name).inserted {
            throw .watchlist(topic.mark ?? mark(root), reason: "duplicate topic name `\(topic.name)`")
        }
        return Watchlist(topics: topics, negativeWords: negativeWords, settings: settings)
    }

    /// One topic mapping.
    func topic(_ node: Node) throws(ListeningError) -> Topic {
        var result = Topic(name: "", terms: [], mark: mark(node))
        var hasName = false
        for (key, _, value) in try pairs(node, allowed: Self.topicKeys, what: "a topic") {
            switch key {
            case "name":
                result.name = try string(value, "name")
                hasName = !result.name.isEmpty
            case "terms", "variants", "misspellings": result.terms += try terms(value, key)
            case "exclude": result.exclusions = try terms(value, "exclude")
            case "complaints": result.complaints = try terms(value, "complaints")
            case "rules":
                for rule in try terms(value, "rules") { result.rules.append(try parseRule(rule, node: value)) }
            case "channels": result.channels = Set(try terms(value, "channels").map(\.text))
            case "cities": result.cities = Set(try terms(value, "cities").map(\.text))
            case "sensitivity": result.sensitivity = try sensitivity(value)
            default: result.minimumCount = try integer(value, "min_count", range: 1...1_000_000_000)
            }
        }
        guard hasName else { throw fail(node, "expected `name:` in this topic") }
        guard !result.terms.isEmpty || !result.rules.isEmpty else {
            throw fail(node, "expected `terms:` (or `rules:`) in topic `\(result.name)`")
        }
        return result
    }

    /// A rule in the query language; a syntax error points at its column in the file.
    func parseRule(_ rule: WatchTerm, node: Node) throws(ListeningError) -> WatchRule {
        let position = rule.mark ?? mark(node)
        do {
            let parsed = try queryParser.parse(rule.text)
            try RuleEvaluator.check(parsed.root)
            return WatchRule(text: rule.text, query: parsed.root, mark: position)
        } catch let error as ListeningError {
            throw .watchlist(position, reason: "rule `\(rule.text)`: \(error.reasonOnly)")
        } catch {
            var at = position
            var message = "\(error)"
            if case let .query(reason, queryPosition, _) = error as? IndexError {
                // Quoted scalars start one column before their text.
                at.column += queryPosition.offset + (isQuoted(rule, in: node) ? 1 : 0)
                message = reason
            }
            throw .watchlist(at, reason: "rule `\(rule.text)`: \(message)")
        }
    }

    private func isQuoted(_ rule: WatchTerm, in node: Node) -> Bool {
        let scalars = node.sequence.map(Array.init) ?? [node]
        let match = scalars.first { $0.scalar?.string == rule.text && mark($0) == rule.mark }
        guard let style = match?.scalar?.style else { return false }
        return style == .singleQuoted || style == .doubleQuoted
    }
}

extension ListeningError {
    /// The reason without the position prefix.
    var reasonOnly: String {
        switch self {
        case let .watchlist(_, reason), let .yamlSyntax(_, reason): return reason
        default: return description
        }
    }
}
