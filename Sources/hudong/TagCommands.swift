import ArgumentParser
import Foundation
import HudongIndex
import HudongTagging
import HudongText

/// `hudong tree`: the keyword tree with counts (each node with everything below it) for a query.
struct TreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Print the keyword tree with counts for the items matching a query.",
        discussion: """
            Tags the feeds with --taxonomy (or uses the keyword paths the feeds carry), runs QUERY \
            (everything when empty) and prints each keyword node with the number of matching items \
            that carry it or a node below it. Nodes no matching item carries are hidden unless --all.
            Example: hudong tree --feed corpora/reviews_zh.txt --taxonomy corpora/taxonomy/taxonomy.yaml 失望
            """
    )

    @OptionGroup var feeds: FeedOptions
    @Flag(name: .long, help: "Also list nodes no matching item carries.") var all = false
    @Option(name: .long, help: "Deepest level to print (1 = level-1 keywords only).") var depth = Int.max
    @Flag(name: .long, help: "Print one JSON object per node.") var json = false
    @Argument(help: "The query (the index's query language).") var query: [String] = []

    func run() throws {
        let parsed = try TagCLI.parse(query, command: "tree")
        let loaded = try feeds.load()
        let taxonomy = loaded.tagged?.taxonomy
        let (items, rows) = loaded.index.read {
            Navigation.keywordTree(parsed, in: $0, taxonomy: taxonomy, includeEmpty: all, maxDepth: max(1, depth))
        }
        var out = StandardOutput()
        defer { out.flush() }
        if json {
            for row in rows { out.write(JSONLine.encode(TreeRowJSON(row)) + "\n") }
            return
        }
        let carried = loaded.index.read { idx in Navigation.matchingItems(parsed, in: idx).filter { !$0.keywordPaths.isEmpty }.count }
        out.write("keyword tree · \(items) item\(items == 1 ? "" : "s") match `\(TagCLI.shown(query))` · \(carried) carry a keyword\n")
        let width = rows.map { 2 * ($0.depth - 1) + DisplayWidth.of($0.name) }.max() ?? 0
        let countWidth = rows.map { TagCLI.grouped($0.count).count }.max() ?? 1
        for row in rows {
            let label = String(repeating: "  ", count: row.depth - 1) + row.name + (row.inTaxonomy ? "" : " *")
            let count = TagCLI.grouped(row.count)
            let share = items > 0 ? String(format: "%5.1f%%", Double(row.count) * 100 / Double(items)) : ""
            out.write(DisplayWidth.padded(label, to: width + 4) + String(repeating: " ", count: countWidth - count.count) + count + "  " + share + "\n")
        }
        if rows.contains(where: { !$0.inTaxonomy }) { out.write("* a path given in the feed, not in the taxonomy\n") }
    }
}

/// `hudong categories`: categories of the matching items with counts.
struct CategoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "categories", abstract: "Print the categories of the items matching a query, with counts.")

    @OptionGroup var feeds: FeedOptions
    @Flag(name: .long, help: "Print one JSON object per category.") var json = false
    @Argument(help: "The query (the index's query language).") var query: [String] = []

    func run() throws {
        let parsed = try TagCLI.parse(query, command: "categories")
        let loaded = try feeds.load()
        let (items, none, counts) = loaded.index.read { Navigation.categories(parsed, in: $0) }
        TagCLI.printCounts(counts, items: items, unlabelled: (none, "(no category)"), title: "categories", query: query, json: json)
    }
}

/// `hudong tags`: tags of the matching items with counts.
struct TagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags", abstract: "Print the tags of the items matching a query, with counts.")

    @OptionGroup var feeds: FeedOptions
    @Option(name: .long, help: "Tags to list.") var limit = 50
    @Flag(name: .long, help: "Print one JSON object per tag.") var json = false
    @Argument(help: "The query (the index's query language).") var query: [String] = []

    func run() throws {
        let parsed = try TagCLI.parse(query, command: "tags")
        let loaded = try feeds.load()
        let (items, none, counts) = loaded.index.read { Navigation.tags(parsed, in: $0) }
        TagCLI.printCounts(Array(counts.prefix(max(0, limit))), items: items, unlabelled: (none, "(no tag)"), title: "tags", query: query, json: json)
    }
}

/// `hudong tag`: the labels and content metrics of the matching items.
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Print the category, tags, keyword paths and content metrics of feed items.",
        discussion: """
            With --taxonomy the items are tagged at ingest. --sort orders by 内容度 (content), \
            相关度 (relevance), 影响度 (influence) or a blend with text relevance (blended); \
            without it, the query's own order. --json prints each item as a feed line with its metrics.
            """
    )

    @OptionGroup var feeds: FeedOptions
    @Option(name: .long, help: "content, relevance, influence or blended (内容度, 相关度, 影响度, 综合).") var sort: String?
    @Option(name: .long, help: "Items to print.") var limit = 20
    @Flag(name: .long, help: "Print one JSON line per item: the item's fields plus `metrics`.") var json = false
    @Argument(help: "The query (the index's query language).") var query: [String] = []

    func run() throws {
        let parsed = try TagCLI.parse(query, command: "tag")
        var metricSort: MetricSort?
        if let sort {
            guard let s = MetricSort(name: sort) else {
                StandardError.write("hudong tag: unknown --sort `\(sort)`: use content, relevance, influence or blended\n")
                throw ExitCode(2)
            }
            metricSort = s
        }
        let loaded = try feeds.load()
        let options = SearchOptions(limit: max(0, limit), highlight: false)
        let results: SearchResults
        if let tagged = loaded.tagged {
            results = tagged.search(parsed, options: options, sort: metricSort)
        } else {
            results = loaded.index.search(parsed, options: options)
        }
        // Metrics of the printed items: kept by the tagged index, else (items recovered from --data)
        // computed by tagging the item again; without a taxonomy, 影响度 only.
        let kept: [String: ContentMetrics] = loaded.tagged?.read { _, m in m } ?? [:]
        func metrics(_ item: Item) -> ContentMetrics {
            if let m = kept[item.id] { return m }
            if let tagger = loaded.tagged?.tagger { return tagger.tag(item).metrics }
            return ContentMetrics(content: 0, relevance: 0, influence: ContentMetrics.influence(item))
        }
        var out = StandardOutput()
        defer { out.flush() }
        if !json { out.write("\(results.totalHits) item\(results.totalHits == 1 ? "" : "s") match `\(TagCLI.shown(query))`\n") }
        for hit in results.hits {
            let item = hit.item
            let m = metrics(item)
            if json {
                out.write(JSONLine.encode(TaggedItemJSON(item: item, metrics: m)) + "\n")
                continue
            }
            var labels: [String] = [item.category ?? "-"]
            if !item.tags.isEmpty { labels.append("#" + item.tags.joined(separator: " #")) }
            out.write("\n\(item.id)  \(labels.joined(separator: "  "))\n")
            if !item.keywordPaths.isEmpty { out.write("  kw: \(item.keywordPaths.joined(separator: ", "))\n") }
            out.write(String(format: "  内容度 %.3f  相关度 %.1f  影响度 %.3f\n", m.content, m.relevance, m.influence))
            out.write("  \(TagCLI.excerpt(item.text))\n")
        }
    }
}

/// `hudong reply`: answers inbound messages from an interaction menu (交互菜单).
struct ReplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply",
        abstract: "Answer inbound messages from an interaction menu (keys and keywords → replies and actions).",
        discussion: """
            With TEXT, answers that one message. Without, reads standard input: one message a line; \
            a line that is a JSON object ({"from": "fan_1", "text": "1"}, or a feed item) is answered \
            in the conversation of its `from`, other lines in one conversation. JSON input gets JSON \
            output: from, reply, action, input, menu, matched.
            Example: hudong reply --menu corpora/taxonomy/menu.yaml 我要报修
            """
    )

    @Option(name: .long, help: "The menu file (YAML), e.g. corpora/taxonomy/menu.yaml.") var menu: String
    @Flag(name: .long, help: "Print JSON lines even for plain-text input.") var json = false
    @Argument(help: "The message (else: standard input, one message a line).") var text: [String] = []

    func run() throws {
        let responder: MenuResponder
        do {
            responder = try MenuResponder(menu: InteractionMenu.load(path: menu))
        } catch {
            StandardError.write("hudong reply: \(error)\n")
            throw ExitCode(2)
        }
        var out = StandardOutput()
        defer { out.flush() }
        var sessions: [String: MenuSession] = [:]
        func answer(_ message: String, from: String?, asJSON: Bool) {
            let key = from ?? ""
            var session = sessions[key] ?? MenuSession()
            let reply = responder.respond(to: message, from: from, session: &session)
            sessions[key] = session
            if asJSON || json {
                out.write(JSONLine.encode(ReplyJSON(from: from, reply: reply)) + "\n")
            } else {
                out.write(reply.text + (reply.action.map { "\n[action: \($0)\(reply.input.map { " \($0)" } ?? "")]" } ?? "") + "\n\n")
            }
        }
        if !text.isEmpty {
            answer(text.joined(separator: " "), from: nil, asJSON: false)
            return
        }
        let decoder = JSONDecoder()
        let reader = LineReader()
        while let line = try reader.next() {
            let trimmed = line.text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if trimmed.hasPrefix("{"), let message = try? decoder.decode(InboundMessage.self, from: Data(trimmed.utf8)) {
                answer(message.text, from: message.from, asJSON: true)
            } else {
                answer(trimmed, from: nil, asJSON: false)
            }
            out.flush()
        }
    }
}

/// One inbound message of `hudong reply`'s JSON input (extra fields of a feed item are ignored).
struct InboundMessage: Decodable {
    var from: String?
    var text: String
}

/// The JSON answer of `hudong reply`.
struct ReplyJSON: Encodable {
    var from: String?
    var reply: String
    var action: String?
    var input: String?
    var menu: String
    var matched: String

    init(from: String?, reply: MenuReply) {
        self.from = from
        self.reply = reply.text
        self.action = reply.action
        self.input = reply.input
        self.menu = reply.menu
        self.matched = reply.matched
    }
}

/// One node of `hudong tree --json`.
struct TreeRowJSON: Encodable {
    var path: String
    var depth: Int
    var count: Int
    var inTaxonomy: Bool

    init(_ row: KeywordTreeRow) {
        path = row.path
        depth = row.depth
        count = row.count
        inTaxonomy = row.inTaxonomy
    }
}

/// An item with its metrics, for `hudong tag --json`: a feed line plus `metrics`.
struct TaggedItemJSON: Encodable {
    var item: Item
    var metrics: ContentMetrics

    func encode(to encoder: any Encoder) throws {
        try item.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(metrics, forKey: .metrics)
    }

    enum Key: String, CodingKey { case metrics }
}

/// Helpers the tagging commands share.
enum TagCLI {
    /// Parses the query words (empty: everything); a syntax error exits with status 2.
    static func parse(_ words: [String], command: String) throws -> ParsedQuery {
        let text = words.joined(separator: " ")
        do {
            return try QueryParser().parse(text)
        } catch {
            StandardError.write("hudong \(command): \(error)\n")
            throw ExitCode(2)
        }
    }

    static func shown(_ words: [String]) -> String { words.isEmpty ? "*" : words.joined(separator: " ") }

    /// `35064` → `35,064`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    /// The first 60 characters of a text, on one line.
    static func excerpt(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 60 ? String(flat.prefix(60)) + "…" : flat
    }

    /// Prints labels with counts and shares, or JSON lines.
    static func printCounts(_ counts: [LabelCount], items: Int, unlabelled: (Int, String), title: String, query: [String], json: Bool) {
        var out = StandardOutput()
        defer { out.flush() }
        if json {
            for c in counts { out.write(JSONLine.encode(["label": c.label, "count": String(c.count)]) + "\n") }
            return
        }
        out.write("\(title) · \(items) item\(items == 1 ? "" : "s") match `\(shown(query))`\n")
        let rows = counts.map { ($0.label, $0.count) } + (unlabelled.0 > 0 ? [(unlabelled.1, unlabelled.0)] : [])
        let width = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        let countWidth = rows.map { grouped($0.1).count }.max() ?? 1
        for (label, count) in rows {
            let c = grouped(count)
            let share = items > 0 ? String(format: "%5.1f%%", Double(count) * 100 / Double(items)) : ""
            out.write(DisplayWidth.padded(label, to: width + 2) + String(repeating: " ", count: countWidth - c.count) + c + "  " + share + "\n")
        }
    }
}
