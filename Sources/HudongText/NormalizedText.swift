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
    ///
    /// Cost: one pass over the UTF-8 bytes, four allocations.
    public init(_ text: String) {
        var text = text
        let count = text.utf8.count
        var unitCount = 0
        var scalarCount = 0
        var start: [Int32] = []
        var end: [Int32] = []
        var utf8: [Int32] = []
        // One pass fills all four arrays; each is sized for the worst case (one unit per byte).
        let units = [UInt16](unsafeUninitializedCapacity: count) { units, unitsInitialized in
            start = [Int32](unsafeUninitializedCapacity: count) { start, startInitialized in
                end = [Int32](unsafeUninitializedCapacity: count) { end, endInitialized in
                    utf8 = [Int32](unsafeUninitializedCapacity: count + 1) { utf8, utf8Initialized in
                        text.withUTF8 { bytes in
                            // A Swift String is valid UTF-8: decode without checks.
                            var i = 0
                            var u = 0
                            var s: Int32 = 0
                            while i < count {
                                let b0 = UInt32(bytes[i])
                                utf8[Int(s)] = Int32(truncatingIfNeeded: i)
                                if b0 < 0x80 {
                                    units[u] = UInt16(truncatingIfNeeded: b0)
                                    start[u] = s; end[u] = s + 1; u += 1
                                    i += 1
                                } else if b0 < 0xE0 {
                                    let v = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                                    units[u] = UInt16(truncatingIfNeeded: v)
                                    start[u] = s; end[u] = s + 1; u += 1
                                    i += 2
                                } else if b0 < 0xF0 {
                                    let v = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                                    units[u] = UInt16(truncatingIfNeeded: v)
                                    start[u] = s; end[u] = s + 1; u += 1
                                    i += 3
                                } else {
                                    let v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                                        | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                                    let w = v - 0x10000
                                    units[u] = UInt16(truncatingIfNeeded: 0xD800 + (w >> 10))
                                    units[u + 1] = UInt16(truncatingIfNeeded: 0xDC00 + (w & 0x3FF))
                                    start[u] = s; start[u + 1] = s
                                    end[u] = s + 1; end[u + 1] = s + 1
                                    u += 2
                                    i += 4
                                }
                                s += 1
                            }
                            utf8[Int(s)] = Int32(truncatingIfNeeded: count)
                            unitCount = u
                            scalarCount = Int(s)
                        }
                        utf8Initialized = scalarCount + 1
                    }
                    endInitialized = unitCount
                }
                startInitialized = unitCount
            }
            unitsInitialized = unitCount
        }
        self.units = units
        self.sourceStart = start
        self.sourceEnd = end
        self.utf8OffsetOfScalar = utf8
    }

    /// Number of Unicode scalars in the original text.
    public var originalScalarCount: Int { utf8OffsetOfScalar.count - 1 }

    /// The folded text as a `String`.
    public var string: String { units.withUnsafeBufferPointer { Self.string($0) } }

    /// The folded text of `range` (UTF-16 units) as a `String`.
    public func string(_ range: Range<Int>) -> String {
        units.withUnsafeBufferPointer { Self.string(UnsafeBufferPointer(rebasing: $0[range])) }
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

    /// A `String` of UTF-16 units, transcoded by hand (the generic `String(decoding:as:)` path
    /// costs more than the rest of token building). Lone surrogates become U+FFFD.
    @inline(__always)
    static func string(_ units: UnsafeBufferPointer<UInt16>) -> String {
        let n = units.count
        var length = 0
        var i = 0
        while i < n {
            let u = units[i]
            if u < 0x80 { length += 1 } else if u < 0x800 { length += 2 } else if UTF16.isLeadSurrogate(u), i + 1 < n, UTF16.isTrailSurrogate(units[i + 1]) { length += 4; i += 1 } else { length += 3 }
            i += 1
        }
        return String(unsafeUninitializedCapacity: length) { out in
            var o = 0
            var i = 0
            while i < n {
                let u = UInt32(units[i])
                if u < 0x80 {
                    out[o] = UInt8(truncatingIfNeeded: u)
                    o += 1
                } else if u < 0x800 {
                    out[o] = UInt8(truncatingIfNeeded: 0xC0 | u >> 6)
                    out[o + 1] = UInt8(truncatingIfNeeded: 0x80 | u & 0x3F)
                    o += 2
                } else if u & 0xF800 == 0xD800 {
                    if u < 0xDC00, i + 1 < n, UTF16.isTrailSurrogate(units[i + 1]) {
                        let v = 0x10000 + ((u - 0xD800) << 10) + (UInt32(units[i + 1]) - 0xDC00)
                        out[o] = UInt8(truncatingIfNeeded: 0xF0 | v >> 18)
                        out[o + 1] = UInt8(truncatingIfNeeded: 0x80 | (v >> 12) & 0x3F)
                        out[o + 2] = UInt8(truncatingIfNeeded: 0x80 | (v >> 6) & 0x3F)
                        out[o + 3] = UInt8(truncatingIfNeeded: 0x80 | v & 0x3F)
                        o += 4
                        i += 1
                    } else { // lone surrogate: U+FFFD
                        out[o] = 0xEF; out[o + 1] = 0xBF; out[o + 2] = 0xBD
                        o += 3
                    }
                } else {
                    out[o] = UInt8(truncatingIfNeeded: 0xE0 | u >> 12)
                    out[o + 1] = UInt8(truncatingIfNeeded: 0x80 | (u >> 6) & 0x3F)
                    out[o + 2] = UInt8(truncatingIfNeeded: 0x80 | u & 0x3F)
                    o += 3
                }
                i += 1
            }
            return o
        }
    }

}
