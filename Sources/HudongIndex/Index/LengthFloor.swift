/// A document length in one byte, rounded down: what top-k search reads first to bound BM25.
///
/// Top-k search rejects most documents of a long posting list on a BM25 upper bound, and that
/// bound needs the document's length. Reading `DocumentStore.lengths` (4 bytes a document)
/// costs a cache miss per document at a million documents; one byte a document (1 MB per
/// million) mostly stays in cache. Lengths below 128 are exact; above, steps of 2.5% up to
/// about 3,000 units; longer documents all read as that. Rounding down only lowers the length,
/// so the BM25 computed from it is never below the true one.
enum LengthFloor {
    /// The length each byte stands for (ascending).
    static let lengths: [Int32] = (0..<256).map { b in
        b < 128 ? Int32(b) : Int32((128 * pow25(b - 127)).rounded(.down))
    }

    /// The largest byte whose length is at most `length`.
    @inline(__always)
    static func byte(for length: Int32) -> UInt8 {
        if length < 128 { return UInt8(max(0, length)) }
        var lo = 128, hi = 255
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lengths[mid] <= length { lo = mid } else { hi = mid - 1 }
        }
        return UInt8(lo)
    }

    private static func pow25(_ n: Int) -> Double {
        var x = 1.0
        for _ in 0..<n { x *= 1.025 }
        return x
    }
}
