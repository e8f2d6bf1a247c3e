import Foundation
import HudongText

#if _endian(big)
#error("SearchIndex snapshots store flat arrays in little-endian memory order")
#endif

/// Where snapshot bytes go: a file writer, a hasher, a buffer.
///
/// Writes cannot fail here: a sink that can (a full disk) remembers its first error and reports
/// it when it is finished, as a buffered file writer does. The index writes a few small headers
/// and then its big flat arrays whole, so a sink sees a few large writes, not millions of small ones.
public protocol SnapshotByteSink {
    /// Appends `bytes`.
    mutating func write(_ bytes: UnsafeRawBufferPointer)
}

/// Where snapshot bytes come from.
public protocol SnapshotByteSource {
    /// Bytes left to read; decoders check every count against it before allocating.
    var remaining: Int { get }
    /// Fills `buffer` with the next bytes, or throws if there are not that many.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(IndexError)
}

extension SnapshotByteSink {
    /// Writes a fixed-width integer, little-endian.
    public mutating func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { write($0) }
    }

    /// Writes an array as its count (UInt64) and its raw memory.
    public mutating func put<T: BitwiseCopyable>(array: [T]) {
        put(UInt64(array.count))
        array.withUnsafeBytes { write($0) }
    }

    /// Writes a buffer of encoded values as its length (UInt64) and its bytes.
    public mutating func put(_ buffer: BinaryWriter) {
        put(array: buffer.bytes)
    }
}

extension SnapshotByteSource {
    /// Reads a fixed-width little-endian integer.
    public mutating func take<T: FixedWidthInteger>(_: T.Type) throws(IndexError) -> T {
        var value = T.zero
        try withUnsafeMutableBytes(of: &value) { (raw) throws(IndexError) in try read(into: raw) }
        return T(littleEndian: value)
    }

    /// Reads an array written by `put(array:)`, checking its size against what is left.
    public mutating func takeArray<T: BitwiseCopyable>(_: T.Type) throws(IndexError) -> [T] {
        let declared = try take(UInt64.self)
        let stride = MemoryLayout<T>.stride
        guard declared <= UInt64(remaining / max(stride, 1)) else {
            throw .decoding(reason: "an array of \(declared) elements is longer than the \(remaining) bytes left")
        }
        let count = Int(declared)
        var failure: IndexError?
        let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do {
                try read(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            } catch {
                failure = error as? IndexError ?? .decoding(reason: "\(error)")
                initialized = 0
            }
        }
        if let failure { throw failure }
        return array
    }

    /// Reads a buffer written by `put(_: BinaryWriter)`.
    public mutating func takeBuffer() throws(IndexError) -> BinaryReader {
        BinaryReader(try takeArray(UInt8.self))
    }
}

/// A growable buffer of compact binary values: little-endian integers, varints, strings.
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Bytes written so far.
    public var count: Int { bytes.count }

    /// Empties the buffer, keeping its memory.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// A fixed-width integer, little-endian.
    public mutating func put<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// LEB128: 7 bits a byte, low first.
    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A signed value, zigzag-encoded so small negatives stay small.
    public mutating func zigzag(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A string as its UTF-8 length and bytes.
    public mutating func string(_ value: String) {
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// Raw bytes as they are.
    public mutating func append(_ raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    /// Overwrites a fixed-width integer written earlier at `offset` (a length known only later).
    public mutating func set<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
    }

    /// Calls `body` with the bytes written so far.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }
}

/// Reads what `BinaryWriter` wrote; every read is bounds-checked and throws on short or bad data.
public struct BinaryReader: Sendable {
    /// The bytes being read.
    public let bytes: [UInt8]
    /// Where the next read starts.
    public private(set) var offset: Int

    /// A reader of `bytes` from `offset`.
    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }
    /// Whether every byte has been read.
    public var atEnd: Bool { offset >= bytes.count }

    private func short(_ what: String) -> IndexError {
        .decoding(reason: "\(what) runs past the end of the data at byte \(offset) of \(bytes.count)")
    }

    /// A fixed-width little-endian integer.
    public mutating func take<T: FixedWidthInteger>(_: T.Type) throws(IndexError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw short("a \(size)-byte integer") }
        var value = T.zero
        bytes.withUnsafeBytes { raw in
            withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + size)])) }
        }
        offset += size
        return T(littleEndian: value)
    }

    /// A LEB128 varint.
    @inline(__always)
    public mutating func varint() throws(IndexError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw short("a varint")
    }

    /// A zigzag-encoded signed varint.
    public mutating func zigzag() throws(IndexError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    /// A count that must fit in what is left (each counted element takes at least `minimumBytes`).
    public mutating func count(minimumBytes: Int = 1) throws(IndexError) -> Int {
        let v = try varint()
        guard v <= UInt64(remaining / max(minimumBytes, 1)) else {
            throw .decoding(reason: "count \(v) at byte \(offset) is larger than the data left")
        }
        return Int(v)
    }

    /// A string written by `BinaryWriter.string` (invalid UTF-8 repaired with U+FFFD).
    @inline(__always)
    public mutating func string() throws(IndexError) -> String {
        let n = try count()
        let s = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[offset..<(offset + n)]), as: UTF8.self) }
        offset += n
        return s
    }

    /// The next `n` bytes as they are.
    public mutating func raw(_ n: Int) throws(IndexError) -> ArraySlice<UInt8> {
        guard n >= 0, remaining >= n else { throw short("\(n) bytes") }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }
}

