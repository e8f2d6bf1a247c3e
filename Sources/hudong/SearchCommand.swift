import ArgumentParser
import Foundation
import HudongIndex
import HudongREPL
import HudongText

/// `hudong search`: index feeds in memory and run one query over them.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Index feeds in memory and run a query.",
        discussion: """
            QUERY syntax: words (ANDed), OR, NOT or -word, ( ), "phrase", a NEAR/n b (NEAR/nf: \
            in order), field:value (channel: author: city: type: direction: tag: category: \
            kw:品牌/小米 group: from: to: id:), time:2026-11-01..2026-11-07, sort:relevance|time|influence. \
            Chinese words match wherever their characters occur; Traditional and full-width forms fold.
            """
    )

    @OptionGroup var feeds: FeedOptions

    @Option(name: .long, help: "Hits to show.")
    var limit = 10

    @Option(name: .long, help: "Hits to skip (paging).")
    var offset = 0

    @Flag(name: .long, help: "Show facet counts (category, tag, kw, channel, city).")
    var facets = false

    @Flag(name: .long, help: "Show how each hit's score was made.")
    var explain = false

    @Flag(name: .long, help: "Print one JSON object with the hits.")
    var json = false

    @Argument(help: "The query.")
    var query: [String] = []

    func run() throws {
        let queryText = query.joined(separator: " ")
        let parsed: ParsedQuery
        do {
            parsed = try QueryParser().parse(queryText)
        } catch {
            StandardError.write("hudong search: \(error)\n")
            throw ExitCode(2)
        }
        let loaded = try feeds.load()
        let options = SearchOptions(limit: limit, offset: offset, facets: facets, explain: explain)
        let started = ContinuousClock.now
        let results = loaded.index.search(parsed, options: options)
        let elapsed = ContinuousClock.now - started
        var out = StandardOutput()
        defer { out.flush() }
        if json {
            out.write(JSONLine.encode(SearchResultsJSON(results, query: queryText)))
            out.write("\n")
        } else {
            out.write(SearchPrinter(color: Terminal.isInteractive(fd: 1)).render(results, elapsed: elapsed))
        }
    }
}
