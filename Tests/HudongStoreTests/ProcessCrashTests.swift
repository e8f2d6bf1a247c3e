import Foundation
import HudongIndex
import HudongTestSupport
import HudongText
import Testing
@testable import HudongStore

/// Runs the real `hudong ingest --data DIR` and kills it with SIGKILL at random moments, many
/// times; after each kill the store is reopened (what the next start does) and every id the
/// process acknowledged in `--ack-file` must be live exactly once.
@Suite(.serialized) struct ProcessCrashTests {
    /// The `hudong` executable of this build: next to the test bundle, else under the package.
    static let executable: String? = {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["HUDONG_EXECUTABLE"] { candidates.append(override) }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(testBinary.deletingLastPathComponent().appendingPathComponent("hudong").path)
        candidates.append(testBinary.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("hudong").path)
        for scratch in [".build-store", ".build"] { candidates.append(StoreFixtures.root + "/\(scratch)/debug/hudong") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// A feed of items `k<from>` ..< `k<to>`.
    static func writeFeed(_ range: Range<Int>, to path: String) throws {
        let encoder = JSONEncoder()
        var text = ""
        for n in range { text += String(decoding: try encoder.encode(StoreFixtures.item(n, prefix: "k")), as: UTF8.self) + "\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The ids in the ack file (complete lines only: the last may have been cut by the kill).
    static func acknowledged(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast() // after the final newline: empty, or a partial line
        return lines
    }

    static func verify(_ directory: String, acknowledged ids: [String], after what: String) throws -> Int {
        let durable = try DurableIndex.open(directory: directory, analyzer: StoreFixtures.analyzer, options: StoreOptions(threads: 2))
        defer { try? durable.close() }
        let live = durable.index.read { StoreFixtures.liveIds($0) }
        #expect(live.values.allSatisfy { $0 == 1 }, "an id is live twice \(what)")
        let missing = Set(ids).filter { live[$0] == nil }
        #expect(missing.isEmpty, "\(missing.count) acknowledged ids missing \(what): \(missing.sorted().prefix(5))")
        return live.count
    }

    @Test(.timeLimit(.minutes(15)), .enabled(if: executable != nil, "the hudong executable is not built (swift build), so the SIGKILL test cannot run"))
    func sigkillAtRandomPointsLosesNoAcknowledgedItem() throws {
        guard let executable = Self.executable else { return }
        let directory = StoreFixtures.temporaryDirectory("crash")
        let data = directory + "/data", acks = directory + "/acks.txt"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rng = StoreFixtures.Random(seed: 20_261_120)
        let started = ContinuousClock.now
        var kills = 0, completed = 0, highest = -1
        var log = ""
        while kills < 24, ContinuousClock.now - started < .seconds(600) { // a safety cap, not a timing check
            // Each run re-sends the last 50 acknowledged items (upserts) and goes on with new ones.
            let path = directory + "/feed\(kills + completed).jsonl"
            let from = max(0, highest + 1 - 50)
            try Self.writeFeed(from..<(from + Int.random(in: 300...1500, using: &rng)), to: path)
            let process = try ChildProcess(executable, ["ingest", "--data", data, "--ack-file", acks, "--batch", "40", "--threads", "1",
                                                       "--snapshot-every", "96KB", path])
            let delay = Double.random(in: 0.05...1.6, using: &rng)
            if process.wait(within: delay) == nil {
                process.send(SIGKILL)
                kills += 1
            } else {
                completed += 1
            }
            #expect(process.wait(within: 60) != nil, "the ingest process did not end")
            let ids = Self.acknowledged(acks)
            highest = ids.compactMap { Int($0.dropFirst()) }.max() ?? -1
            let live = try Self.verify(data, acknowledged: ids, after: "after run \(kills + completed) (killed after \(String(format: "%.2f", delay)) s)")
            log += "\(process.wasKilled(by: SIGKILL) ? "kill" : "done")@\(String(format: "%.2f", delay)):\(ids.count)/\(live) "
        }
        print("ProcessCrashTests: \(kills) kills, \(completed) complete runs in \(ContinuousClock.now - started): \(log)")
        #expect(kills >= 20, "only \(kills) kills in time: \(log)")
        #expect(!Self.acknowledged(acks).isEmpty, "nothing was acknowledged: \(log)")
    }
}
