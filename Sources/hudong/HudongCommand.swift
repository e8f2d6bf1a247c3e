import ArgumentParser
import HudongIndex

/// The `hudong` command line: analysis, search, listening and routing over Chinese social content.
@main
struct HudongCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hudong",
        abstract: "Hudong (互动): Chinese search, listening and routing for brand teams.",
        subcommands: [RunCommand.self, ReplCommand.self, AnalyzeCommand.self, SearchCommand.self, IngestCommand.self, ListenCommand.self, RouteCommand.self,
                      TreeCommand.self, CategoriesCommand.self, TagsCommand.self, TagCommand.self, ReplyCommand.self]
    )

    /// Sets the C heap up for a large index (`ProcessHeap`), then runs the command line.
    static func main() {
        ProcessHeap.configureForLargeIndex()
        main(nil)
    }
}
