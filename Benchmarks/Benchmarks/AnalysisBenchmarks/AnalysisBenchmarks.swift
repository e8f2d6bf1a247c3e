import Benchmark
import HudongText

/// package-benchmark suite for analysis (`swift package benchmark --target AnalysisBenchmarks`,
/// from `Benchmarks/`): the whole reviews corpus through each stage, short posts one at a time,
/// and a live dictionary change.
///
/// Setup (reading the corpus, building the analyzer, ICU's first segmentation) runs once, outside
/// every measured closure; each benchmark checks its token count against the count computed
/// during setup, so a benchmark that stops doing its work fails instead of getting faster.
/// The custom metric `input kB/s` is UTF-8 input kilobytes per second of wall time.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 10
    )

    // ---- setup, not measured ----
    let root = repositoryRoot()
    guard let bytes = try? FileBytes.read(path: root + "corpora/reviews_zh.txt"),
          let dictionary = try? UserDictionary.load(path: root + "corpora/userdict.txt"),
          let analyzer = try? Analyzer.chinese(userDictionary: dictionary),
          let segmenter = analyzer.segmenter as? ChineseWordSegmenter else {
        Benchmark("analysis setup") { benchmark in benchmark.error("corpora/reviews_zh.txt, corpora/userdict.txt or ICU missing under \(root)") }
        return
    }
    var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let corpus = lines
    let inputBytes = corpus.reduce(0) { $0 + $1.utf8.count }
    let posts = Array(corpus.prefix(1_000))
    let expectedTokens = corpus.reduce(0) { $0 + analyzer.analyze($1).tokens.count } // also warms ICU up
    let expectedSegments = corpus.reduce(0) { $0 + segmenter.countWordBreakSegments(NormalizedText($1)) }
    let expectedPostTokens = posts.reduce(0) { $0 + analyzer.analyze($1).tokens.count }

    func report(_ benchmark: Benchmark, _ start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        benchmark.measurement(.custom("input kB/s", polarity: .prefersLarger, useScalingFactor: false), Int(Double(inputBytes) / 1e3 / seconds))
    }

    let whole = Benchmark.Configuration(metrics: Benchmark.defaultConfiguration.metrics + [.custom("input kB/s", polarity: .prefersLarger, useScalingFactor: false)])

    Benchmark("analyze reviews corpus (7.4 MB, 1 thread, starter dictionary)", configuration: whole) { benchmark in
        let start = ContinuousClock.now
        var tokens = 0
        for line in corpus { tokens &+= analyzer.analyze(line).tokens.count }
        report(benchmark, start)
        if tokens != expectedTokens { benchmark.error("\(tokens) tokens, expected \(expectedTokens)") }
        blackHole(tokens)
    }

    Benchmark("fold reviews corpus (NFKC + case + Traditional→Simplified)", configuration: whole) { benchmark in
        let start = ContinuousClock.now
        var units = 0
        for line in corpus { units &+= analyzer.folding.apply(line).units.count }
        report(benchmark, start)
        if units == 0 { benchmark.error("no units") }
        blackHole(units)
    }

    Benchmark("bare ICU word break over reviews corpus (reference)", configuration: whole) { benchmark in
        let start = ContinuousClock.now
        var segments = 0
        for line in corpus { segments &+= segmenter.countWordBreakSegments(NormalizedText(line)) }
        report(benchmark, start)
        if segments != expectedSegments { benchmark.error("\(segments) segments, expected \(expectedSegments)") }
        blackHole(segments)
    }

    Benchmark("analyze one short post (first 1,000 reviews)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var tokens = 0
        for i in benchmark.scaledIterations { tokens &+= analyzer.analyze(posts[i % posts.count]).tokens.count }
        if tokens != expectedPostTokens { benchmark.error("\(tokens) tokens, expected \(expectedPostTokens)") }
        blackHole(tokens)
    }

    Benchmark("live dictionary add + remove (starter dictionary, ~200 terms)", configuration: .init(maxIterations: 1_000)) { benchmark in
        dictionary.add("基准测试词")
        let removed = dictionary.remove("基准测试词")
        if !removed { benchmark.error("term was not added") }
        blackHole(dictionary.snapshot.version)
    }
}

/// The repository root (ending in `/`), from this file's place: `<root>/Benchmarks/Benchmarks/AnalysisBenchmarks/`.
func repositoryRoot() -> String {
    var path = String(#filePath)
    for _ in 0..<4 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
    return path + "/"
}
