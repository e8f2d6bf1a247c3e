/// Where the segmenter's words start in each document: one bit per unit position, so ranking
/// can tell a whole-word match from one inside a longer word.
///
/// A document with units up to position `last` has `last + 2` bits from its base. Bit `p` is
/// set when a word starts at `p` or one ends at `p − 1`. One bit serves both ends because a
/// text's tokens tile its units: a unit ends a word exactly when the next unit starts one, or
/// when no unit follows it (a punctuation gap, the end of the text). The bit after a gap or
/// after the last unit is set for the unit before it; nothing asks whether a word starts at a
/// position that holds no unit. So a word ends at `p` exactly when bit `p + 1` is set.
///
/// Snapshot formats before 8 kept two bits per position (starts, ends); they convert at load
/// (`init(legacyWords:bases:bitCount:)`), and tests write them (`legacyLayout`).
struct WordBoundaries: Sendable {
    private(set) var words: [UInt64] = []
    /// Each document's first bit (32-bit: at most 4G bits, about 60M posts of the bundled corpora).
    private(set) var bases: [UInt32] = []
    private(set) var bitCount: Int64 = 0

    init() {}

    /// Documents recorded.
    var count: Int { bases.count }

    /// Bytes held.
    var memoryBytes: Int { words.capacity * 8 + bases.capacity * 4 }

    /// Records the next document's boundaries from its units.
    mutating func append(_ units: UnitSequence) {
        let base = beginDocument()
        guard let last = units.positions.last else { return }
        let bits = Int64(last) + 2
        reserveBits(bits)
        for i in 0..<units.count {
            let f = units.flags[i]
            guard f != 0 else { continue }
            let p = base + Int64(units.positions[i])
            if f & UnitSequence.startsWord != 0 { set(p) }
            if f & UnitSequence.endsWord != 0 { set(p + 1) }
        }
        bitCount += bits
    }

    /// Copies document `document` of `other` as this one's next document (compaction).
    mutating func append(document: Int, of other: WordBoundaries) {
        let (start, end) = other.range(of: document)
        beginDocument()
        reserveBits(end - start)
        var k: Int64 = 0
        while k < end - start {
            let n = min(64, end - start - k)
            let value = other.bits(at: start + k, count: n)
            let at = bitCount + k, w = Int(at >> 6), offset = UInt64(at & 63)
            words[w] |= value << offset
            if Int64(offset) + n > 64 { words[w + 1] |= value >> (64 - offset) }
            k += n
        }
        bitCount += end - start
    }

    /// Whether a segmenter word starts at position `start` of `document` and one ends at `end`:
    /// a match over those positions is a whole-word match. False past the document's units.
    @inline(__always)
    func isWholeWord(document: Int32, start: Int32, end: Int32) -> Bool {
        let d = Int(document)
        let base = Int64(bases[d])
        let s = base + Int64(start), e = base + Int64(end) + 1
        let limit = d + 1 < bases.count ? Int64(bases[d + 1]) : bitCount
        guard e < limit else { return false }
        return words[Int(s >> 6)] & (1 << UInt64(s & 63)) != 0 && words[Int(e >> 6)] & (1 << UInt64(e & 63)) != 0
    }

    /// Brings where `document`'s bits start into the cache, without waiting (a hint).
    @inline(__always)
    func prefetchBase(of document: Int32) { bases.prefetch(Int(document)) }

    /// Brings `document`'s first bits into the cache, without waiting (a hint; its base is
    /// read, so it pays when `prefetchBase` asked for that a while before). Two words: the
    /// bits of most posts.
    @inline(__always)
    func prefetchBits(of document: Int32) {
        let d = Int(document)
        guard d >= 0, d < bases.count else { return }
        let w = Int(bases[d] >> 6)
        words.prefetch(w)
        words.prefetch(w + 1)
    }

    /// The bits of `document`: from its base to the next document's.
    private func range(of document: Int) -> (Int64, Int64) {
        (Int64(bases[document]), document + 1 < bases.count ? Int64(bases[document + 1]) : bitCount)
    }

    @discardableResult
    private mutating func beginDocument() -> Int64 {
        precondition(bitCount <= Int64(UInt32.max), "the index holds at most 4G bits of word boundaries (about 60M posts of the bundled corpora)")
        bases.append(UInt32(bitCount))
        return bitCount
    }

    private mutating func reserveBits(_ bits: Int64) {
        let needed = Int((bitCount + bits + 63) / 64)
        if words.count < needed { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
    }

    @inline(__always)
    private mutating func set(_ bit: Int64) { words[Int(bit >> 6)] |= 1 << UInt64(bit & 63) }

    @inline(__always)
    private func isSet(_ bit: Int64) -> Bool { words[Int(bit >> 6)] & (1 << UInt64(bit & 63)) != 0 }

    /// `count` (≤ 64) bits from `start`, the first in the lowest bit.
    private func bits(at start: Int64, count: Int64) -> UInt64 {
        let w = Int(start >> 6), offset = UInt64(start & 63)
        var value = words[w] >> offset
        if Int64(offset) + count > 64 { value |= words[w + 1] << (64 - offset) }
        return count == 64 ? value : value & ((1 << UInt64(count)) - 1)
    }
}

extension WordBoundaries {
    /// Writes the words, bases and bit count; `legacyLayout` writes the two bits a position of
    /// formats before 8 (starts at `2p`, ends at `2p + 1`), for tests of loading them.
    func writeSnapshot(to sink: inout some SnapshotByteSink, legacyLayout: Bool = false) {
        guard legacyLayout else {
            sink.put(array: words)
            sink.put(array: bases.map(Int64.init))
            sink.put(bitCount)
            return
        }
        var legacy = WordBoundaries()
        for d in 0..<count {
            let (start, end) = range(of: d)
            legacy.beginDocument()
            guard end > start else { continue }
            let bits = 2 * (end - start - 1)
            legacy.reserveBits(bits)
            for p in 0..<(end - start - 1) {
                if isSet(start + p) { legacy.set(legacy.bitCount + 2 * p) }
                if isSet(start + p + 1) { legacy.set(legacy.bitCount + 2 * p + 1) }
            }
            legacy.bitCount += bits
        }
        legacy.writeSnapshot(to: &sink)
    }

    /// Reads what `writeSnapshot` wrote for `documents` documents, converting the two-bit
    /// layout of formats before 8 (`legacyLayout`); checks that every base is in order and in range.
    init(snapshot source: inout some SnapshotByteSource, documents: Int, legacyLayout: Bool) throws(IndexError) {
        let words = try source.takeArray(UInt64.self)
        let bases = try source.takeArray(Int64.self)
        let bitCount = try source.take(Int64.self)
        guard bases.count == documents else { throw .decoding(reason: "document arrays disagree on the number of documents") }
        guard bitCount >= 0, Int64(words.count) * 64 >= bitCount else { throw .decoding(reason: "word boundaries past their words") }
        var previous: Int64 = 0
        for base in bases {
            guard base >= previous, base <= bitCount else { throw .decoding(reason: "word boundaries are out of order") }
            guard base <= Int64(UInt32.max) else { throw .decoding(reason: "word boundaries past 4G bits") }
            previous = base
        }
        self.words = words
        self.bases = bases.map { UInt32($0) }
        self.bitCount = bitCount
        if legacyLayout { self = try convertingLegacyLayout() }
    }

    /// The same boundaries in one bit a position, from two (starts at `2p`, ends at `2p + 1`):
    /// bit `p` = a word starts at `p` or ends at `p − 1`.
    private func convertingLegacyLayout() throws(IndexError) -> WordBoundaries {
        var out = WordBoundaries()
        for d in 0..<count {
            let (start, end) = range(of: d)
            out.beginDocument()
            guard end > start else { continue }
            guard (end - start) % 2 == 0 else { throw .decoding(reason: "word boundaries of an odd length in a two-bit layout") }
            let positions = (end - start) / 2
            out.reserveBits(positions + 1)
            for p in 0..<positions {
                if isSet(start + 2 * p) { out.set(out.bitCount + p) }
                if isSet(start + 2 * p + 1) { out.set(out.bitCount + p + 1) }
            }
            out.bitCount += positions + 1
        }
        return out
    }
}
