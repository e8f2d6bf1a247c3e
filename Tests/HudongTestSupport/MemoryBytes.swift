import HudongIndex

/// A byte sink/source in memory, for codec tests without a store.
public struct MemoryBytes: SnapshotByteSink, SnapshotByteSource {
    public init() {}

    public var bytes: [UInt8] = []
    public var offset = 0

    public mutating func write(_ raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    public var remaining: Int { bytes.count - offset }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(IndexError) {
        guard buffer.count <= remaining else { throw .decoding(reason: "short") }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, buffer.count > 0 { buffer.baseAddress?.copyMemory(from: base + offset, byteCount: buffer.count) }
        }
        offset += buffer.count
    }
}
