import Foundation
import HudongIndex
import HudongText
import Testing
@testable import HudongStore

/// Snapshots through `DurableIndex`: checkpoint and reload, damage and fallback, newer formats, faults.
@Suite struct SnapshotTests {
    static let directory = "/data"

    static func open(_ storage: MemoryStorage, options: StoreOptions = StoreOptions(),
                     registry: SnapshotRegistry = SnapshotRegistry(),
                     extra: @escaping @Sendable () -> [any SnapshotSection] = { [] }) throws(StoreError) -> DurableIndex {
        try DurableIndex.open(directory: directory, analyzer: StoreFixtures.analyzer, options: options, driver: storage,
                              registry: registry, extraSections: extra)
    }

    /// A store with two checkpoints and journal records after each; returns its live ids.
    static func populated(_ storage: MemoryStorage) throws -> [String: Int] {
        let durable = try open(storage)
        try durable.ingest((0..<150).map { StoreFixtures.item($0) })
        try durable.delete(ids: ["p3", "p4", "p5"])
        _ = try durable.checkpoint()
        try durable.ingest((150..<300).map { StoreFixtures.item($0) } + [StoreFixtures.item(7, text: "替换 小米手机")])
        _ = try durable.checkpoint()
        try durable.ingest((300..<340).map { StoreFixtures.item($0) })
        try durable.delete(ids: ["p301"])
        let live = durable.index.read { StoreFixtures.liveIds($0) }
        try durable.close()
        return live
    }

    static var newest: String { directory + "/snapshot-00000000000000000003.hds" }

    @Test func checkpointAndReload() throws {
        let storage = MemoryStorage()
        let live = try Self.populated(storage)
        #expect(live.count == 340 - 4 && live.values.allSatisfy { $0 == 1 })
        let names = storage.files.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        #expect(names.contains("snapshot-00000000000000000002.hds") && names.contains("snapshot-00000000000000000003.hds"))
        #expect(!names.contains("journal-00000000000000000001.log")) // obsolete: both kept snapshots start later
        let durable = try Self.open(storage)
        #expect(durable.recovery.snapshot == "snapshot-00000000000000000003.hds")
        #expect(durable.recovery.recordsReplayed == 41)
        #expect(durable.recovery.warnings.isEmpty)
        #expect(durable.index.read { StoreFixtures.liveIds($0) } == live)
        // Snapshots hold live items only (compacted at the checkpoint).
        let snapshotted = try SnapshotFile.load(path: Self.newest, driver: storage, registry: .standard(analyzer: StoreFixtures.analyzer, threads: 1))
        let index = try #require(snapshotted.0.section(IndexSection.self)).index
        #expect(index.documents.count == index.documents.liveCount)
    }

    /// Reloading gives the very same index: same hits, same scores.
    @Test func reloadSearchesTheSame() throws {
        let storage = MemoryStorage()
        let durable = try Self.open(storage)
        try durable.ingest((0..<400).map { StoreFixtures.item($0) })
        _ = try durable.checkpoint()
        let before = durable.index.read { StoreFixtures.fingerprint($0) }
        try durable.close()
        let reloaded = try Self.open(storage)
        #expect(reloaded.recovery.recordsReplayed == 0)
        #expect(reloaded.index.read { StoreFixtures.fingerprint($0) } == before)
    }

    /// Flipped bytes anywhere in the newest snapshot: detected, set aside, the previous one used.
    @Test func damagedSnapshotFallsBack() throws {
        let pristine = MemoryStorage()
        let live = try Self.populated(pristine)
        let bytes = try #require(pristine.contents(Self.newest))
        var rng = StoreFixtures.Random(seed: 5)
        var positions = [0, 9, 13, 20, 30, 60, 70, 100, bytes.count - 1, bytes.count / 2]
        for _ in 0..<10 { positions.append(Int.random(in: 0..<bytes.count, using: &rng)) }
        for at in positions {
            let storage = pristine.crashed()
            var damaged = bytes
            damaged[at] ^= 0x10
            storage.setContents(Self.newest, damaged)
            let durable = try Self.open(storage)
            #expect(durable.recovery.snapshot == "snapshot-00000000000000000002.hds", "flip at \(at)")
            #expect(durable.recovery.warnings.first?.contains("damaged snapshot") == true, "flip at \(at)")
            #expect(storage.contents(Self.newest + ".damaged") == damaged)
            #expect(durable.index.read { StoreFixtures.liveIds($0) } == live, "flip at \(at)")
        }
    }

    @Test func truncatedSnapshotFallsBackToFullReplay() throws {
        let storage = MemoryStorage()
        let durable = try Self.open(storage)
        try durable.ingest((0..<100).map { StoreFixtures.item($0) })
        let first = try durable.checkpoint()
        try durable.ingest((100..<120).map { StoreFixtures.item($0) })
        let live = durable.index.read { StoreFixtures.liveIds($0) }
        try durable.close()
        let path = Self.directory + "/" + first.snapshot
        let bytes = try #require(storage.contents(path))
        storage.setContents(path, Array(bytes.prefix(bytes.count - 3)))
        let reopened = try Self.open(storage)
        #expect(reopened.recovery.snapshot == nil)
        #expect(reopened.recovery.warnings.first?.contains("full journal replay") == true)
        #expect(reopened.index.read { StoreFixtures.liveIds($0) } == live)
    }

    @Test func everySnapshotDamagedAndJournalGoneIsUnrecoverable() throws {
        let storage = MemoryStorage()
        _ = try Self.populated(storage)
        for path in storage.files where path.hasSuffix(".hds") {
            var bytes = try #require(storage.contents(path))
            bytes[bytes.count / 2] ^= 1
            storage.setContents(path, bytes)
        }
        #expect { try Self.open(storage) } throws: { error in
            guard case let .unrecoverable(_, reason) = error as? StoreError else { return false }
            return reason.contains("every snapshot is damaged")
        }
    }

    @Test func newerFormatIsRefused() throws {
        let storage = MemoryStorage()
        _ = try Self.populated(storage)
        var bytes = try #require(storage.contents(Self.newest))
        bytes[8] = 2 // format 2
        let headerLength = Int(bytes[12]) | Int(bytes[13]) << 8
        let hash = XXHash64.hash(Array(bytes[0..<(headerLength - 8)]))
        withUnsafeBytes(of: hash.littleEndian) { for k in 0..<8 { bytes[headerLength - 8 + k] = $0[k] } }
        storage.setContents(Self.newest, bytes)
        #expect { try Self.open(storage) } throws: { error in
            guard case let .newerFormat(_, what, found, supported) = error as? StoreError else { return false }
            return what == "snapshot" && found == 2 && supported == 1 && "\(error)".contains("newer hudong")
        }
        #expect(storage.contents(Self.newest) == bytes) // left alone
    }

    struct FutureSection: SnapshotSection {
        static let kind: SectionKind = "future"
        static let formatVersion: UInt32 = 1
        func write(to output: inout SectionOutput) { output.put(UInt64(42)) }
    }

    struct OptionalSection: SnapshotSection {
        static let kind: SectionKind = "listening"
        static let formatVersion: UInt32 = 3
        static var required: Bool { false }
        let value: UInt64
        func write(to output: inout SectionOutput) { output.put(value) }
    }

    @Test func sectionsOfOtherModules() throws {
        let storage = MemoryStorage()
        var registry = SnapshotRegistry()
        registry.register(OptionalSection.self) { (input: inout SectionInput, version: UInt32) throws(StoreError) in
            OptionalSection(value: try input.decoding { (source: inout SectionInput) throws(IndexError) in try source.take(UInt64.self) })
        }
        let durable = try Self.open(storage, registry: registry, extra: { [OptionalSection(value: 77)] })
        try durable.ingest([StoreFixtures.item(1)])
        _ = try durable.checkpoint()
        try durable.close()
        var seen: UInt64?
        let again = try DurableIndex.open(directory: Self.directory, analyzer: StoreFixtures.analyzer, driver: storage, registry: registry,
                                          restoreExtra: { seen = $0.section(OptionalSection.self)?.value })
        #expect(seen == 77)
        try again.close()
        // A build without the optional kind skips it with a warning.
        let without = try Self.open(storage)
        #expect(without.recovery.warnings.contains { $0.contains("skipped section `listening`") })
        try without.close()
        // A required kind this build does not know is refused.
        let other = MemoryStorage()
        let writer = try Self.open(other, extra: { [FutureSection()] })
        _ = try writer.checkpoint()
        try writer.close()
        #expect { try Self.open(other) } throws: { error in
            if case .newerFormat = error as? StoreError { return "\(error)".contains("future") }
            return false
        }
    }

    @Test func fullDiskDuringSnapshotLeavesNoHalfWrittenFile() throws {
        let storage = MemoryStorage()
        let durable = try Self.open(storage)
        try durable.ingest((0..<200).map { StoreFixtures.item($0) })
        _ = try durable.checkpoint()
        try durable.ingest((200..<260).map { StoreFixtures.item($0) })
        let live = durable.index.read { StoreFixtures.liveIds($0) }
        let before = storage.files
        storage.spaceLimit = storage.files.reduce(0) { $0 + (storage.contents($1)?.count ?? 0) } + 20_000
        #expect { try durable.checkpoint() } throws: { ($0 as? StoreError)?.isNoSpace == true }
        #expect(!storage.files.contains { $0.hasSuffix(".tmp") })
        #expect(storage.files.filter { $0.hasSuffix(".hds") } == before.filter { $0.hasSuffix(".hds") })
        // Ingest goes on (into the new segment), and everything is there after a crash.
        storage.spaceLimit = nil
        try durable.ingest([StoreFixtures.item(999)])
        let after = storage.crashed()
        let reopened = try Self.open(after)
        var expected = live
        expected["p999"] = 1
        #expect(reopened.index.read { StoreFixtures.liveIds($0) } == expected)
    }

    @Test func unwritableDirectoryDuringSnapshotIsAnError() throws {
        let storage = MemoryStorage()
        let durable = try Self.open(storage)
        try durable.ingest((0..<50).map { StoreFixtures.item($0) })
        storage.fault { operation, path in operation == .openForWriting && path.hasSuffix(".tmp") ? EROFS : nil }
        #expect { try durable.checkpoint() } throws: { error in
            guard case let .io(_, _, code, _) = error as? StoreError else { return false }
            return code == EROFS
        }
        storage.fault(nil)
        try durable.close()
        #expect(try Self.open(storage).index.read { $0.documents.liveCount } == 50)
    }

    @Test func retentionDropsOldItemsByItemTime() throws {
        let storage = MemoryStorage()
        // Items are 600 s apart: a 1-hour window keeps the newest 7 (cutoff = newest − 3600, inclusive).
        let options = StoreOptions(retention: try Retention(parsing: "1h"))
        let durable = try Self.open(storage, options: options)
        let first = try durable.ingest((0..<50).map { StoreFixtures.item($0) })
        #expect(first.expired == 43)
        let keep = Set((43..<50).map { "p\($0)" })
        #expect(Set(durable.index.read { StoreFixtures.liveIds($0) }.keys) == keep)
        #expect(QueryExecutor.matchingIds(StoreFixtures.parsed("id:p10"), in: durable.index.snapshot).isEmpty)
        // Replay (no snapshot) drops the same items: the cutoff comes from item times, not the clock.
        try durable.close()
        let replayed = try Self.open(storage, options: StoreOptions())
        #expect(Set(replayed.index.read { StoreFixtures.liveIds($0) }.keys) == keep)
        // The next snapshot holds the live items only.
        let report = try replayed.checkpoint()
        #expect(report.compactedDocuments == 43)
        #expect(replayed.index.read { $0.documents.count } == 7)
        try replayed.close()
        #expect(Set(try Self.open(storage).index.read { StoreFixtures.liveIds($0) }.keys) == keep)
        #expect(throws: StoreError.self) { try Retention(parsing: "30x") }
        #expect(try Retention(parsing: "30d").seconds == 30 * 86_400 && Retention(seconds: 172_800).description == "2d")
    }
}
