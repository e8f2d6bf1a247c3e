import ArgumentParser
import Foundation
import HudongIndex
import HudongREPL
import HudongText

/// `hudong run`: the main job over the bundled corpora, with a summary of what it found.
///
/// Ingests the bundled feeds, then shows the index at work on queries a brand team asks.
/// Steps from the other capabilities (tagging, routing, listening) join as they land.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the main job on the bundled corpora and print a summary."
    )

    @Option(help: "The corpora folder.")
    var corpora = "corpora"

    @Option(name: .long, help: "Threads for analysis.")
    var threads = 2

    func run() throws {
        let dictionary = "\(corpora)/userdict.txt"
        let analyzer = try AnalyzerOptions(dictionaries: FileManager.default.fileExists(atPath: dictionary) ? [dictionary] : []).makeAnalyzer()
        let index = ConcurrentSearchIndex(SearchIndex(analyzer: analyzer))
        var out = StandardOutput()
        defer { out.flush() }
        let feeds: [(String, FeedFormat)] = [
            ("\(corpora)/feeds/sample.jsonl", .jsonLines),
            ("\(corpora)/reviews_zh.txt", .plainText),
            ("\(corpora)/manpages_zh_TW.txt", .plainText),
        ]
        let progress = Terminal.isInteractive(fd: 2)
        let started = ContinuousClock.now
        var total = 0, rejected = 0, bytes = 0
        for (path, format) in feeds where FileManager.default.fileExists(atPath: path) {
            var reader = try FeedReader(path: path, format: format)
            var batch: [Item] = []
            var fileItems = 0
            while let entry = reader.next() {
                switch entry {
                case let .item(item, _):
                    batch.append(item)
                    bytes += item.text.utf8.count
                    if batch.count == 4096 {
                        index.add(batch, threads: threads)
                        fileItems += batch.count
                        batch.removeAll(keepingCapacity: true)
                        if progress { StandardError.write("\r  ingesting \(path): \(fileItems) items") }
                    }
                case let .error(error):
                    rejected += 1
                    StandardError.write("hudong: \(error)\n")
                }
            }
            index.add(batch, threads: threads)
            fileItems += batch.count
            StandardError.write("\(progress ? "\r" : "")  ingested \(path): \(fileItems) items          \n")
            total += fileItems
        }
        let seconds = Self.seconds(ContinuousClock.now - started)
        out.write("Hudong main job\n")
        out.write("ingest: \(total) items, \(String(format: "%.1f", Double(bytes) / 1e6)) MB of text in \(String(format: "%.2f", seconds)) s (\(String(format: "%.1f", Double(bytes) / 1e6 / seconds)) MB/s, \(threads) threads); \(rejected) lines rejected\n")
        let snapshot = index.snapshot
        out.write("index: \(snapshot.terms.count) terms (\(snapshot.terms.bigramCount) CJK bigrams), \(String(format: "%.1f", Double(snapshot.postings.memoryBytes) / 1e6)) MB of postings\n")
        let demo = [
            "清华",                                  // a 2-character word inside longer words
            "酒店 服务 -差",                          // AND with NOT
            "\"性价比很高\"",                         // phrase
            "房间 NEAR/3 干净",                       // proximity
            "檔案",                                  // Traditional query, Simplified posts too
            "channel:weibo 书",                      // field filter
        ]
        for query in demo {
            let parsed = try QueryParser().parse(query)
            let t0 = ContinuousClock.now
            let results = QueryExecutor.search(parsed, in: snapshot, options: SearchOptions(limit: 2))
            let ms = Self.seconds(ContinuousClock.now - t0) * 1000
            out.write("\nsearch \(query)  →  \(results.totalHits) hits in \(String(format: "%.2f", ms)) ms\n")
            for hit in results.hits {
                out.write("  \(hit.item.id)  \(Snippet.make(hit.item.text, highlights: hit.highlights, color: false, width: 60))\n")
            }
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
