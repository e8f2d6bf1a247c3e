import Benchmark
import HudongIndex
import HudongListening
import HudongText

/// package-benchmark suite for listening (`swift package benchmark --target ListeningBenchmarks`,
/// from `Benchmarks/`): the keyword scanner over the reviews corpus with 10 K keywords, building
/// that automaton, and the whole listening job over the scenario feed.
///
/// Setup (reading the corpus and feed, the folding tables, keyword sampling) runs once, outside
/// the measured closures. Keywords are 2–4-character Chinese substrings of the corpus drawn with a
/// fixed seed (the peer comparison with pyahocorasick is `scripts/listening-vs-peers.sh`, which
/// uses jieba words instead). Each benchmark checks its result against the count found during
/// setup, so one that stops doing its work fails instead of getting faster.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 20
    )

    // ---- setup, not measured ----
    let root = listeningRepositoryRoot()
    guard let bytes = try? FileBytes.read(path: root + "corpora/reviews_zh.txt"),
          let folding = try? ScanFolding.standard(),
          let watchlist = try? Watchlist.load(path: root + "corpora/listening/watchlist.yaml"),
          var reader = try? FeedReader(path: root + "corpora/listening/feed.jsonl") else {
        Benchmark("listening setup") { benchmark in benchmark.error("corpora or ICU missing under \(root)") }
        return
    }
    var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let corpus = lines
    let keywords = sampleKeywords(corpus, count: 10_000)
    guard let scanner = try? KeywordScanner(keywords: keywords, folding: folding),
          let matcher = try? WatchlistMatcher(watchlist: watchlist, folding: folding) else {
        Benchmark("listening setup") { benchmark in benchmark.error("could not build the scanner") }
        return
    }
    var items: [Item] = []
    while let entry = reader.next() { if let item = entry.item { items.append(item) } }
    let feed = items
    var buffers = ScanBuffers()
    var expectedMatches = 0
    for line in corpus {
        scanner.scan(line, into: &buffers)
        expectedMatches += buffers.matches.count
    }
    var listener = Listener(matcher: matcher)
    let expectedAlerts = feed.reduce(0) { $0 + listener.ingest($1).count }

    Benchmark("scan reviews corpus, 10k keywords (fold + match + offsets)") { benchmark in
        var buffers = ScanBuffers()
        var found = 0
        for line in corpus {
            scanner.scan(line, into: &buffers)
            found &+= buffers.matches.count
        }
        if found != expectedMatches { benchmark.error("\(found) matches, expected \(expectedMatches)") }
        blackHole(found)
    }

    Benchmark("build automaton, 10k keywords", configuration: .init(maxIterations: 50)) { benchmark in
        guard let built = try? KeywordScanner(keywords: keywords, folding: folding) else {
            benchmark.error("build failed")
            return
        }
        blackHole(built)
    }

    Benchmark("listen to the scenario feed (6,032 items, 7 topics)") { benchmark in
        var listener = Listener(matcher: matcher)
        var alerts = 0
        for item in feed { alerts += listener.ingest(item).count }
        if alerts != expectedAlerts { benchmark.error("\(alerts) alerts, expected \(expectedAlerts)") }
        blackHole(listener.summary())
    }
}

/// 2–4-character runs of CJK ideographs from random lines, distinct, with a fixed seed.
func sampleKeywords(_ lines: [String], count: Int) -> [ScanKeyword] {
    var state: UInt64 = 20_261_109
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    var seen: Set<String> = []
    var result: [ScanKeyword] = []
    while result.count < count {
        let line = Array(lines[next(lines.count)].unicodeScalars)
        guard line.count > 8 else { continue }
        let length = 2 + next(3)
        let start = next(line.count - length)
        let piece = line[start..<(start + length)]
        guard piece.allSatisfy({ (0x4E00...0x9FFF).contains($0.value) }) else { continue }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: piece)
        if seen.insert(String(text)).inserted { result.append(ScanKeyword(String(text))) }
    }
    return result
}

func listeningRepositoryRoot() -> String {
    var path = String(#filePath)
    for _ in 0..<4 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
    return path + "/"
}
