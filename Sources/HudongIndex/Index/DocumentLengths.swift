/// Units per document (the BM25 length), 2 bytes a document.
///
/// Posts are short: a length of 65,535 units or more (a huge post) is kept whole in a side
/// table, every other one in a `UInt16`. Reading one is a load and a compare, as from an
/// `[Int32]`, at half the memory (2 MB less at 1M posts).
public struct DocumentLengths: Sendable, RandomAccessCollection, Equatable {
    /// A length kept in `long`.
    private static let longMark = UInt16.max

    private var short: [UInt16] = []
    /// Lengths of `longMark` units or more, by document.
    private var long: [Int: Int32] = [:]

    public init() {}

    /// The lengths of `lengths`, in order.
    public init(_ lengths: some Sequence<Int32>) {
        for length in lengths { append(length) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { short.count }

    /// Brings the length of document `i` into the cache, without waiting for it (a hint: see
    /// `ItemStore.prefetch`).
    @inline(__always)
    func prefetch(_ i: Int) { short.prefetch(i) }

    @inline(__always)
    public subscript(i: Int) -> Int32 {
        let length = short[i]
        return length != Self.longMark ? Int32(length) : long[i] ?? 0
    }

    /// Adds `length` (≥ 0) at the end.
    mutating func append(_ length: Int32) {
        precondition(length >= 0, "a negative document length")
        if length >= Int32(Self.longMark) {
            long[short.count] = length
            short.append(Self.longMark)
        } else {
            short.append(UInt16(length))
        }
    }

    mutating func reserveCapacity(_ n: Int) { short.reserveCapacity(n) }

    /// Bytes held.
    var memoryBytes: Int { short.capacity * 2 + long.capacity * 12 * 4 / 3 }

    public static func == (a: DocumentLengths, b: DocumentLengths) -> Bool { a.elementsEqual(b) }
}
