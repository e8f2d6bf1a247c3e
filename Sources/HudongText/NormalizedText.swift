/// A text in its folded (normalized) form, as UTF-16 units, with a map back to the original.
///
/// Every normalized unit knows the range of original Unicode scalars it came from, so a range
/// of normalized units maps back to character offsets and UTF-8 byte offsets of the original
/// text. Folding stages (`TextNormalizer`s) rewrite `units` and keep the map in step.
/// Cost: 10 bytes per UTF-16 unit plus 4 bytes per original scalar.
public struct NormalizedText: Sendable, Equatable {
    /// The folded text as UTF-16 code units.
    public var units: [UInt16]
    /// For each unit, the index of the first original scalar it came from.
    public var sourceStart: [Int32]
    /// For each unit, one past the index of the last original scalar it came from.
    public var sourceEnd: [Int32]
    /// UTF-8 byte offset of each original scalar, plus one final entry for the end of the text.
    public let utf8OffsetOfScalar: [Int32]

    /// Reads `text` unchanged into UTF-16 with an identity map.
    public init(_ text: String) {
        var units: [UInt16] = []
        var start: [Int32] = []
        var end: [Int32] = []
        var utf8: [Int32] = []
        let estimate = text.utf8.count
        units.reserveCapacity(estimate)
        start.reserveCapacity(estimate)
        end.reserveCapacity(estimate)
        utf8.reserveCapacity(estimate + 1)
        var scalarIndex: Int32 = 0
        var byteOffset: Int32 = 0
        for scalar in text.unicodeScalars {
            utf8.append(byteOffset)
            let value = scalar.value
            if value < 0x10000 {
                units.append(UInt16(truncatingIfNeeded: value))
                start.append(scalarIndex)
                end.append(scalarIndex + 1)
            } else {
                let v = value - 0x10000
                units.append(UInt16(truncatingIfNeeded: 0xD800 + (v >> 10)))
                units.append(UInt16(truncatingIfNeeded: 0xDC00 + (v & 0x3FF)))
                start.append(scalarIndex); start.append(scalarIndex)
                end.append(scalarIndex + 1); end.append(scalarIndex + 1)
            }
            byteOffset += Int32(UTF8.width(scalar))
            scalarIndex += 1
        }
        utf8.append(byteOffset)
        self.units = units
        self.sourceStart = start
        self.sourceEnd = end
        self.utf8OffsetOfScalar = utf8
    }

    /// Number of Unicode scalars in the original text.
    public var originalScalarCount: Int { utf8OffsetOfScalar.count - 1 }

    /// The folded text as a `String`.
    public var string: String { String(decoding: units, as: UTF16.self) }

    /// The folded text of `range` (UTF-16 units) as a `String`.
    public func string(_ range: Range<Int>) -> String {
        units.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF16.self) }
    }

    /// The original character (Unicode scalar) range that the normalized units `range` came from.
    public func originalScalarRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let at = range.lowerBound < sourceStart.count ? Int(sourceStart[range.lowerBound]) : originalScalarCount
            return at..<at
        }
        return Int(sourceStart[range.lowerBound])..<Int(sourceEnd[range.upperBound - 1])
    }

    /// The original UTF-8 byte range of an original scalar range.
    public func utf8Range(ofScalars range: Range<Int>) -> Range<Int> {
        Int(utf8OffsetOfScalar[range.lowerBound])..<Int(utf8OffsetOfScalar[range.upperBound])
    }
}
