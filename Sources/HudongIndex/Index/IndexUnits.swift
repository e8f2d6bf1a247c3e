import HudongText

/// The key of one indexing unit: a single BMP character, or a whole token.
public enum UnitKey: Sendable, Hashable {
    /// A CJK character of the Basic Multilingual Plane (the common case: no String is built).
    case character(UInt16)
    /// A whole token (Latin word, number, URL, emoji) or a supplementary-plane character.
    case token(String)

    /// Whether this unit is a CJK character, and so may form a bigram with its neighbour.
    @inline(__always)
    public var isCJKCharacter: Bool {
        if case .character = self { return true }
        return false
    }

    /// The unit as text.
    public var text: String {
        switch self {
        case let .character(u): return String(decoding: [u], as: UTF16.self)
        case let .token(s): return s
        }
    }
}

/// The sequence of units a text is indexed and matched by.
///
/// Each CJK character is one unit, so a Chinese query term matches wherever its characters
/// occur, however the segmenter split the text (清华 inside 清华大学). Other tokens (Latin
/// words, numbers, URLs, emoji) are one unit each and match whole. Hashtags and mentions give
/// the units of their inner text (`#双十一#` → 双 十 一). Positions count units; punctuation
/// between tokens leaves a gap of one position, spaces leave none, so `小米手机` matches
/// `小米 手机` but not `小米。手机`. Each unit also records whether a segmenter word starts or
/// ends on it, which ranking uses to prefer whole-word matches.
public struct UnitSequence: Sendable, Equatable {
    public var keys: [UnitKey] = []
    public var positions: [Int32] = []
    /// Bit 0: a word starts at this unit; bit 1: a word ends at this unit.
    public var flags: [UInt8] = []
    /// The normalized-text (UTF-16) range of each unit, for highlights.
    public var normalizedRanges: [Range<Int32>] = []

    public init() {}

    public var count: Int { keys.count }

    static let startsWord: UInt8 = 1
    static let endsWord: UInt8 = 2

    /// The units of an analyzed text.
    public init(_ analyzed: AnalyzedText) {
        // Written through raw buffers sized for the worst case (a unit covers at least one
        // UTF-16 unit), then counted: appending to four arrays checked each one's capacity and
        // uniqueness per unit.
        let capacity = analyzed.normalized.units.count
        guard capacity > 0 else { return }
        var count = 0
        var positions: [Int32] = [], flags: [UInt8] = [], ranges: [Range<Int32>] = []
        keys = [UnitKey](unsafeUninitializedCapacity: capacity) { keys, keyCount in
            positions = [Int32](unsafeUninitializedCapacity: capacity) { positions, positionCount in
                flags = [UInt8](unsafeUninitializedCapacity: capacity) { flags, flagCount in
                    ranges = [Range<Int32>](unsafeUninitializedCapacity: capacity) { ranges, rangeCount in
                        var writer = UnitWriter(keys: keys.baseAddress!, positions: positions.baseAddress!,
                                                flags: flags.baseAddress!, ranges: ranges.baseAddress!)
                        writer.write(analyzed)
                        count = writer.count
                        rangeCount = count
                    }
                    flagCount = count
                }
                positionCount = count
            }
            keyCount = count
        }
        self.positions = positions
        self.flags = flags
        self.normalizedRanges = ranges
    }

    /// The units of a folded text of CJK ideographs only (U+3400–U+4DBF, U+4E00–U+9FFF), nil
    /// for any other text: one unit per character at consecutive positions, as `init(_:)` gives
    /// them however the segmenter splits such a text (into ideographic words with nothing
    /// between them, each cut into its characters). The text is taken as one word: a query's
    /// word flags are not read (matching needs its keys and positions; whole words are told by
    /// the document's flags), and the segmenter is not run.
    public init?(ideographs folded: NormalizedText) {
        let units = folded.units
        guard !units.isEmpty, units.allSatisfy(Self.isIdeograph) else { return nil }
        keys = units.map { .character($0) }
        positions = (0..<Int32(units.count)).map { $0 }
        flags = [UInt8](repeating: 0, count: units.count)
        flags[0] |= Self.startsWord
        flags[units.count - 1] |= Self.endsWord
        normalizedRanges = (0..<Int32(units.count)).map { $0..<($0 + 1) }
    }

    /// Whether `u` is a CJK ideograph of the BMP's unified blocks (Extension A and the main block).
    @inline(__always)
    static func isIdeograph(_ u: UInt16) -> Bool {
        (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF)
    }

    static func containsSpace(_ buffer: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Bool {
        buffer[range].contains(0x20)
    }

    /// Whether `u` is a character indexed one by one: CJK ideographs (Extension A to the main
    /// block), kana, compatibility ideographs.
    @inlinable @inline(__always)
    public static func isCJK(_ u: UInt16) -> Bool {
        (u >= 0x3400 && u < 0xA000) || (u >= 0x3040 && u < 0x3100) || (u >= 0xF900 && u < 0xFB00)
    }

    /// Whether `u` belongs to a word (a letter, digit or `_`); runs of them that are not CJK are one unit.
    @inlinable @inline(__always)
    public static func isWordUnit(_ u: UInt16) -> Bool {
        (u >= 0x30 && u <= 0x39) || (u >= 0x61 && u <= 0x7A) || (u >= 0x41 && u <= 0x5A) || u == 0x5F || (u >= 0xC0 && u != 0xD7 && u != 0xF7 && !(u >= 0x2000 && u < 0x3040))
    }

    /// Whether the gap between two tokens holds anything but whitespace (punctuation, symbols).
    @inlinable @inline(__always)
    public static func hasPunctuation(_ buffer: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Bool {
        for i in range {
            let u = buffer[i]
            if !(u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D || u == 0x3000 || u == 0xA0 || u == 0x200B) { return true }
        }
        return false
    }
}

/// Writes an analyzed text's units into raw buffers large enough for them (`UnitSequence.init(_:)`).
private struct UnitWriter {
    let keys: UnsafeMutablePointer<UnitKey>
    let positions: UnsafeMutablePointer<Int32>
    let flags: UnsafeMutablePointer<UInt8>
    let ranges: UnsafeMutablePointer<Range<Int32>>
    /// Units written so far.
    var count = 0

    mutating func write(_ analyzed: AnalyzedText) {
        var position: Int32 = 0
        var previousEnd = 0
        analyzed.normalized.units.withUnsafeBufferPointer { buffer in
        analyzed.spans.withUnsafeBufferPointer { spans in
            for t in spans.indices {
                let range = spans[t].range
                let kind = spans[t].kind
                if UnitSequence.hasPunctuation(buffer, previousEnd..<range.lowerBound), count > 0 { position += 1 }
                previousEnd = range.upperBound
                switch kind {
                case .cjkWord:
                    appendMixed(buffer, range, position: &position)
                case .latinWord where UnitSequence.containsSpace(buffer, range),
                     .number where UnitSequence.containsSpace(buffer, range):
                    // A dictionary term spanning words (`xbox live`): its words stay units of their own.
                    appendMixed(buffer, range, position: &position)
                case .hashtag, .mention:
                    var inner = (range.lowerBound + 1)..<range.upperBound
                    if kind == .hashtag, inner.upperBound > inner.lowerBound, buffer[inner.upperBound - 1] == 0x23 {
                        inner = inner.lowerBound..<(inner.upperBound - 1)
                    }
                    appendMixed(buffer, inner, position: &position)
                default:
                    append(.token(analyzed.term(at: t)), at: position, flags: UnitSequence.startsWord | UnitSequence.endsWord, range: range)
                    position += 1
                }
            }
        }
        }
    }

    @inline(__always)
    private mutating func append(_ key: UnitKey, at position: Int32, flags: UInt8, range: Range<Int>) {
        (keys + count).initialize(to: key)
        positions[count] = position
        self.flags[count] = flags
        ranges[count] = Int32(range.lowerBound)..<Int32(range.upperBound)
        count += 1
    }

    /// Units of a word, hashtag or mention: CJK characters one by one, runs of other word
    /// characters whole; the first unit starts a word and the last ends it.
    private mutating func appendMixed(_ buffer: UnsafeBufferPointer<UInt16>, _ range: Range<Int>, position: inout Int32) {
        let first = count
        var i = range.lowerBound
        while i < range.upperBound {
            let u = buffer[i]
            if UnitSequence.isCJK(u) {
                append(.character(u), at: position, flags: 0, range: i..<(i + 1))
                position += 1
                i += 1
            } else if UTF16.isLeadSurrogate(u) {
                // A supplementary-plane character is one token unit (a lead surrogate that ends
                // the range, one character unit).
                let width = i + 1 < range.upperBound ? 2 : 1
                let key: UnitKey = width == 2
                    ? .token(String(decoding: UnsafeBufferPointer(rebasing: buffer[i..<(i + 2)]), as: UTF16.self))
                    : .character(u)
                append(key, at: position, flags: 0, range: i..<(i + width))
                position += 1
                i += width
            } else if UnitSequence.isWordUnit(u) {
                var j = i + 1
                while j < range.upperBound, UnitSequence.isWordUnit(buffer[j]), !UnitSequence.isCJK(buffer[j]) { j += 1 }
                let term = String(decoding: UnsafeBufferPointer(rebasing: buffer[i..<j]), as: UTF16.self)
                append(.token(term), at: position, flags: 0, range: i..<j)
                position += 1
                i = j
            } else {
                i += 1
            }
        }
        if count > first {
            flags[first] |= UnitSequence.startsWord
            flags[count - 1] |= UnitSequence.endsWord
        }
    }
}
