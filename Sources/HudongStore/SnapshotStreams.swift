import HudongIndex

/// The stream a section writes into: buffered positioned writes into the snapshot file,
/// hashed as they go. A failed write is kept and reported when the section ends.
public struct SectionOutput: SnapshotByteSink {
    let stream: SnapshotWriteStream

    public mutating func write(_ bytes: UnsafeRawBufferPointer) { stream.write(bytes) }
}

/// The stream a section reads from: the section's bytes only, hashed as they are read.
/// Small reads come from a 1 MB buffer; large ones (arrays) go straight into their destination.
public struct SectionInput: SnapshotByteSource {
    let stream: SnapshotReadStream

    public var remaining: Int { stream.remaining }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(IndexError) { try stream.read(into: buffer) }

    /// Runs a decoder that throws `IndexError`, reporting a file error as itself and bad data
    /// as `StoreError.corruptSnapshot`.
    public mutating func decoding<T>(_ body: (inout SectionInput) throws(IndexError) -> T) throws(StoreError) -> T {
        do throws(IndexError) {
            return try body(&self)
        } catch {
            if let failure = stream.failure { throw failure }
            throw StoreError.corruptSnapshot(path: stream.path, reason: "section `\(stream.kind)`: \(error.message)")
        }
    }
}

/// Buffered, hashed writing of one snapshot file.
final class SnapshotWriteStream {
    private let file: any StorageFile
    private(set) var position: Int
    private var buffer: [UInt8] = []
    private var hasher = XXHash64()
    private static let capacity = 1 << 20
    private(set) var failure: StoreError?

    init(file: any StorageFile, position: Int) {
        self.file = file
        self.position = position
        buffer.reserveCapacity(Self.capacity)
    }

    /// Starts hashing a new section.
    func beginSection() { hasher = XXHash64() }

    /// Flushes and returns the hash of the section's bytes.
    func endSection() throws(StoreError) -> UInt64 {
        flush()
        if let failure { throw failure }
        return hasher.finalize()
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, bytes.count > 0 else { return }
        hasher.update(bytes)
        if buffer.count + bytes.count <= Self.capacity {
            buffer.append(contentsOf: bytes)
            return
        }
        flush()
        if bytes.count >= Self.capacity / 2 {
            put(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    private func put(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        do throws(StoreError) {
            try file.write(bytes, at: position)
            position += bytes.count
        } catch {
            failure = error
        }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { put($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Buffered, hashed reading of one section of a snapshot file.
final class SnapshotReadStream {
    let path: String
    let kind: SectionKind
    private let file: any StorageFile
    /// File offset of the first byte not yet in the buffer.
    private var filePosition: Int
    private let end: Int
    private var buffer: [UInt8] = []
    private var consumed = 0
    private var hasher = XXHash64()
    private static let capacity = 1 << 20
    private(set) var failure: StoreError?

    init(file: any StorageFile, path: String, kind: SectionKind, offset: Int, length: Int) {
        self.file = file
        self.path = path
        self.kind = kind
        filePosition = offset
        end = offset + length
    }

    var remaining: Int { end - filePosition + (buffer.count - consumed) }

    func read(into destination: UnsafeMutableRawBufferPointer) throws(IndexError) {
        guard destination.count <= remaining else {
            throw .decoding(reason: "section `\(kind)` ends \(destination.count - remaining) bytes early")
        }
        var done = 0
        while done < destination.count {
            let available = buffer.count - consumed
            if available > 0 {
                let n = min(available, destination.count - done)
                buffer.withUnsafeBytes { source in
                    if let from = source.baseAddress { destination.baseAddress?.advanced(by: done).copyMemory(from: from + consumed, byteCount: n) }
                }
                consumed += n
                done += n
                continue
            }
            let want = destination.count - done
            if want >= Self.capacity / 4 {
                let target = UnsafeMutableRawBufferPointer(rebasing: destination[done..<(done + want)])
                try load(into: target)
                hasher.update(UnsafeRawBufferPointer(target))
                done += want
            } else {
                try refill()
            }
        }
    }

    private func load(into target: UnsafeMutableRawBufferPointer) throws(IndexError) {
        do throws(StoreError) {
            try file.readExactly(into: target, at: filePosition)
            filePosition += target.count
        } catch {
            failure = error
            throw .io(path: path, reason: error.description)
        }
    }

    private func refill() throws(IndexError) {
        let n = min(Self.capacity, end - filePosition)
        buffer = [UInt8](repeating: 0, count: n)
        consumed = 0
        var failed: IndexError?
        buffer.withUnsafeMutableBytes { raw in
            do throws(IndexError) { try load(into: raw) } catch { failed = error }
        }
        if let failed { throw failed }
        buffer.withUnsafeBytes { hasher.update($0) }
    }

    /// Checks that the section was read to its end and that its hash is `expected`.
    func finish(expected: UInt64) throws(StoreError) {
        if let failure { throw failure }
        guard remaining == 0 else {
            throw StoreError.corruptSnapshot(path: path, reason: "section `\(kind)` has \(remaining) bytes its decoder did not read")
        }
        guard hasher.finalize() == expected else {
            throw StoreError.corruptSnapshot(path: path, reason: "section `\(kind)` checksum mismatch")
        }
    }
}
