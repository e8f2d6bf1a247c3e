import Foundation
import HudongIndex
import HudongTestSupport
import HudongText
import Testing
@testable import HudongStore

/// The real file system: a round trip, and a directory made unwritable with `chattr +i`
/// (which binds root too; skipped where chattr is unavailable).
@Suite(.serialized) struct PosixStorageTests {
    static func chattr(_ flag: String, _ path: String) -> Bool {
        ChildProcess.run("/usr/bin/chattr", [flag, path], within: 30).exitCode == 0
    }

    static func open(_ directory: String) throws(StoreError) -> DurableIndex {
        try DurableIndex.open(directory: directory, analyzer: StoreFixtures.analyzer, options: StoreOptions(threads: 1))
    }

    @Test func roundTripAndUnwritableDirectory() throws {
        let root = StoreFixtures.temporaryDirectory("posix")
        let data = root + "/data"
        defer { _ = Self.chattr("-i", data); try? FileManager.default.removeItem(atPath: root) }
        let durable = try Self.open(data)
        try durable.ingest((0..<80).map { StoreFixtures.item($0) })
        _ = try durable.checkpoint()
        try durable.ingest((80..<100).map { StoreFixtures.item($0) })
        try durable.close()
        #expect(try Self.open(data).index.read { $0.documents.liveCount } == 100)

        guard Self.chattr("+i", data) else { return } // no chattr here: the MemoryStorage fault tests cover the logic
        let locked = try Self.open(data) // the journal and LOCK exist, so opening and appending still work
        try locked.ingest([StoreFixtures.item(100)])
        #expect { try locked.checkpoint() } throws: { error in
            guard case let .io(_, _, code, _) = error as? StoreError else { return false }
            return code == EPERM || code == EACCES
        }
        try locked.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: data)
        #expect(!names.contains { $0.hasSuffix(".tmp") })
        #expect(Self.chattr("-i", data))
        #expect(try Self.open(data).index.read { $0.documents.liveCount } == 101)

        let fresh = root + "/fresh"
        try FileManager.default.createDirectory(atPath: fresh, withIntermediateDirectories: true)
        #expect(Self.chattr("+i", fresh))
        defer { _ = Self.chattr("-i", fresh) }
        #expect { try Self.open(fresh + "/data") } throws: { error in
            guard case let .io(_, _, code, _) = error as? StoreError else { return false }
            return (code == EPERM || code == EACCES) && "\(error)".contains("not writable")
        }
    }
}
