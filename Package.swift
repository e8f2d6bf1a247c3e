// swift-tools-version: 6.1
import PackageDescription

/// Hudong: an in-memory Chinese search, listening and routing engine over the system ICU.
let package = Package(
    name: "Hudong",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "HudongText", targets: ["HudongText"]),
        .library(name: "HudongIndex", targets: ["HudongIndex"]),
        .library(name: "HudongListening", targets: ["HudongListening"]),
        .library(name: "HudongTagging", targets: ["HudongTagging"]),
        .library(name: "HudongRouting", targets: ["HudongRouting"]),
        .library(name: "HudongStore", targets: ["HudongStore"]),
        .executable(name: "hudong", targets: ["hudong"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The system ICU (libicu-dev) behind plain C functions: ICU's headers stay inside this
        // target, so they never meet the ICU copy inside Foundation. Only HudongText imports it.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        // The C heap's calls Swift's Glibc module lacks (giving freed pages back after a pack).
        .target(name: "CHeap"),
        // Normalization, segmentation, user dictionary, tokens: the analysis pipeline.
        .target(name: "HudongText", dependencies: ["CICU"]),
        // Items, feed reading, the entry index, query language, ranking, facets, highlights.
        .target(name: "HudongIndex", dependencies: [
            "HudongText", "CHeap",
            .product(name: "Collections", package: "swift-collections"),
        ]),
        // Watchlists, the variant-tolerant scanner, windowed counts and alerts.
        .target(name: "HudongListening", dependencies: [
            "HudongText", "HudongIndex",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Taxonomy (categories, tags, keyword tree), the tagger, content metrics, the interaction menu.
        .target(name: "HudongTagging", dependencies: [
            "HudongText", "HudongIndex",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The exit index: subscriptions with a pre-filter, relationship strength, routing.
        .target(name: "HudongRouting", dependencies: [
            "HudongText", "HudongIndex",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The system libedit (libedit-dev), for line editing and history in the REPL on a terminal.
        .target(name: "CEditLine", linkerSettings: [.linkedLibrary("edit")]),
        // The engine facade: one analyzer, one index and the capabilities around them.
        .target(name: "Hudong", dependencies: [
            "HudongText", "HudongIndex", "HudongListening", "HudongRouting", "HudongTagging", "HudongStore",
        ]),
        // The REPL session: commands, help, output; driven by a terminal or by scripts.
        .target(name: "HudongREPL", dependencies: [
            "Hudong", "HudongText", "HudongIndex", "HudongListening", "HudongRouting", "HudongTagging",
        ]),
        // Journal + snapshots + recovery: nothing acknowledged is lost across restarts and crashes.
        .target(name: "HudongStore", dependencies: ["HudongText", "HudongIndex"]),
        .executableTarget(name: "hudong", dependencies: [
            "Hudong", "HudongREPL", "CEditLine",
            "HudongText", "HudongIndex", "HudongListening", "HudongTagging", "HudongRouting", "HudongStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "HudongTextTests", dependencies: ["HudongText"]),
        .testTarget(name: "HudongIndexTests", dependencies: ["HudongIndex", "HudongText", "HudongTestSupport"]),
        .testTarget(name: "HudongListeningTests", dependencies: ["HudongListening", "HudongIndex", "HudongText"]),
        // Test helpers: child processes for tests that drive real executables, snapshot bytes in memory.
        .target(name: "HudongTestSupport", dependencies: ["HudongIndex"], path: "Tests/HudongTestSupport"),
        .testTarget(name: "HudongREPLTests", dependencies: ["HudongREPL", "Hudong", "HudongIndex", "HudongStore", "HudongText", "HudongTestSupport"],
                    exclude: ["Scenarios"]),
        .testTarget(name: "HudongTaggingTests", dependencies: ["HudongTagging", "HudongIndex", "HudongText"]),
        .testTarget(name: "HudongRoutingTests", dependencies: ["HudongRouting", "HudongIndex", "HudongText"]),
        .testTarget(name: "HudongStoreTests", dependencies: ["HudongStore", "HudongIndex", "HudongText", "HudongTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
