import ArgumentParser
import HudongIndex

/// `hudong-bench`: plain timing runs that print one `RESULT {json}` line each, to sit beside the
/// Python peers of `../shared/peers` in the comparison scripts (`Benchmarks/scripts/`).
///
/// One subcommand per area, each in its own file (`Analysis*.swift`, `Index*.swift`, …).
/// To add an area, write its command in your file and append it to `areas`.
@main
struct HudongBench: AsyncParsableCommand {
    /// The areas, one subcommand each.
    static let areas: [any ParsableCommand.Type] = [
        AnalysisBench.self,
        IndexBench.self,
        ListenBench.self,
        RouteBench.self,
        StoreBench.self,
        TaggingBench.self,
    ]

    static let configuration = CommandConfiguration(
        commandName: "hudong-bench",
        abstract: "Hudong timing runs for the peer comparisons (prints RESULT {json} lines).",
        subcommands: areas
    )

    /// Sets the C heap up as `hudong` does (`ProcessHeap`), so memory is measured as it runs.
    static func main() async {
        ProcessHeap.configureForLargeIndex()
        await main(nil)
    }
}
