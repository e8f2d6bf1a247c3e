import ArgumentParser
import Foundation
import HudongIndex
import HudongListening
import HudongText

/// `hudong listen`: scans a feed against a watchlist, streams alerts, ends with a summary table.
struct ListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Scan a feed for watchlist terms; print alerts as they fire and a summary at the end.",
        discussion: """
            Reads JSON Lines items (corpora/feeds/FORMAT.md) from FEED or standard input (`-`). \
            Windows, baselines and cooldowns follow the items' own times, so a replay gives the \
            same alerts. Bad feed lines are reported on standard error (file:line: reason) and \
            skipped. The watchlist format and the alert formulas: corpora/listening/README.md.
            """
    )

    @Option(name: .long, help: "The watchlist (YAML).")
    var watch: String

    @Flag(name: .long, help: "Print alerts and the final summary as JSON lines.")
    var json = false

    @Option(name: .long, help: "Also write every alert as a JSON line to this file.")
    var alerts: String?

    @Option(name: .long, help: "Entries in the summary's top lists.")
    var top = 10

    @Argument(help: "The feed (JSON Lines); - or nothing for standard input.")
    var feed: String?

    func run() throws {
        let listener: Listener
        do {
            let watchlist = try Watchlist.load(path: watch)
            listener = Listener(matcher: try WatchlistMatcher(watchlist: watchlist, folding: try ScanFolding.standard()))
        } catch {
            StandardError.write("hudong listen: \(error)\n")
            throw ExitCode(2)
        }
        var reader: FeedReader
        if let feed, feed != "-" {
            do { reader = try FeedReader(path: feed) } catch {
                StandardError.write("hudong listen: \(error)\n")
                throw ExitCode(2)
            }
        } else {
            reader = FeedReader(LineReader())
        }
        var alertFile: FileHandle?
        if let alerts {
            guard FileManager.default.createFile(atPath: alerts, contents: nil), let handle = FileHandle(forWritingAtPath: alerts) else {
                StandardError.write("hudong listen: cannot write \(alerts)\n")
                throw ExitCode(2)
            }
            alertFile = handle
        }
        defer { try? alertFile?.close() }
        var state = listener
        var output = StandardOutput()
        var skipped = 0
        var warned = 0
        while let entry = reader.next() {
            switch entry {
            case let .item(item, _):
                for alert in state.ingest(item) {
                    let line = JSONLine.encode(alert)
                    output.write(json ? line + "\n" : ListenCommand.describe(alert) + "\n")
                    output.flush()
                    alertFile?.write(Data((line + "\n").utf8))
                }
            case let .error(error):
                skipped += 1
                StandardError.write("hudong listen: \(error)\n")
            }
            for warning in reader.warnings.dropFirst(warned) { StandardError.write("hudong listen: \(warning)\n") }
            warned = reader.warnings.count
        }
        let summary = state.summary(top: top)
        if json {
            output.write(JSONLine.encode(SummaryLine(summary: summary, skippedLines: skipped)) + "\n")
        } else {
            output.write(ListenCommand.table(summary, skipped: skipped))
        }
        output.flush()
    }

    /// One human-readable line for an alert.
    static func describe(_ alert: Alert) -> String {
        let samples = alert.samples.isEmpty ? "" : " — samples: " + alert.samples.joined(separator: ", ")
        return "ALERT \(alert.kind.rawValue) [\(alert.key)] \(alert.reason)\(samples)"
    }

    /// The JSON form of the summary, tagged so a reader can tell it from alerts.
    struct SummaryLine: Encodable {
        let summary: ListeningSummary
        let skippedLines: Int
    }
}

extension ListenCommand {
    /// The end-of-stream summary as aligned text: totals, one row per topic, top terms.
    static func table(_ summary: ListeningSummary, skipped: Int) -> String {
        var text = "\n"
        let span = [summary.from, summary.to].compactMap { $0 }.joined(separator: " … ")
        text += "items \(summary.items) (with a mention \(summary.mentionedItems), without time \(summary.untimedItems), "
            + "late \(summary.lateItems), bad lines skipped \(skipped))\(span.isEmpty ? "" : ", \(span)")\n\n"
        var rows = [["topic", "mentions", "negative", "first-hand", "relayed", "peak window", "peak", "alerts"]]
        for topic in summary.topics {
            rows.append([topic.name, "\(topic.mentions)", "\(topic.negative)", "\(topic.firstHand)", "\(topic.relayed)",
                         topic.peak?.from ?? "-", topic.peak.map { "\($0.count)" } ?? "-", "\(topic.alerts)"])
        }
        text += aligned(rows)
        var terms = [["topic", "term", "count"]]
        var places = [["topic", "top cities", "top channels"]]
        for topic in summary.topics where topic.mentions > 0 {
            for term in topic.terms { terms.append([topic.name, term.name, "\(term.count)"]) }
            places.append([topic.name,
                           topic.cities.prefix(3).map { "\($0.name) \($0.count)" }.joined(separator: ", "),
                           topic.channels.prefix(3).map { "\($0.name) \($0.count)" }.joined(separator: ", ")])
        }
        if terms.count > 1 { text += "\n" + aligned(terms) }
        if places.count > 1 { text += "\n" + aligned(places) }
        text += "\nalerts: \(summary.alerts)\n"
        return text
    }

    /// Rows as columns padded to the widest cell (CJK characters count two columns); numbers right-aligned.
    static func aligned(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], width(cell)) } }
        var text = ""
        for row in rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - width(cell))
                let numeric = !cell.isEmpty && cell.allSatisfy(\.isNumber)
                line += numeric ? padding + cell : cell + (index == row.count - 1 ? "" : padding)
                if index < row.count - 1 { line += "  " }
            }
            text += line + "\n"
        }
        return text
    }

    /// Terminal columns of `text`: two for East Asian wide characters, one otherwise.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
                || (0x20000...0x3FFFD).contains(value)
            return total + (wide ? 2 : 1)
        }
    }
}
