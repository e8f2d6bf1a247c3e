/// XXH64, the 64-bit xxHash of Yann Collet: a fast non-cryptographic checksum.
///
/// Guards journal records and snapshot sections against torn writes and flipped bits (not
/// against tampering). Streams: `update` any number of times, then `finalize`. Matches the
/// reference implementation (vectors from libxxhash in the tests). Cost: several GB/s.
public struct XXHash64: Sendable {
    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    private let seed: UInt64
    private var v1, v2, v3, v4: UInt64
    private var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var buffered = 0
    private var total: UInt64 = 0

    public init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ Self.p1 &+ Self.p2
        v2 = seed &+ Self.p2
        v3 = seed
        v4 = seed &- Self.p1
    }

    /// The hash of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var h = XXHash64(seed: seed)
        h.update(bytes)
        return h.finalize()
    }

    /// The hash of a byte array.
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    @inline(__always)
    private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        ((acc &+ input &* p2) <<< 31) &* p1
    }

    @inline(__always)
    private static func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 {
        (acc ^ round(0, value)) &* p1 &+ p4
    }

    /// Adds `bytes` to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        total &+= UInt64(bytes.count)
        var p = 0
        let n = bytes.count
        if buffered > 0 {
            withUnsafeMutableBytes(of: &buffer) { b in
                let take = min(32 - buffered, n)
                b.baseAddress?.advanced(by: buffered).copyMemory(from: base, byteCount: take)
                buffered += take
                p = take
            }
            guard buffered == 32 else { return }
            let block = buffer
            withUnsafeBytes(of: block) { stripe($0) }
            buffered = 0
        }
        var a = v1, b = v2, c = v3, d = v4
        while n - p >= 32 {
            let s = base + p
            a = Self.round(a, UInt64(littleEndian: s.loadUnaligned(as: UInt64.self)))
            b = Self.round(b, UInt64(littleEndian: s.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            c = Self.round(c, UInt64(littleEndian: s.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
            d = Self.round(d, UInt64(littleEndian: s.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
            p += 32
        }
        v1 = a; v2 = b; v3 = c; v4 = d
        if p < n {
            withUnsafeMutableBytes(of: &buffer) { $0.baseAddress?.copyMemory(from: base + p, byteCount: n - p) }
            buffered = n - p
        }
    }

    private mutating func stripe(_ s: UnsafeRawBufferPointer) {
        v1 = Self.round(v1, UInt64(littleEndian: s.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
        v2 = Self.round(v2, UInt64(littleEndian: s.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        v3 = Self.round(v3, UInt64(littleEndian: s.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        v4 = Self.round(v4, UInt64(littleEndian: s.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    /// The hash of everything added so far (the hasher can go on being updated).
    public func finalize() -> UInt64 {
        var h: UInt64
        if total >= 32 {
            h = (v1 <<< 1) &+ (v2 <<< 7) &+ (v3 <<< 12) &+ (v4 <<< 18)
            h = Self.merge(h, v1)
            h = Self.merge(h, v2)
            h = Self.merge(h, v3)
            h = Self.merge(h, v4)
        } else {
            h = seed &+ Self.p5
        }
        h &+= total
        var copy = buffer
        let n = buffered
        withUnsafeBytes(of: &copy) { b in
            var p = 0
            while n - p >= 8 {
                h ^= Self.round(0, UInt64(littleEndian: b.loadUnaligned(fromByteOffset: p, as: UInt64.self)))
                h = (h <<< 27) &* Self.p1 &+ Self.p4
                p += 8
            }
            if n - p >= 4 {
                h ^= UInt64(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: p, as: UInt32.self))) &* Self.p1
                h = (h <<< 23) &* Self.p2 &+ Self.p3
                p += 4
            }
            while p < n {
                h ^= UInt64(b[p]) &* Self.p5
                h = (h <<< 11) &* Self.p1
                p += 1
            }
        }
        h ^= h >> 33
        h &*= Self.p2
        h ^= h >> 29
        h &*= Self.p3
        h ^= h >> 32
        return h
    }
}

extension UInt64 {
    /// Rotates left by `amount` (1...63).
    @inline(__always)
    fileprivate static func <<< (value: UInt64, amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}

infix operator <<< : BitwiseShiftPrecedence
