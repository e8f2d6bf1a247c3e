import ArgumentParser
import Foundation
import HudongListening
import HudongText

/// `hudong-bench listen`: keyword-scanner throughput over a corpus, one document a line.
///
/// Reads the keywords (one a line: the list `aho_bench.py --dump-keywords` wrote, so both tools
/// scan for the same words) and the corpus, builds the folding tables and then the automaton
/// (timed apart: `fold_table_s`, `build_s`), warms up, then times `KeywordScanner.scan` over every
/// line, `--repeat` times (folding, noise removal, matching and offset resolution all inside the
/// timing). Prints `RESULT {json}` with the peers' field names; `mb_per_s` counts UTF-8 bytes of
/// the lines. Every run must find the same number of matches; `--check` also compares every
/// line with `ReferenceScanner` (slow).
struct ListenBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Time Hudong's keyword scanner (listening) over a corpus."
    )

    @Option(help: "Keywords, one a line (e.g. from aho_bench.py --dump-keywords).")
    var keywords: String

    @Option(help: "Corpus, one document a line (default: corpora/reviews_zh.txt).")
    var input: String = ListenBench.repositoryPath("corpora/reviews_zh.txt")

    @Option(name: .customLong("repeat"), help: "Timed passes over the corpus; best and median are reported.")
    var repetitions: Int = 5

    @Flag(help: "Time only folding into the scanner's view (no matching), to see where the time goes.")
    var foldOnly = false

    @Flag(help: "Compare every line's matches with the brute-force ReferenceScanner (untimed).")
    var check = false

    func run() throws {
        let words = try String(contentsOfFile: keywords, encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let text = try String(contentsOfFile: input, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let bytes = lines.reduce(0) { $0 + $1.utf8.count }

        let clock = ContinuousClock()
        var start = clock.now
        let folding = try ScanFolding.standard()
        let tableSeconds = seconds(clock.now - start)
        let scanKeywords = words.map { ScanKeyword($0) }
        start = clock.now
        let scanner = try KeywordScanner(keywords: scanKeywords, folding: folding)
        let buildSeconds = seconds(clock.now - start)

        var buffers = ScanBuffers()
        var warm = 0
        for line in lines.prefix(2000) {
            scanner.scan(line, into: &buffers)
            warm &+= buffers.matches.count
        }
        var runs: [Double] = []
        var counts: Set<Int> = []
        for _ in 0..<max(1, repetitions) {
            let begin = clock.now
            var found = 0
            if foldOnly {
                var view = FoldedView()
                for line in lines {
                    folding.fold(line, into: &view)
                    found &+= view.count
                }
            } else {
                for line in lines {
                    scanner.scan(line, into: &buffers)
                    found &+= buffers.matches.count
                }
            }
            runs.append(seconds(clock.now - begin))
            counts.insert(found)
        }
        guard counts.count == 1, let matches = counts.first else {
            throw ValidationError("match counts differ between runs: \(counts.sorted())")
        }
        var checked = false
        if check {
            let reference = ReferenceScanner(keywords: scanKeywords, folding: folding.folding)
            for (number, line) in lines.enumerated() {
                scanner.scan(line, into: &buffers)
                guard buffers.matches == reference.matches(in: line) else {
                    throw ValidationError("line \(number + 1): scanner and reference differ")
                }
            }
            checked = true
        }
        runs.sort()
        let best = runs[0]
        let median = runs[runs.count / 2]
        let stats = scanner.statistics
        let result: [String: Any] = [
            "tool": "hudong", "keywords": words.count, "docs": lines.count, "input_mb": Double(bytes) / 1e6,
            "matches": matches, "checked_against_reference": checked,
            "fold_table_s": tableSeconds, "build_s": buildSeconds,
            "states": stats.states, "slots": stats.slots, "classes": stats.classes,
            "automaton_bytes": stats.memoryBytes, "fold_table_bytes": 0x10000 * 2 + 0x10000 * 4 + 0x10000 / 8,
            "runs": runs.count, "scan_s": best, "median_s": median,
            "mb_per_s": Double(bytes) / 1e6 / best, "median_mb_per_s": Double(bytes) / 1e6 / median,
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .withoutEscapingSlashes])
        print("RESULT " + String(decoding: json, as: UTF8.self))
    }

    /// A path under the repository root, found from this source file's location.
    static func repositoryPath(_ relative: String) -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() } // …/Benchmarks/Sources/hudong-bench/ListenBench.swift
        return url.appendingPathComponent(relative).path
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
