import HudongIndex

/// Appends records to the active journal segment, all-or-nothing per call.
///
/// An `append` writes its records as one contiguous block at the end of the segment, then
/// fsyncs unless the policy is `never`; only when it returns are the records acknowledged. If
/// the write fails (a full disk), the segment is cut back to where the call began so no partial
/// record is left for later records to follow; if the fsync or that cut fails, the writer stops
/// accepting records (`StoreError.failed`) — after a failed fsync the kernel may have dropped
/// the pages, so nothing written since the last good fsync can be trusted to be on disk.
final class JournalWriter {
    let segment: UInt64
    let path: String
    private let file: any StorageFile
    private(set) var size: Int
    private var failure: StoreError?
    private var buffer = BinaryWriter(capacity: 1 << 16)

    private init(segment: UInt64, path: String, file: any StorageFile, size: Int) {
        self.segment = segment
        self.path = path
        self.file = file
        self.size = size
    }

    deinit { file.close() }

    /// Creates segment `segment` durably: header written and fsynced, directory fsynced.
    static func create(driver: any StorageDriver, directory: String, segment: UInt64) throws(StoreError) -> JournalWriter {
        let path = joinPath(directory, JournalFormat.segmentName(segment))
        let file = try driver.openForWriting(path, truncate: true)
        do throws(StoreError) {
            try JournalFormat.header(segment: segment).withBytes { (raw) throws(StoreError) in try file.write(raw, at: 0) }
            try file.sync()
            try driver.syncDirectory(directory)
        } catch {
            file.close()
            try? driver.remove(path)
            throw error
        }
        return JournalWriter(segment: segment, path: path, file: file, size: JournalFormat.headerSize)
    }

    /// Reopens an existing, checked segment whose valid bytes end at `size`.
    static func reopen(driver: any StorageDriver, path: String, segment: UInt64, size: Int) throws(StoreError) -> JournalWriter {
        let file = try driver.openForWriting(path, truncate: false)
        return JournalWriter(segment: segment, path: path, file: file, size: size)
    }

    /// Writes `records` and, unless `fsync` is `.never`, fsyncs; returns the bytes written.
    @discardableResult
    func append(_ records: [JournalRecord], fsync: FsyncPolicy) throws(StoreError) -> Int {
        if let failure { throw StoreError.failed(reason: failure.description) }
        guard !records.isEmpty else { return 0 }
        buffer.removeAll()
        for record in records { JournalFormat.frame(record, segment: segment, into: &buffer) }
        let start = size
        do throws(StoreError) {
            try buffer.bytes.withBytes { (raw) throws(StoreError) in try file.write(raw, at: start) }
        } catch {
            do throws(StoreError) { try file.truncate(to: start) } catch { failure = error }
            throw error
        }
        if fsync != .never {
            do throws(StoreError) { try file.sync() } catch {
                failure = error
                throw error
            }
        }
        size = start + buffer.count
        return buffer.count
    }

    /// Fsyncs and closes; used when rotating to a new segment.
    func seal() throws(StoreError) {
        if let failure { throw StoreError.failed(reason: failure.description) }
        do throws(StoreError) { try file.sync() } catch {
            failure = error
            throw error
        }
        file.close()
    }
}

/// Reads the records of one segment's bytes and tells valid records from torn or damaged ones.
struct SegmentScanner {
    let bytes: [UInt8]
    let segment: UInt64

    /// A record found at an offset.
    enum Found {
        /// A record that checks out: its kind, payload range and where the next one starts.
        case record(kind: UInt32, payload: Range<Int>, end: Int)
        /// The record runs past the end of the file.
        case incomplete
        /// The bytes are not a valid record.
        case invalid(String)
    }

    func record(at offset: Int) -> Found {
        guard bytes.count - offset >= 12 else { return .incomplete }
        let (mark, length, kind) = bytes.withUnsafeBytes { raw in
            (UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
             Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))),
             UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)))
        }
        guard mark == JournalFormat.mark else { return .invalid("no record mark") }
        guard length <= JournalFormat.maxPayload else { return .invalid("record length \(length) is beyond the limit") }
        let end = offset + 12 + length + 8
        guard end <= bytes.count else { return .incomplete }
        let (stored, hash) = bytes.withUnsafeBytes { raw in
            (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self)),
             XXHash64.hash(UnsafeRawBufferPointer(rebasing: raw[(offset + 4)..<(end - 8)]), seed: segment))
        }
        guard stored == hash else { return .invalid("checksum mismatch") }
        return .record(kind: kind, payload: (offset + 12)..<(end - 8), end: end)
    }

    /// The offset of the next valid record after `offset`, found by its mark, or nil.
    func nextValid(after offset: Int) -> Int? {
        var at = offset + 1
        while at + 12 <= bytes.count {
            if bytes[at] == 0x48, bytes[at + 1] == 0x52, bytes[at + 2] == 0x45, bytes[at + 3] == 0x43,
               case .record = record(at: at) {
                return at
            }
            at += 1
        }
        return nil
    }

    /// Valid records from `offset` on, resynchronizing past damage: how many, and their ends.
    func countValid(from offset: Int) -> Int {
        var count = 0
        var at: Int? = offset
        while let position = at, position < bytes.count {
            if case let .record(_, _, end) = record(at: position) {
                count += 1
                at = end
            } else {
                at = nextValid(after: position)
            }
        }
        return count
    }
}
