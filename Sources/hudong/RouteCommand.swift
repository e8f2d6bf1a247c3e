import ArgumentParser
import Foundation
import HudongIndex
import HudongRouting
import HudongText

/// `hudong route`: streams a feed through the exit index and prints each post's delivery list.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Route each post of a feed to the fans whose subscriptions it matches, strongest relationship first.",
        discussion: """
            Reads JSON Lines items (corpora/feeds/FORMAT.md) from FEED or standard input (`-`). \
            Messages (type: message, with direction and from/to) update relationship strength as \
            they arrive; posts are matched and routed. Everything follows the items' own times, so \
            a replay gives the same deliveries. The subscribers file (YAML or JSON Lines) and the \
            relationship stages: corpora/routing/README.md. Bad feed lines go to standard error.
            """
    )

    @Option(name: .long, help: "The subscribers file: .yaml/.yml or .jsonl.")
    var subscribers: String

    @Option(name: .long, help: "Message history (JSON Lines feed) read before the feed; repeatable.")
    var messages: [String] = []

    @Option(name: .long, help: "A sample feed whose key frequencies steer the pre-filter (default: the message history's texts).")
    var sample: [String] = []

    @Option(name: .long, help: "A user dictionary: one term a line, optional weight and tag.")
    var dict: [String] = []

    @Flag(name: .long, help: "Print one JSON line per delivery (the summary goes to standard error).")
    var json = false

    @Flag(name: .long, help: "Also print matches held back (capped, no channel, category not opted in).")
    var showSkipped = false

    @Option(name: .long, help: "Fans in the summary's top list.")
    var top = 10

    @Argument(help: "The feed (JSON Lines); - or nothing for standard input.")
    var feed: String?

    func run() throws {
        let started = ContinuousClock.now
        let analyzer: Analyzer
        let loaded: Subscribers
        do {
            analyzer = try AnalyzerOptions(dictionaries: dict).makeAnalyzer()
            loaded = try Subscribers.load(path: subscribers)
        } catch {
            StandardError.write("hudong route: \(error)\n")
            throw ExitCode(2)
        }
        let itemMatcher = ItemMatcher(analyzer: analyzer)
        var book = RelationshipBook()
        var statistics = KeyStatistics()
        for path in messages {
            try read(path) { item in
                if item.type == .message { book.record(item) }
                if sample.isEmpty { statistics.add(itemMatcher.prepare(item), matcher: itemMatcher) }
            }
        }
        for path in sample {
            try read(path) { statistics.add(itemMatcher.prepare($0), matcher: itemMatcher) }
        }
        var router = Router(subscribers: loaded, matcher: itemMatcher, statistics: statistics, relationships: book)
        let built = ContinuousClock.now
        var out = StandardOutput()
        let printer = RoutePrinter(subscribers: loaded, json: json, showSkipped: showSkipped)
        try read(feed ?? "-") { item in
            guard let routed = router.take(item) else { return }
            printer.print(routed, to: &out)
        }
        let finished = ContinuousClock.now
        let text = printer.summary(router, buildTime: built - started, routeTime: finished - built, top: top)
        if json {
            out.flush()
            StandardError.write(text)
        } else {
            out.write(text)
        }
        out.flush()
    }

    /// Streams the items of a feed (a path or `-`), reporting bad lines on standard error.
    private func read(_ path: String, _ body: (Item) throws -> Void) throws {
        var reader: FeedReader
        if path == "-" {
            reader = FeedReader(LineReader())
        } else {
            do { reader = try FeedReader(path: path) } catch {
                StandardError.write("hudong route: \(error)\n")
                throw ExitCode(2)
            }
        }
        var reported = 0
        while let entry = reader.next() {
            switch entry {
            case let .item(item, _): try body(item)
            case let .error(error): StandardError.write("hudong route: \(error)\n")
            }
            for warning in reader.warnings.dropFirst(reported) { StandardError.write("hudong route: \(warning)\n") }
            reported = reader.warnings.count
        }
    }
}
