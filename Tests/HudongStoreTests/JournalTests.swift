import Foundation
import HudongIndex
import HudongText
import Testing
@testable import HudongStore

/// The journal: round trip, torn tails at every byte, damage in the middle under each policy, faults.
@Suite struct JournalTests {
    static let directory = "/data"

    /// Opens a store on `storage` and collects the records recovery replays.
    static func open(_ storage: MemoryStorage, policy: CorruptionPolicy = .truncate) throws(StoreError) -> (Store, RecoveryReport, [JournalRecord]) {
        var records: [JournalRecord] = []
        let (store, report) = try Store.open(directory: directory, driver: storage, options: StoreOptions(corruption: policy),
                                             registry: SnapshotRegistry(), restore: { _ in }, replay: { records += $0 })
        return (store, report, records)
    }

    static func records(_ n: Int, from start: Int = 0) -> [JournalRecord] {
        (start..<(start + n)).map { i in
            switch i % 5 {
            case 1: return .delete(id: "p\(i - 1)")
            case 2: return .expire(before: Int64(i) * 1000)
            case 3: return .dictionaryAdd(UserDictionary.Entry(term: "词\(i)", weight: i % 2 == 0 ? 2.5 : nil, tag: "nz"))
            case 4: return .custom(kind: JournalRecord.firstCustomKind + 7, payload: [UInt8](repeating: UInt8(i), count: i % 40))
            default: return .upsert(StoreFixtures.item(i))
            }
        }
    }

    static var segment: String { directory + "/journal-00000000000000000001.log" }

    /// Writes `records` one append each; returns the segment size after each (index 0: the header).
    static func write(_ records: [JournalRecord], to storage: MemoryStorage) throws -> [Int] {
        let (store, _, _) = try open(storage)
        var ends = [storage.contents(segment)?.count ?? 0]
        for record in records {
            try store.append([record])
            ends.append(storage.contents(segment)?.count ?? 0)
        }
        try store.close()
        return ends
    }

    @Test func recordsRoundTrip() throws {
        let storage = MemoryStorage()
        let written = Self.records(40)
        let (store, report, none) = try Self.open(storage)
        #expect(report.fresh && none.isEmpty)
        try store.append(Array(written[0..<25]))
        try store.append(Array(written[25...]), fsync: .never)
        try store.close()
        let (_, again, read) = try Self.open(storage)
        #expect(read == written)
        #expect(again.warnings.isEmpty && again.recordsReplayed == 40)
    }

    @Test func tornTailIsTruncatedAtEveryByte() throws {
        let storage = MemoryStorage()
        let written = Self.records(4)
        let ends = try Self.write(written, to: storage)
        let full = try #require(storage.contents(Self.segment))
        for cut in ends[2]..<full.count where cut != ends[3] {
            let damaged = MemoryStorage()
            try damaged.createDirectory(Self.directory)
            damaged.setContents(Self.segment, Array(full[0..<cut]))
            let intact = ends.lastIndex { $0 <= cut } ?? 0
            let (store, report, read) = try Self.open(damaged)
            #expect(read == Array(written[0..<intact]), "cut at \(cut)")
            if cut > ends[intact] {
                #expect(report.warnings.count == 1 && report.warnings[0].contains("torn tail"), "cut at \(cut): \(report.warnings)")
                #expect(damaged.contents(Self.segment + ".torn-at-\(ends[intact])") == Array(full[ends[intact]..<cut]))
            }
            // The journal goes on cleanly after the cut.
            try store.append([.delete(id: "after")])
            try store.close()
            let (_, clean, reread) = try Self.open(damaged)
            #expect(reread == Array(written[0..<intact]) + [.delete(id: "after")])
            #expect(clean.warnings.isEmpty)
        }
    }

    /// A flipped byte inside record 4 of 10, under each policy.
    @Test(arguments: [CorruptionPolicy.truncate, .skip, .refuse])
    func damageInTheMiddle(policy: CorruptionPolicy) throws {
        let storage = MemoryStorage()
        let written = Self.records(10)
        let ends = try Self.write(written, to: storage)
        var bytes = try #require(storage.contents(Self.segment))
        bytes[ends[4] + 14] ^= 0x40
        storage.setContents(Self.segment, bytes)
        switch policy {
        case .refuse:
            #expect {
                try Self.open(storage, policy: .refuse)
            } throws: { error in
                guard case let .corruptJournal(_, offset, reason) = error as? StoreError else { return false }
                return offset == ends[4] && reason.contains("5 intact records")
            }
            #expect(storage.contents(Self.segment) == bytes) // nothing changed
        case .truncate:
            let (store, report, read) = try Self.open(storage, policy: .truncate)
            #expect(read == Array(written[0..<4]))
            #expect(report.warnings.count == 1)
            #expect(report.warnings[0].contains("byte \(ends[4])") && report.warnings[0].contains("5 intact records"))
            #expect(storage.contents(Self.segment + ".damaged-at-\(ends[4])") == Array(bytes[ends[4]...]))
            try store.append([.delete(id: "after")])
            try store.close()
            #expect(try Self.open(storage).2 == Array(written[0..<4]) + [.delete(id: "after")])
        case .skip:
            let (_, report, read) = try Self.open(storage, policy: .skip)
            #expect(read == Array(written[0..<4]) + Array(written[5...]))
            #expect(report.warnings.count == 1 && report.warnings[0].contains("skipped damaged bytes \(ends[4])..<\(ends[5])"))
        }
    }

    /// A damaged length field makes a record look longer than the file: still seen as damage, not a torn tail.
    @Test func damagedLengthIsNotMistakenForATornTail() throws {
        let storage = MemoryStorage()
        let written = Self.records(6)
        let ends = try Self.write(written, to: storage)
        var bytes = try #require(storage.contents(Self.segment))
        bytes[ends[2] + 7] = 0x01 // length += 16 MB
        storage.setContents(Self.segment, bytes)
        let (_, report, read) = try Self.open(storage, policy: .skip)
        #expect(read == Array(written[0..<2]) + Array(written[3...]))
        #expect(report.warnings.first?.contains("runs past the end") == true)
    }

    @Test func damagedSegmentHeader() throws {
        let storage = MemoryStorage()
        let written = Self.records(5)
        _ = try Self.write(written, to: storage)
        var bytes = try #require(storage.contents(Self.segment))
        bytes[3] ^= 1
        storage.setContents(Self.segment, bytes)
        let (store, report, read) = try Self.open(storage, policy: .skip)
        #expect(read == written && report.warnings.first?.contains("header") == true)
        try store.close()
        #expect(try Self.open(storage).1.warnings.isEmpty) // rewritten
    }

    @Test func fullDiskLeavesNoPartialRecord() throws {
        let storage = MemoryStorage()
        let (store, _, _) = try Self.open(storage)
        try store.append(Self.records(3))
        let size = try #require(storage.contents(Self.segment)).count
        storage.spaceLimit = size + 100
        #expect { try store.append([.upsert(StoreFixtures.item(1, text: String(repeating: "满", count: 400)))]) } throws: { error in
            (error as? StoreError)?.isNoSpace == true && "\(error)".contains("disk is full")
        }
        #expect(storage.contents(Self.segment)?.count == size) // cut back: no partial record
        storage.spaceLimit = nil
        try store.append([.delete(id: "x")])
        try store.close()
        #expect(try Self.open(storage).2 == Self.records(3) + [.delete(id: "x")])
    }

    @Test func failedFsyncStopsTheJournal() throws {
        let storage = MemoryStorage()
        let (store, _, _) = try Self.open(storage)
        storage.fault { operation, _ in operation == .sync ? EIO : nil }
        #expect(throws: StoreError.self) { try store.append([.delete(id: "a")]) }
        storage.fault(nil)
        #expect { try store.append([.delete(id: "b")]) } throws: { error in
            if case .failed = error as? StoreError { return true }
            return false
        }
    }

    @Test func secondOpenIsRefusedWhileLocked() throws {
        let storage = MemoryStorage()
        let (store, _, _) = try Self.open(storage)
        #expect(throws: StoreError.locked(directory: Self.directory)) { try Self.open(storage) }
        try store.close()
        _ = try Self.open(storage)
    }

    @Test func unknownBuiltInKindIsRefused() throws {
        let storage = MemoryStorage()
        let (store, _, _) = try Self.open(storage)
        try store.append([.custom(kind: 999, payload: [1, 2, 3])]) // a built-in number this build lacks
        try store.close()
        #expect { try Self.open(storage) } throws: { error in
            if case .newerFormat = error as? StoreError { return true }
            return false
        }
    }

    @Test func unwritableDirectoryIsAnError() throws {
        let storage = MemoryStorage()
        storage.fault { operation, _ in operation == .openForWriting || operation == .lock ? EACCES : nil }
        #expect { try Self.open(storage) } throws: { error in
            guard case let .io(_, _, code, _) = error as? StoreError else { return false }
            return code == EACCES && "\(error)".contains("not writable")
        }
        #expect(storage.files.isEmpty)
    }
}
