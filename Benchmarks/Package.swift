// swift-tools-version: 6.1
import PackageDescription

/// Hudong's benchmarks: package-benchmark suites plus `hudong-bench`, a plain executable that
/// prints `RESULT {json}` lines for the side-by-side peer scripts in `scripts/`.
/// Kept out of the main manifest so the product build stays fast.
let package = Package(
    name: "HudongBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Hudong", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "AnalysisBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HudongText", package: "Hudong"),
            ],
            path: "Benchmarks/AnalysisBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "IndexBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HudongText", package: "Hudong"),
                .product(name: "HudongIndex", package: "Hudong"),
            ],
            path: "Benchmarks/IndexBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ListeningBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HudongText", package: "Hudong"),
                .product(name: "HudongListening", package: "Hudong"),
            ],
            path: "Benchmarks/ListeningBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Plain timing runs for the peer comparisons; one file per area (Analysis, Index, Listening…).
        .executableTarget(
            name: "hudong-bench",
            dependencies: [
                .product(name: "HudongText", package: "Hudong"),
                .product(name: "HudongIndex", package: "Hudong"),
                .product(name: "HudongListening", package: "Hudong"),
                .product(name: "HudongRouting", package: "Hudong"),
                .product(name: "HudongStore", package: "Hudong"),
                .product(name: "HudongTagging", package: "Hudong"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/hudong-bench"
        ),
    ]
)
