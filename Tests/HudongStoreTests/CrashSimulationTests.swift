import Foundation
import HudongIndex
import HudongText
import Testing
@testable import HudongStore

/// Power cuts at random points, simulated by `MemoryStorage`: every call fails from a random
/// moment on, then the machine "restarts" with only what was fsynced (plus torn, unsynced
/// tails). After every restart, each acknowledged item must be there exactly once and each
/// acknowledged delete must hold.
@Suite struct CrashSimulationTests {
    /// Counts file-system calls down to the power cut; from then on every call fails.
    final class PowerCut: @unchecked Sendable {
        private let lock = NSLock()
        private var left: Int
        init(after calls: Int) { left = calls }
        func fails() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            left -= 1
            return left < 0
        }
    }

    @Test(arguments: [FsyncPolicy.batch, .always])
    func nothingAcknowledgedIsLost(fsync: FsyncPolicy) throws {
        var storage = MemoryStorage()
        var rng = StoreFixtures.Random(seed: fsync == .batch ? 11 : 12)
        /// Acknowledged state: id → live (true) or deleted (false). Ids touched by an operation
        /// that failed are forgotten (either outcome is allowed) and never used again.
        var expected: [String: Bool] = [:]
        var next = 0
        var restarts = 0, checkpoints = 0
        let options = StoreOptions(fsync: fsync, snapshotEvery: 30_000, retention: nil, threads: 1)
        for _ in 0..<36 {
            let cut = PowerCut(after: Int.random(in: 3...120, using: &rng))
            storage.fault { operation, _ in
                [.write, .sync, .syncDirectory, .rename, .truncate, .openForWriting, .remove].contains(operation) && cut.fails() ? EIO : nil
            }
            var durable: DurableIndex?
            do {
                durable = try DurableIndex.open(directory: "/data", analyzer: StoreFixtures.analyzer, options: options, driver: storage)
            } catch {}
            if let durable {
                restarts += 1
                let live = durable.index.read { StoreFixtures.liveIds($0) }
                #expect(live.values.allSatisfy { $0 == 1 }, "an id is live twice")
                for (id, present) in expected {
                    #expect((live[id] != nil) == present, "\(id) should be \(present ? "present" : "deleted") after restart \(restarts)")
                }
                running: for _ in 0..<30 {
                    switch Int.random(in: 0..<10, using: &rng) {
                    case 0..<7:
                        let count = Int.random(in: 1...25, using: &rng)
                        let items = (next..<(next + count)).map { StoreFixtures.item($0, text: "小米手机 第\($0)条 评测 很好") }
                        next += count
                        do {
                            try durable.ingest(items) { range in for item in items[range] { expected[item.id] = true } }
                        } catch {
                            break running
                        }
                        do { if try durable.checkpointIfDue() != nil { checkpoints += 1 } } catch { break running }
                    case 7, 8:
                        let victims = expected.filter(\.value).keys.sorted().prefix(3)
                        do {
                            try durable.delete(ids: Array(victims))
                            for id in victims { expected[id] = false }
                        } catch {
                            for id in victims { expected[id] = nil }
                            break running
                        }
                    default:
                        do {
                            _ = try durable.checkpoint()
                            checkpoints += 1
                        } catch { break running }
                    }
                }
            }
            let tear = Int.random(in: 0...3, using: &rng)
            storage = storage.crashed { tear == 0 ? 0 : Int.random(in: 0...$0, using: &rng) }
        }
        storage.fault(nil)
        let final = try DurableIndex.open(directory: "/data", analyzer: StoreFixtures.analyzer, options: options, driver: storage)
        let live = final.index.read { StoreFixtures.liveIds($0) }
        for (id, present) in expected { #expect((live[id] != nil) == present, "\(id)") }
        #expect(restarts >= 20 && checkpoints >= 5 && expected.count > 200, "restarts \(restarts), checkpoints \(checkpoints), ids \(expected.count)")
    }
}
