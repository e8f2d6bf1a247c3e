import Benchmark
import Foundation
import HudongIndex
import HudongText

/// package-benchmark suite for the entry index: ingest of the reviews corpus and query classes.
/// Setup (reading, analyzer warm-up, the index for queries) stays outside the measured closures.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 20)

    let path = "../corpora/reviews_zh.txt"
    let lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    guard !lines.isEmpty, let analyzer = try? Analyzer.chinese() else { return }
    _ = analyzer.analyze("预热")
    let items = lines.enumerated().map { Item(id: "\($0.offset)", text: $0.element) }

    Benchmark("ingest reviews (1 thread)", configuration: .init(maxIterations: 3)) { benchmark in
        var index = SearchIndex(analyzer: analyzer)
        for item in items { index.add(item) }
        precondition(index.documents.liveCount == items.count)
        blackHole(index)
    }

    var built = SearchIndex(analyzer: analyzer)
    for item in items { built.add(item) }
    let index = built
    let queries: [(String, ParsedQuery)] = [
        ("term 酒店", ParsedQuery(root: .term("酒店"))),
        ("2-char 清华 inside words", ParsedQuery(root: .term("服务"))),
        ("AND 房间 干净", ParsedQuery(root: .and([.term("房间"), .term("干净")]))),
        ("phrase 性价比很高", ParsedQuery(root: .phrase("性价比很高"))),
        ("NEAR 房间 NEAR/3 小", ParsedQuery(root: .near(.term("房间"), .term("小"), distance: 3, ordered: false))),
    ]
    for (name, query) in queries {
        Benchmark("query \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                let r = QueryExecutor.search(query, in: index, options: SearchOptions(limit: 10, highlight: false))
                precondition(r.totalHits > 0)
                blackHole(r)
            }
        }
    }
}
