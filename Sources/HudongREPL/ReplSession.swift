import Foundation
import Hudong
import HudongIndex
import HudongListening
import HudongRouting
import HudongTagging
import HudongText

/// A REPL session over an engine: executes one command line at a time and returns its output.
///
/// Knows nothing about terminals: the `hudong repl` executable feeds it lines from libedit or
/// from a pipe, and the scenario tests feed it lines from files. A command's error is part of
/// its output; no error ends the session. Not thread-safe: one session, one caller.
public final class ReplSession {
    /// Output settings changed with `set`.
    public struct Settings: Sendable {
        public var limit = 10
        public var facets = false
        public var explain = false
        public var json = false
        public var color = false
        /// Show how long searches took (off in scenario tests, whose output must be exact).
        public var timing = true
        public init() {}
    }

    /// What executing a line gave.
    public struct Result: Sendable {
        public var output: String
        public var quit = false
        public var failed = false
    }

    public let engine: Engine
    public var settings: Settings
    /// Set by the executable from its SIGINT handler; long commands check it and stop early.
    public var isCancelled: @Sendable () -> Bool = { false }
    /// The capabilities attached beyond search (tagging, routing, listening), by command name.
    public var extensions: [String: (ReplSession, String) -> Result] = [:]

    public init(engine: Engine, settings: Settings = Settings()) {
        self.engine = engine
        self.settings = settings
    }

    /// Executes one line: `command arguments…`. Blank lines and `#` comments do nothing.
    public func execute(_ line: String) -> Result {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return Result(output: "") }
        let (name, rest) = Self.split(trimmed)
        switch name.lowercased() {
        case "search": return search(rest)
        case "analyze": return analyze(rest)
        case "explain": return explain(rest)
        case "doc": return doc(rest)
        case "facets": return facets(rest)
        case "stats": return stats()
        case "dict": return dict(rest)
        case "load": return load(rest)
        case "delete": return delete(rest)
        case "set": return set(rest)
        case "tree": return tree(rest)
        case "categories": return labels(rest, categories: true)
        case "tags": return labels(rest, categories: false)
        case "subscribe" where engine.routingState != nil: return subscribe(rest)
        case "match" where engine.routingState != nil: return match(rest)
        case "route" where engine.routingState != nil: return route(rest)
        case "watch" where engine.listeningState != nil: return watch()
        case "alerts" where engine.listeningState != nil: return alerts()
        case "help", "?": return help(rest)
        case "quit", "exit", "\\q": return Result(output: "", quit: true)
        default:
            if let handler = extensions[name.lowercased()] { return handler(self, rest) }
            if ReplCommandSpec.named(name.lowercased()) != nil {
                return failure("`\(name)` is not available in this session: \(Self.unavailableReason(name.lowercased()))")
            }
            let hint = ReplCommandSpec.closest(to: name.lowercased()).map { " (did you mean `\($0)`?)" } ?? ""
            return failure("unknown command `\(name)`\(hint); `help` lists the commands")
        }
    }

    static func unavailableReason(_ name: String) -> String {
        switch name {
        case "tree", "categories", "tags": return "start the REPL with --taxonomy FILE"
        case "subscribe", "match", "route": return "start the REPL with --subscribers FILE"
        case "watch", "alerts": return "start the REPL with --watch FILE"
        default: return "not built in"
        }
    }

    /// Splits `command rest…` at the first run of spaces.
    static func split(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (line, "") }
        return (String(line[..<space]), line[space...].trimmingCharacters(in: .whitespaces))
    }

    public func failure(_ message: String) -> Result {
        Result(output: settings.json ? JSONText.encode(["error": message]) + "\n" : "error: \(message)\n", failed: true)
    }

    // MARK: - Commands

    private func search(_ query: String) -> Result {
        let options = SearchOptions(limit: settings.limit, facets: settings.facets, explain: settings.explain)
        let started = ContinuousClock.now
        do {
            let results = try engine.search(query, options: options)
            if settings.json { return Result(output: JSONText.encode(SearchResultsJSON(results, query: query)) + "\n") }
            return Result(output: SearchPrinter(color: settings.color, timing: settings.timing).render(results, elapsed: ContinuousClock.now - started))
        } catch {
            return failure(error.description)
        }
    }

    private func analyze(_ text: String) -> Result {
        guard !text.isEmpty else { return failure("usage: analyze TEXT") }
        let analyzed = engine.analyzer.analyze(text)
        if settings.json {
            struct TokenJSON: Encodable { let term, kind: String; let position, start, end, byteStart, byteEnd: Int }
            let tokens = analyzed.tokens.map {
                TokenJSON(term: $0.term, kind: $0.kind.rawValue, position: $0.position, start: $0.characterRange.lowerBound,
                          end: $0.characterRange.upperBound, byteStart: $0.utf8Range.lowerBound, byteEnd: $0.utf8Range.upperBound)
            }
            return Result(output: JSONText.encode(tokens) + "\n")
        }
        var out = ""
        for token in analyzed.tokens {
            let surface = analyzed.original.slice(characters: token.characterRange)
            let shown = surface == token.term ? token.term : "\(token.term) ← \(surface)"
            out += "\(token.position)\t\(token.kind.rawValue)\tchars \(token.characterRange.lowerBound)..<\(token.characterRange.upperBound)\tbytes \(token.utf8Range.lowerBound)..<\(token.utf8Range.upperBound)\t\(shown)\n"
        }
        return Result(output: out.isEmpty ? "(no tokens)\n" : out)
    }

    private func explain(_ query: String) -> Result {
        let parsed: ParsedQuery
        do { parsed = try QueryParser().parse(query) } catch { return failure(error.description) }
        var out = "query: \(parsed.root.queryText)\n"
        if let sort = parsed.sort { out += "sort: \(sort.rawValue)\n" }
        out += "tree:\n" + Self.tree(parsed.root, depth: 1)
        let units = QueryPlanText.describe(parsed.root, analyzer: engine.analyzer)
        if !units.isEmpty { out += "matched by:\n" + units }
        var options = SearchOptions(limit: min(settings.limit, 3), explain: true)
        options.highlight = true
        let results = engine.index.search(parsed, options: options)
        out += "\n" + SearchPrinter(color: settings.color, timing: false).render(results, elapsed: .zero)
        return Result(output: out)
    }

    static func tree(_ node: QueryNode, depth: Int) -> String {
        let pad = String(repeating: "  ", count: depth)
        switch node {
        case let .and(children): return pad + "AND\n" + children.map { tree($0, depth: depth + 1) }.joined()
        case let .or(children): return pad + "OR\n" + children.map { tree($0, depth: depth + 1) }.joined()
        case let .not(inner): return pad + "NOT\n" + tree(inner, depth: depth + 1)
        case let .near(a, b, distance, ordered):
            return pad + "NEAR/\(distance)\(ordered ? " (in order)" : "")\n" + tree(a, depth: depth + 1) + tree(b, depth: depth + 1)
        default: return pad + node.queryText + "\n"
        }
    }

    private func doc(_ id: String) -> Result {
        guard !id.isEmpty else { return failure("usage: doc ID") }
        guard let item = engine.index.read({ $0.item(id: id) }) else { return failure("no item with id `\(id)`") }
        if settings.json { return Result(output: JSONText.encode(item) + "\n") }
        var out = "id: \(item.id)\ntype: \(item.type.rawValue)\n"
        let fields: [(String, String?)] = [
            ("channel", item.channel), ("author", item.author), ("time", item.time.map { TimeFormat.iso($0) }),
            ("city", item.city), ("category", item.category), ("from", item.from), ("to", item.to),
            ("direction", item.direction?.rawValue), ("group", item.group),
        ]
        for (name, value) in fields { if let value { out += "\(name): \(value)\n" } }
        if item.relay { out += "relay: true\n" }
        out += "likes: \(item.likes)  shares: \(item.shares)  comments: \(item.comments)\n"
        if !item.tags.isEmpty { out += "tags: \(item.tags.joined(separator: ", "))\n" }
        if !item.keywordPaths.isEmpty { out += "keywords: \(item.keywordPaths.joined(separator: ", "))\n" }
        out += "text: \(item.text)\n"
        return Result(output: out)
    }

    private func facets(_ query: String) -> Result {
        var options = SearchOptions(limit: 0, facets: true)
        options.facetLimit = 15
        do {
            let results = try engine.search(query.isEmpty ? "*" : query, options: options)
            if settings.json { return Result(output: JSONText.encode(SearchResultsJSON(results, query: query)) + "\n") }
            var out = "\(results.totalHits) items\n"
            for field in [QueryField.category, .tag, .keyword, .channel, .city] {
                guard let counts = results.facets[field], !counts.isEmpty else { continue }
                out += "\(field.rawValue):\n"
                for c in counts { out += "  \(c.value)\t\(c.count)\n" }
            }
            return Result(output: out)
        } catch {
            return failure(error.description)
        }
    }

    private func stats() -> Result {
        let s = engine.stats()
        if settings.json {
            return Result(output: JSONText.encode([
                "liveItems": s.liveItems, "storedItems": s.storedItems, "textBytes": Int(s.textBytes), "terms": s.terms,
                "bigrams": s.bigrams, "postingBytes": s.postingBytes, "dictionaryTerms": s.dictionaryTerms,
                "dictionaryVersion": s.dictionaryVersion, "memoryBytes": s.memory.total,
            ].merging(s.memory.parts.map { ("memory." + $0.name, $0.bytes) }) { a, _ in a }) + "\n")
        }
        var out = "items: \(s.liveItems) live (\(s.storedItems - s.liveItems) replaced or deleted)\n"
        out += "text: \(Self.size(Int(s.textBytes)))\n"
        out += "terms: \(s.terms) (\(s.bigrams) CJK bigrams); postings \(Self.size(s.postingBytes))\n"
        let ratio = s.textBytes > 0 ? String(format: " (%.1f× the text)", Double(s.memory.total) / Double(s.textBytes)) : ""
        out += "memory: \(Self.size(s.memory.total))\(ratio): "
            + s.memory.parts.map { "\($0.name) \(Self.size($0.bytes))" }.joined(separator: ", ") + "\n"
        out += "user dictionary: \(s.dictionaryTerms) terms (version \(s.dictionaryVersion))\n"
        if let t = s.newestTime { out += "newest item: \(TimeFormat.iso(t))\n" }
        if let durable = engine.durable {
            out += "data: \(durable.store.directory), journal \(Self.size(Int(durable.store.journalBytesSinceSnapshot))) since the last snapshot\n"
        }
        return Result(output: out)
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1e6) : String(format: "%.1f KB", Double(bytes) / 1e3)
    }

    private func dict(_ rest: String) -> Result {
        let (verb, args) = Self.split(rest)
        switch verb {
        case "":
            let entries = engine.dictionary.snapshot.entries.values.map(\.term).sorted()
            return Result(output: "\(entries.count) terms" + (entries.isEmpty ? "" : ": " + entries.prefix(50).joined(separator: " ") + (entries.count > 50 ? " …" : "")) + "\n")
        case "add":
            do {
                guard let entry = try UserDictionary.parse(args, source: "dict add").first else { return failure("usage: dict add TERM [WEIGHT] [TAG]") }
                try engine.addDictionaryTerm(entry)
                let tokens = engine.analyzer.analyze(entry.term).tokens.map(\.term).joined(separator: " | ")
                return Result(output: "added `\(entry.term)`; it now analyzes as: \(tokens)\n")
            } catch {
                return failure("\(error)")
            }
        case "remove":
            guard !args.isEmpty else { return failure("usage: dict remove TERM") }
            do {
                return try engine.removeDictionaryTerm(args) ? Result(output: "removed `\(args)`\n") : failure("`\(args)` is not in the dictionary")
            } catch {
                return failure("\(error)")
            }
        default:
            return failure("usage: dict add TERM [WEIGHT] [TAG] | dict remove TERM | dict")
        }
    }

    private func load(_ path: String) -> Result {
        guard !path.isEmpty else { return failure("usage: load FILE") }
        do {
            let report = try engine.ingest(path: path) { [isCancelled] _ in !isCancelled() }
            var out = report.errors.map { "\($0)\n" }.joined() + report.warnings.map { "\($0)\n" }.joined()
            out += "loaded \(report.items) items from \(path) (\(report.errors.count) lines rejected)\(isCancelled() ? " — stopped by Ctrl-C" : "")\n"
            return Result(output: out)
        } catch {
            return failure("\(error)")
        }
    }

    private func delete(_ rest: String) -> Result {
        let ids = rest.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !ids.isEmpty else { return failure("usage: delete ID [ID…]") }
        do {
            let removed = try engine.delete(ids: ids)
            let absent = ids.count - removed
            return Result(output: "deleted \(removed) item\(removed == 1 ? "" : "s")" + (absent > 0 ? " (\(absent) id\(absent == 1 ? " was" : "s were") not indexed)" : "") + "\n")
        } catch {
            return failure("\(error)")
        }
    }

    private func set(_ rest: String) -> Result {
        let (key, value) = Self.split(rest)
        func flag() -> Bool? { ["on", "true", "1", "yes"].contains(value) ? true : ["off", "false", "0", "no"].contains(value) ? false : nil }
        switch key {
        case "limit":
            guard let n = Int(value), n >= 0 else { return failure("usage: set limit N (a number ≥ 0)") }
            settings.limit = n
        case "facets", "explain", "json", "color":
            guard let on = flag() else { return failure("usage: set \(key) on|off") }
            switch key {
            case "facets": settings.facets = on
            case "explain": settings.explain = on
            case "json": settings.json = on
            default: settings.color = on
            }
        case "":
            return Result(output: "limit \(settings.limit), facets \(settings.facets ? "on" : "off"), explain \(settings.explain ? "on" : "off"), json \(settings.json ? "on" : "off")\n")
        default:
            return failure("unknown setting `\(key)`: limit, facets, explain, json, color")
        }
        return Result(output: "")
    }

    private func help(_ rest: String) -> Result {
        if !rest.isEmpty {
            guard let spec = ReplCommandSpec.named(rest.lowercased()) else { return failure("no command `\(rest)`; `help` lists them") }
            return Result(output: "\(spec.usage)\n  \(spec.summary)\n" + (spec.details.isEmpty ? "" : spec.details.split(separator: "\n").map { "  \($0)\n" }.joined()))
        }
        let width = ReplCommandSpec.all.map(\.usage.count).max() ?? 20
        let lines = ReplCommandSpec.all.map { spec in
            spec.usage.padding(toLength: min(width, 44), withPad: " ", startingAt: 0) + "  " + spec.summary + "\n"
        }
        return Result(output: lines.joined() + "Errors never end the session; Ctrl-C cancels a running command, Ctrl-D leaves.\n")
    }

    // MARK: - Navigation

    private func tree(_ query: String) -> Result {
        do {
            let parsed = try QueryParser().parse(query.isEmpty ? "*" : query)
            let taxonomy = engine.taggingState?.taxonomy
            let (items, rows) = engine.index.read { Navigation.keywordTree(parsed, in: $0, taxonomy: taxonomy) }
            guard !rows.isEmpty else { return Result(output: "\(items) items; none carries a keyword path (start with --taxonomy FILE)\n") }
            var out = "keyword tree · \(items) items\n"
            for row in rows {
                let name = String(repeating: "  ", count: row.depth) + row.name
                out += name + "\t\(row.count)" + (row.inTaxonomy ? "" : " *") + "\n"
            }
            return Result(output: out)
        } catch {
            return failure(error.description)
        }
    }

    private func labels(_ query: String, categories: Bool) -> Result {
        do {
            let parsed = try QueryParser().parse(query.isEmpty ? "*" : query)
            let (items, none, counts): (Int, Int, [LabelCount]) = engine.index.read {
                if categories {
                    let c = Navigation.categories(parsed, in: $0)
                    return (c.items, c.uncategorized, c.counts)
                }
                let t = Navigation.tags(parsed, in: $0)
                return (t.items, t.untagged, t.counts)
            }
            var out = "\(items) items, \(none) without a \(categories ? "category" : "tag")\n"
            for c in counts.prefix(30) { out += "  \(c.label)\t\(c.count)\n" }
            return Result(output: out)
        } catch {
            return failure(error.description)
        }
    }

    // MARK: - Routing

    private func subscribe(_ rest: String) -> Result {
        let (fan, query) = Self.split(rest)
        guard !fan.isEmpty, !query.isEmpty, let routing = engine.routingState else { return failure("usage: subscribe FAN QUERY") }
        do {
            let subscription = try routing.subscribe(fan: fan, query: query)
            let c = routing.counts
            return Result(output: "subscribed \(fan) to `\(query)` as \(subscription.id); \(c.subscriptions) subscriptions of \(c.fans) fans\n")
        } catch {
            return failure("\(error)")
        }
    }

    private func match(_ text: String) -> Result {
        guard !text.isEmpty, let routing = engine.routingState else { return failure("usage: match TEXT") }
        let time = engine.stats().newestTime
        return Result(output: describe(routing.preview(Item(id: "(match)", time: time, text: text)), routing: routing))
    }

    private func route(_ id: String) -> Result {
        guard !id.isEmpty, let routing = engine.routingState else { return failure("usage: route ID") }
        guard let item = engine.index.read({ $0.item(id: id) }) else { return failure("no item with id `\(id)`") }
        return Result(output: describe(routing.preview(item), routing: routing))
    }

    private func describe(_ routed: RoutedPost, routing: RoutingState) -> String {
        guard !routed.deliveries.isEmpty || !routed.skipped.isEmpty else { return "no subscription matches\n" }
        var out = "\(routed.deliveries.count) deliveries, strongest relationship first\n"
        for d in routed.deliveries {
            out += "  \(d.fan)\t\(d.stage) (trust \(d.trust))\tvia \(d.channel)\t\(d.reason)"
            if d.deferred { out += "\tdeferred to \(TimeFormat.iso(d.deliverAt))" }
            out += "\n"
        }
        for skip in routed.skipped.prefix(10) { out += "  skipped \(skip.fan): \(skip.reason)\n" }
        return out
    }

    // MARK: - Listening

    private func watch() -> Result {
        guard let listening = engine.listeningState else { return failure("no watchlist") }
        let summary = listening.summary(top: 5)
        if settings.json { return Result(output: JSONText.encode(summary) + "\n") }
        var out = "watchlist \(listening.source): \(summary.items) items scanned, \(summary.mentionedItems) with a mention, \(summary.alerts) alerts\n"
        for topic in summary.topics {
            out += "  \(topic.name): \(topic.mentions) mentions (\(topic.negative) negative, \(topic.firstHand) first-hand, \(topic.relayed) relayed)"
            if let peak = topic.peak { out += ", peak \(peak.count) at \(peak.from)" }
            out += "\n"
            if !topic.terms.isEmpty { out += "    terms: " + topic.terms.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + "\n" }
        }
        return Result(output: out)
    }

    private func alerts() -> Result {
        guard let listening = engine.listeningState else { return failure("no watchlist") }
        let alerts = listening.alerts
        if settings.json { return Result(output: alerts.map { JSONText.encode($0) + "\n" }.joined()) }
        guard !alerts.isEmpty else { return Result(output: "no alerts\n") }
        return Result(output: alerts.map { alert in
            let samples = alert.samples.isEmpty ? "" : " — samples: " + alert.samples.prefix(5).joined(separator: ", ")
            return "ALERT \(alert.kind.rawValue) [\(alert.key)] \(alert.reason)\(samples)\n"
        }.joined())
    }

    // MARK: - Completion

    /// Completions for the word being typed: command names first, then field names (`channel:`…).
    public func completions(for word: String, atLineStart: Bool) -> [String] {
        if atLineStart { return ReplCommandSpec.all.map(\.name).filter { $0.hasPrefix(word.lowercased()) } }
        let fields = QueryField.allCases.map { $0.rawValue + ":" } + ["time:", "sort:relevance", "sort:time", "sort:influence", "NEAR/", "AND", "OR", "NOT"]
        return fields.filter { $0.hasPrefix(word) }
    }
}

/// Describes how each text leaf of a query is matched (its units), for `explain`.
enum QueryPlanText {
    static func describe(_ node: QueryNode, analyzer: Analyzer) -> String {
        var out = ""
        func visit(_ node: QueryNode) {
            switch node {
            case let .term(text), let .phrase(text):
                let units = UnitSequence(analyzer.analyze(text))
                let shown = units.keys.map(\.text).joined(separator: " · ")
                out += "  \(text) → \(units.count == 0 ? "(nothing searchable)" : shown)\n"
            case let .and(children), let .or(children): children.forEach(visit)
            case let .not(inner): visit(inner)
            case let .near(a, b, _, _): visit(a); visit(b)
            default: break
            }
        }
        visit(node)
        return out
    }
}
