import ArgumentParser
import Foundation
import Hudong
import HudongIndex
import HudongREPL
import HudongTagging
import HudongText

/// `hudong run`: the main job over the bundled corpora, a summary, then the REPL on a terminal.
///
/// Ingests the bundled feeds through one engine (analysis once per item, index, listening),
/// prints what it found — counts, top keywords, alerts — and shows the index on queries a
/// brand team asks. On a terminal it then opens the REPL over the same engine.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the main job on the bundled corpora, print a summary, then open the REPL on a terminal."
    )

    @Option(help: "The corpora folder.")
    var corpora = "corpora"

    @Option(name: .long, help: "Threads for analysis.")
    var threads = 2

    @Flag(name: .long, help: "Print the summary and exit, even on a terminal.")
    var noRepl = false

    @OptionGroup var store: DataOptions

    func run() throws {
        let file = { (path: String) in FileManager.default.fileExists(atPath: "\(corpora)/\(path)") ? "\(corpora)/\(path)" : nil }
        let engine = try store.openEngine(dictionaryFiles: [file("userdict.txt")].compactMap { $0 }, threads: threads, command: "run")
        // A data directory that already holds items was filled by an earlier run (or ingest):
        // its items are used as they are; the capabilities below replay them as they attach.
        let recovered = engine.stats().liveItems
        if let taxonomy = file("taxonomy/taxonomy.yaml") { try engine.attachTaxonomy(path: taxonomy) }
        if let watchlist = file("listening/watchlist.yaml") { try engine.attachWatchlist(path: watchlist) }
        if let subscribers = file("routing/subscribers.yaml") {
            try engine.attachSubscribers(path: subscribers, messages: [file("routing/messages.jsonl")].compactMap { $0 })
        }
        let interactive = Terminal.isInteractive(fd: 0) && Terminal.isInteractive(fd: 1)
        let progress = Terminal.isInteractive(fd: 2)
        var out = StandardOutput()
        out.write("Hudong main job over \(corpora)/\n\n")
        out.flush()

        // 1. Ingest: analyze once, index, listen.
        var total = Engine.IngestReport()
        let feeds = recovered > 0 ? [] : ["feeds/sample.jsonl", "listening/feed.jsonl", "reviews_zh.txt", "manpages_zh_TW.txt"].compactMap(file)
        if recovered > 0 {
            StandardError.write("  \(recovered) items recovered from \(store.data ?? ""): the corpora are not ingested again\n")
            total.alerts = engine.listeningState?.alerts ?? []
        }
        for path in feeds {
            let report = try engine.ingest(path: path) { items in
                if progress { StandardError.write("\r  ingesting \(path): \(items) items") }
                return true
            }
            StandardError.write("\(progress ? "\r" : "")  ingested \(path): \(report.items) items, \(report.errors.count) lines rejected          \n")
            for error in report.errors.prefix(3) { StandardError.write("    \(error)\n") }
            total.items += report.items
            total.bytes += report.bytes
            total.seconds += report.seconds
            total.errors += report.errors
            total.alerts += report.alerts
        }
        // The bulk load is done: lay the posting lists out in one piece each and code the
        // texts (what a restart from a snapshot gives), giving back the unused ends of the
        // lists' slices and a third of the text's bytes.
        if !feeds.isEmpty { engine.index.write { [threads] in $0.pack(threads: threads) } }
        let stats = engine.stats()
        if recovered > 0 {
            out.write("data     \(stats.liveItems) items recovered from \(store.data ?? "") (not ingested again)\n")
        } else {
            out.write("ingest   \(total.items) items, \(String(format: "%.1f", Double(total.bytes) / 1e6)) MB of text in \(String(format: "%.1f", total.seconds)) s "
                  + "(\(String(format: "%.1f", Double(total.bytes) / 1e6 / max(total.seconds, 0.001))) MB/s, \(threads) threads); \(total.errors.count) lines rejected\n")
        }
        out.write("index    \(stats.terms) terms (\(stats.bigrams) CJK bigrams), \(String(format: "%.1f", Double(stats.postingBytes) / 1e6)) MB of postings; "
                  + "\(String(format: "%.1f", Double(stats.memory.total) / 1e6)) MB in all"
                  + (stats.textBytes > 0 ? String(format: " (%.1f× the text)", Double(stats.memory.total) / Double(stats.textBytes)) : "") + "\n")

        // 2. Tagging: the top of the keyword tree.
        if engine.taggingState != nil {
            let all = ParsedQuery(root: .matchAll)
            let (items, rows) = engine.index.read { Navigation.keywordTree(all, in: $0, taxonomy: engine.taggingState?.taxonomy, maxDepth: 2) }
            let (_, uncategorized, categories) = engine.index.read { Navigation.categories(all, in: $0) }
            out.write("tag      \(items - uncategorized) of \(items) items categorized: " + categories.prefix(6).map { "\($0.label) \($0.count)" }.joined(separator: ", ") + "\n")
            out.write("         keyword tree: " + rows.filter { $0.depth == (rows.map(\.depth).min() ?? 0) }.sorted { $0.count > $1.count }.prefix(6).map { "\($0.name) \($0.count)" }.joined(separator: ", ") + "\n")
        }

        // 3. Listening: alerts and what was mentioned.
        if let listening = engine.listeningState {
            let summary = listening.summary(top: 5)
            out.write("listen   \(summary.mentionedItems) of \(summary.items) items mention a watched topic; \(total.alerts.count) alerts\n")
            for topic in summary.topics where topic.mentions > 0 {
                let terms = topic.terms.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
                out.write("         \(topic.name): \(topic.mentions) mentions, \(topic.negative) negative — \(terms)\n")
            }
            for alert in total.alerts.prefix(8) {
                out.write("  ALERT  \(alert.kind.rawValue) [\(alert.key)] \(alert.reason)\n")
            }
            if total.alerts.count > 8 { out.write("  … and \(total.alerts.count - 8) more (`alerts` in the REPL)\n") }
        }

        // 4. Routing: who received what.
        if let routing = engine.routingState {
            let c = routing.counts
            out.write("route    \(c.posts) posts matched against \(c.subscriptions) subscriptions of \(c.fans) fans: \(c.deliveries) deliveries\n")
        }

        // 5. Search: what the index does that a segmenter-gated index does not.
        let demo = [
            "清华",                    // a 2-character word inside longer words (清华大学)
            "酒店 服务 -差",            // AND with NOT
            "\"性价比很高\"",           // phrase
            "房间 NEAR/3 干净",         // proximity
            "檔案",                    // a Traditional query finds Traditional and Simplified text
            "channel:weibo 酒店",      // field filter
        ]
        out.write("\nsearch\n")
        for query in demo {
            let started = ContinuousClock.now
            let results = try engine.search(query, options: SearchOptions(limit: 1))
            let ms = Double((ContinuousClock.now - started).components.attoseconds) / 1e15
            out.write("  \(query.padding(toLength: 18, withPad: " ", startingAt: 0)) \(results.totalHits) hits in \(String(format: "%.2f", ms)) ms")
            if let hit = results.hits.first {
                out.write("  e.g. \(hit.item.id): \(Snippet.make(hit.item.text, highlights: hit.highlights, color: false, width: 40))")
            }
            out.write("\n")
        }
        out.flush()

        // 6. The REPL, on a terminal.
        if interactive, !noRepl {
            print("")
            Interrupt.install()
            var settings = ReplSession.Settings()
            settings.color = true
            let session = ReplSession(engine: engine, settings: settings)
            session.isCancelled = { Interrupt.flag.load(ordering: .relaxed) }
            _ = ReplLoop.run(session, interactive: true)
        }
        try store.close(engine, command: "run")
    }
}
