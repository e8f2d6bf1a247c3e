/// One REPL command: its name, how to call it, and what it does.
public struct ReplCommandSpec: Sendable, Hashable {
    public let name: String
    public let usage: String
    public let summary: String
    public let details: String

    /// Every command, in the order `help` lists them.
    public static let all: [ReplCommandSpec] = [
        .init(name: "search", usage: "search QUERY", summary: "run a query; hits with highlights",
              details: """
              QUERY: words (ANDed), OR, NOT or -word, ( ), "phrase", a NEAR/n b (NEAR/nf: in order),
              field:value (channel: author: city: type: direction: tag: category: kw:品牌/小米 group: from: to: id:),
              time:2026-11-01..2026-11-07, sort:relevance|time|influence.
              Chinese words match wherever their characters occur; Traditional and full-width forms fold.
              `set limit N`, `set facets on`, `set explain on` change what search shows.
              """),
        .init(name: "analyze", usage: "analyze TEXT", summary: "show the tokens of a text with kinds and offsets",
              details: "Offsets count Unicode scalars (chars) and UTF-8 bytes into the original text."),
        .init(name: "explain", usage: "explain QUERY", summary: "show how a query is parsed and matched, and the score parts of the top hits",
              details: "Prints the query tree, the units each term is matched by, and BM25, recency and engagement per hit."),
        .init(name: "doc", usage: "doc ID", summary: "show one item with all its fields", details: ""),
        .init(name: "facets", usage: "facets [QUERY]", summary: "counts by category, tag, keyword path, channel and city",
              details: "Without QUERY, over every item."),
        .init(name: "stats", usage: "stats", summary: "items, terms, memory, dictionary", details: ""),
        .init(name: "dict", usage: "dict add TERM [WEIGHT] [TAG] | dict remove TERM | dict", summary: "change the live user dictionary",
              details: """
              Changes apply to the next analysis at once; nothing is re-indexed by hand (matching does not depend on segmentation).
              With --data DIR changes are journaled and come back after a restart.
              """),
        .init(name: "load", usage: "load FILE", summary: "ingest a feed (JSON Lines or plain text)",
              details: """
              Bad lines are reported with file:line and skipped. Ctrl-C stops a long load after the current batch.
              An id already indexed is replaced (upsert), not duplicated. With --data DIR each batch is journaled first.
              """),
        .init(name: "delete", usage: "delete ID [ID…]", summary: "remove items from the index and from every result",
              details: "With --data DIR the deletion is journaled first, so it survives a restart."),
        .init(name: "tree", usage: "tree [QUERY]", summary: "the keyword tree with counts", details: "Needs a taxonomy (--taxonomy FILE)."),
        .init(name: "categories", usage: "categories [QUERY]", summary: "categories with counts", details: ""),
        .init(name: "tags", usage: "tags [QUERY]", summary: "tags with counts", details: ""),
        .init(name: "subscribe", usage: "subscribe FAN QUERY", summary: "add a query subscription for a fan", details: "Needs subscribers (--subscribers FILE)."),
        .init(name: "match", usage: "match TEXT", summary: "which subscriptions a new post with TEXT would reach", details: ""),
        .init(name: "route", usage: "route ID", summary: "the delivery list of an indexed item", details: ""),
        .init(name: "watch", usage: "watch", summary: "the listening watchlist and its counts", details: "Needs a watchlist (--watch FILE)."),
        .init(name: "alerts", usage: "alerts", summary: "alerts raised so far", details: ""),
        .init(name: "set", usage: "set limit N | set facets on|off | set explain on|off | set json on|off", summary: "change output settings", details: ""),
        .init(name: "help", usage: "help [COMMAND]", summary: "list commands, or explain one", details: ""),
        .init(name: "quit", usage: "quit", summary: "leave (Ctrl-D does too)", details: ""),
    ]

    /// The spec of `name`, if it is a command.
    public static func named(_ name: String) -> ReplCommandSpec? { all.first { $0.name == name } }

    /// The command names closest to `name` (for "did you mean").
    static func closest(to name: String) -> String? {
        all.map(\.name).min { editDistance($0, name) < editDistance($1, name) }.flatMap { editDistance($0, name) <= 2 ? $0 : nil }
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
