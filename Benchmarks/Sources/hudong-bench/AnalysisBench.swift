import ArgumentParser
import Foundation
import HudongText

/// `hudong-bench analysis`: analysis throughput over a corpus, one document a line.
///
/// Reads the corpus and builds the analyzer (ICU warmed up) before the clock starts; then times
/// `Analyzer.analyze` over every line, `--repeat` times, and prints the best and median runs as
/// `RESULT {json}` with the same fields as the peers (`mb_per_s` counts UTF-8 bytes of the lines,
/// newlines excluded, as `../shared/peers/common.py` does). Every run must produce the same
/// token count, or the command fails.
struct AnalysisBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analysis",
        abstract: "Time Hudong's analysis (fold, segment, dictionary, tokens) over a corpus."
    )

    enum Stage: String, ExpressibleByArgument, CaseIterable {
        /// The whole pipeline: `Analyzer.analyze`.
        case analyze
        /// Folding only (NFKC + case + Traditional → Simplified), into `NormalizedText`.
        case fold
        /// Folding and segmentation into spans, no `Token`s.
        case segment
        /// Bare ICU word break over the UTF-16 of each line (no folding, dictionary or entities): the in-process reference.
        case icu
    }

    @Option(help: "Corpus, one document a line (default: corpora/reviews_zh.txt).")
    var input: String = AnalysisBench.repositoryPath("corpora/reviews_zh.txt")

    @Option(help: "User dictionary file (default: corpora/userdict.txt; `none` for no dictionary).")
    var dict: String = AnalysisBench.repositoryPath("corpora/userdict.txt")

    @Option(help: "Optional fixed lexicon (jieba's dict.txt format), a second dictionary layer.")
    var lexicon: String?

    @Option(help: "Pipeline stage to time.")
    var stage: Stage = .analyze

    @Option(name: .customLong("repeat"), help: "Timed passes over the corpus; best and median are reported.")
    var repetitions: Int = 3

    @Option(help: "Threads analyzing disjoint shares of the lines with one shared analyzer.")
    var threads: Int = 1

    @Option(help: "Fail unless the token count equals this.")
    var expectTokens: Int?

    @Option(help: "Write each line's segmentation here (surface words, space-joined; characters between tokens one by one), for seg_eval.py --extra, then exit without timing.")
    var segmentOut: String?

    func run() async throws {
        let analyzer = try makeAnalyzer()
        let text = try String(contentsOfFile: input, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let segmentOut {
            try writeSegmentation(analyzer, lines, to: segmentOut)
            return
        }
        let bytes = lines.reduce(0) { $0 + $1.utf8.count }
        // Warm-up: ICU's dictionary, the folding tables and the allocator, outside the timing.
        var warm = 0
        for line in lines.prefix(2000) { warm &+= analyzer.analyze(line).tokens.count }
        precondition(warm > 0, "warm-up produced no tokens")

        var seconds: [Double] = []
        var cpuSeconds: [Double] = []
        var tokenCounts: Set<Int> = []
        for _ in 0..<max(1, repetitions) {
            let clock = ContinuousClock()
            let cpuStart = Self.processCPUTime()
            let start = clock.now
            let count = threads <= 1 ? Self.run(stage, analyzer, lines[...]) : await runThreaded(analyzer, lines)
            let elapsed = clock.now - start
            cpuSeconds.append(Self.processCPUTime() - cpuStart)
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            tokenCounts.insert(count)
        }
        cpuSeconds.sort()
        guard tokenCounts.count == 1, let tokens = tokenCounts.first, tokens > 0 else {
            throw ValidationError("token counts differ between runs or are zero: \(tokenCounts.sorted())")
        }
        if let expectTokens, expectTokens != tokens {
            throw ValidationError("expected \(expectTokens) tokens, got \(tokens)")
        }
        seconds.sort()
        let best = seconds[0]
        let median = seconds[seconds.count / 2]
        let result: [String: Any] = [
            "tool": "hudong", "stage": stage.rawValue, "threads": threads, "icu_version": icuVersion,
            "docs": lines.count, "input_mb": Double(bytes) / 1e6, "tokens": tokens,
            "dictionary_terms": analyzer.userDictionary?.count ?? 0, "lexicon": lexicon ?? "",
            "runs": seconds.count, "seg_s": best, "median_s": median,
            "mb_per_s": Double(bytes) / 1e6 / best, "median_mb_per_s": Double(bytes) / 1e6 / median,
            "docs_per_s": Double(lines.count) / best,
            // CPU time of the process: less sensitive than wall time to other jobs on a shared machine.
            "cpu_s": cpuSeconds[0], "cpu_mb_per_s": Double(bytes) / 1e6 / cpuSeconds[0],
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .withoutEscapingSlashes])
        print("RESULT " + String(decoding: json, as: UTF8.self))
    }

    private func makeAnalyzer() throws -> Analyzer {
        let dictionary = dict == "none" ? try UserDictionary() : try UserDictionary.load(path: dict)
        let trie = try lexicon.map { path throws -> DictionaryTrie in try Lexicon.load(path: path) }
        return try Analyzer.chinese(userDictionary: dictionary, lexicon: trie)
    }

    /// Runs one stage over `lines`; returns the number of tokens (spans for `segment`, units for `fold`).
    static func run(_ stage: Stage, _ analyzer: Analyzer, _ lines: ArraySlice<String>) -> Int {
        var count = 0
        switch stage {
        case .analyze:
            // The full tokens, terms and offsets built (as a peer segmenter returns its words).
            for line in lines { count &+= analyzer.analyze(line).tokens.count }
        case .fold:
            for line in lines { count &+= analyzer.folding.apply(line).units.count }
        case .segment:
            for line in lines { count &+= analyzer.segmenter.segment(analyzer.folding.apply(line)).count }
        case .icu:
            guard let segmenter = analyzer.segmenter as? ChineseWordSegmenter else { return 0 }
            for line in lines { count &+= segmenter.countWordBreakSegments(NormalizedText(line)) }
        }
        return count
    }

    private func runThreaded(_ analyzer: Analyzer, _ lines: [String]) async -> Int {
        let stage = self.stage
        let share = (lines.count + threads - 1) / threads
        return await withTaskGroup(of: Int.self) { group in
            for t in 0..<threads {
                let slice = lines[min(lines.count, t * share)..<min(lines.count, (t + 1) * share)]
                group.addTask { Self.run(stage, analyzer, slice) }
            }
            return await group.reduce(0, +)
        }
    }

    /// Writes surfaces of the tokens, and every other non-space character on its own, space-joined.
    private func writeSegmentation(_ analyzer: Analyzer, _ lines: [String], to path: String) throws {
        var out = ""
        out.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count } * 2)
        for line in lines {
            let scalars = Array(line.unicodeScalars)
            var words: [String] = []
            var at = 0
            func gap(upTo end: Int) {
                while at < end {
                    let s = scalars[at]
                    if !s.properties.isWhitespace { words.append(String(s)) }
                    at += 1
                }
            }
            for token in analyzer.analyze(line).tokens {
                gap(upTo: token.characterRange.lowerBound)
                var word = String.UnicodeScalarView()
                word.append(contentsOf: scalars[token.characterRange])
                // A token may hold spaces (`xbox live`): its pieces are still separate words for scoring.
                words.append(contentsOf: String(word).split(whereSeparator: \.isWhitespace).map(String.init))
                at = token.characterRange.upperBound
            }
            gap(upTo: scalars.count)
            out += words.joined(separator: " ")
            out += "\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// CPU seconds used by this process so far (user + system).
    static func processCPUTime() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// A path under the repository root, found from this source file's location.
    static func repositoryPath(_ relative: String) -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() } // …/Benchmarks/Sources/hudong-bench/AnalysisBench.swift
        return url.appendingPathComponent(relative).path
    }
}
