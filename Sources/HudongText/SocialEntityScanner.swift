/// Finds the spans of social-media entities in folded text: hashtags, mentions, URLs and emoji.
///
/// These become whole tokens, where a word breaker would cut them into pieces (ICU splits
/// `https://t.cn/abc` at every punctuation mark and gives emoji no token at all).
/// Rules, on folded text (so `＃`, `＠` and full-width letters are already ASCII):
/// - hashtag: `#topic#` (Weibo; no line break inside, no space at either end of the topic, at
///   most 64 units) or `#topic` (letters, digits, `_`, ideographs), not after an ASCII letter or digit;
/// - mention: `@` not after an ASCII letter or digit (so e-mail addresses are not mentions), then up to
///   30 letters, digits, `_`, `-` or ideographs;
/// - URL: `http://`, `https://` or `www.` up to a space, an ideograph or a quote, without
///   trailing punctuation;
/// - emoji: an Extended_Pictographic character or regional-indicator pair with its variation
///   selectors, skin tones, keycap and zero-width-joined continuations; a keycap (`#️⃣`, `1️⃣`).
/// Cost: one pass over the units; ICU is asked about emoji only for symbols outside the common ranges.
struct SocialEntityScanner: Sendable {
    /// Returns the entity spans of `units`, sorted and non-overlapping.
    func scan(_ units: UnsafeBufferPointer<UInt16>) -> [TokenSpan] {
        var spans: [TokenSpan] = []
        var i = 0
        let n = units.count
        while i < n {
            let u = units[i]
            if u < 0x80 {
                switch u {
                case 0x23, 0x2A, 0x30...0x39: // #, *, digits: a keycap emoji `#️⃣`, `1️⃣`, or a hashtag
                    if let end = Self.keycapEnd(units, from: i) {
                        spans.append(TokenSpan(range: i..<end, kind: .emoji)); i = end; continue
                    }
                    if u == 0x23, !Self.precededByWordUnit(units, i), let end = hashtagEnd(units, from: i) {
                        spans.append(TokenSpan(range: i..<end, kind: .hashtag)); i = end; continue
                    }
                case 0x40: // @
                    if !Self.precededByWordUnit(units, i) {
                        var j = i + 1
                        while j < n, j - i <= 30, Self.isNameUnit(units[j]) { j += 1 }
                        if j > i + 1 { spans.append(TokenSpan(range: i..<j, kind: .mention)); i = j; continue }
                    }
                case 0x68, 0x77: // h, w
                    if !Self.precededByWordUnit(units, i), let end = urlEnd(units, from: i) {
                        spans.append(TokenSpan(range: i..<end, kind: .url)); i = end; continue
                    }
                default: break
                }
                i += 1
                continue
            }
            if u >= 0x3400 && u < 0xA000 { i += 1; continue } // ideographs: the common case
            if u >= 0xA9, let end = EmojiScanner.sequenceEnd(units, from: i) {
                spans.append(TokenSpan(range: i..<end, kind: .emoji)); i = end; continue
            }
            i += 1
        }
        return spans
    }

    /// The end of a keycap sequence (`#`, `*` or a digit, an optional U+FE0F, then U+20E3) at `i`.
    @inline(__always)
    static func keycapEnd(_ units: UnsafeBufferPointer<UInt16>, from i: Int) -> Int? {
        var j = i + 1
        if j < units.count, units[j] == 0xFE0F { j += 1 }
        return j < units.count && units[j] == 0x20E3 ? j + 1 : nil
    }

    private func hashtagEnd(_ units: UnsafeBufferPointer<UInt16>, from i: Int) -> Int? {
        let n = units.count
        // Weibo form: #topic#
        var j = i + 1
        while j < n, j - i <= 65 {
            let u = units[j]
            if u == 0x23 {
                let content = (i + 1)..<j
                if !content.isEmpty, !Self.isSpace(units[content.lowerBound]), !Self.isSpace(units[content.upperBound - 1]) {
                    return j + 1
                }
                break
            }
            if u == 0x0A || u == 0x0D { break }
            j += 1
        }
        // Twitter form: #topic
        j = i + 1
        while j < n, j - i <= 64, Self.isNameUnit(units[j]), units[j] != 0x2D { j += 1 }
        return j > i + 1 ? j : nil
    }

    private func urlEnd(_ units: UnsafeBufferPointer<UInt16>, from i: Int) -> Int? {
        let n = units.count
        func hasPrefix(_ p: StaticString) -> Bool {
            let count = p.utf8CodeUnitCount
            guard i + count <= n else { return false }
            return p.withUTF8Buffer { bytes in
                for k in 0..<count where UInt16(bytes[k]) != units[i + k] { return false }
                return true
            }
        }
        let prefixLength: Int
        if hasPrefix("https://") { prefixLength = 8 } else if hasPrefix("http://") { prefixLength = 7 } else if hasPrefix("www.") { prefixLength = 4 } else { return nil }
        var j = i + prefixLength
        var openParens = 0
        while j < n {
            let u = units[j]
            if u <= 0x20 || u >= 0x7F || u == 0x22 || u == 0x27 || u == 0x3C || u == 0x3E || u == 0x60 { break }
            if u == 0x28 { openParens += 1 }
            if u == 0x29 { if openParens == 0 { break }; openParens -= 1 }
            j += 1
        }
        // Trailing punctuation belongs to the sentence, not the URL.
        while j > i + prefixLength, [0x2E, 0x2C, 0x21, 0x3F, 0x3B, 0x3A].contains(units[j - 1]) { j -= 1 }
        return j > i + prefixLength ? j : nil
    }

    @inline(__always)
    static func isSpace(_ u: UInt16) -> Bool { u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D || u == 0x3000 }

    /// ASCII letter or digit, ideograph, kana, or another letter (Latin-1 supplement and beyond).
    @inline(__always)
    static func isWordUnit(_ u: UInt16) -> Bool {
        if u < 0x80 { return (u >= 0x30 && u <= 0x39) || (u >= 0x61 && u <= 0x7A) || (u >= 0x41 && u <= 0x5A) }
        return (u >= 0x3040 && u < 0xA000) || (u >= 0xC0 && u < 0x2000 && u != 0xD7 && u != 0xF7) || (u >= 0xAC00 && u < 0xD7A4)
    }

    @inline(__always)
    static func isNameUnit(_ u: UInt16) -> Bool { isWordUnit(u) || u == 0x5F || u == 0x2D }

    /// Whether an ASCII letter, digit or `_` comes right before `i` (`C#`, `a@b.com`, `xhttp`).
    @inline(__always)
    static func precededByWordUnit(_ units: UnsafeBufferPointer<UInt16>, _ i: Int) -> Bool {
        guard i > 0 else { return false }
        let u = units[i - 1]
        return u < 0x80 && (isWordUnit(u) || u == 0x5F)
    }
}

/// Recognizes emoji sequences in UTF-16 units.
enum EmojiScanner {
    /// The end of the emoji sequence starting at `i`, or nil if no emoji starts there.
    static func sequenceEnd(_ units: UnsafeBufferPointer<UInt16>, from i: Int) -> Int? {
        guard let (first, width) = scalar(units, at: i), isEmojiBase(first) else { return nil }
        var j = i + width
        let regional = isRegionalIndicator(first)
        if regional, let (next, w) = scalar(units, at: j), isRegionalIndicator(next) { return j + w }
        while let (next, w) = scalar(units, at: j) {
            if next == 0xFE0F || next == 0xFE0E || next == 0x20E3 || isSkinTone(next) || (0xE0020...0xE007F).contains(next) {
                j += w
            } else if next == 0x200D, let (joined, w2) = scalar(units, at: j + w), isEmojiBase(joined) {
                j += w + w2
            } else {
                break
            }
        }
        return j
    }

    /// Whether the folded units so far end inside an emoji (so a following joiner stays).
    static func endsInEmoji(_ units: [UInt16]) -> Bool {
        guard let last = units.last else { return false }
        var value = UInt32(last)
        if UTF16.isTrailSurrogate(last), units.count >= 2, UTF16.isLeadSurrogate(units[units.count - 2]) {
            value = 0x10000 + ((UInt32(units[units.count - 2]) - 0xD800) << 10) + (UInt32(last) - 0xDC00)
        }
        return value == 0xFE0F || value == 0x200D || isSkinTone(value) || isEmojiBase(value)
    }

    @inline(__always)
    static func scalar(_ units: UnsafeBufferPointer<UInt16>, at i: Int) -> (UInt32, Int)? {
        guard i < units.count else { return nil }
        let u = units[i]
        if UTF16.isLeadSurrogate(u), i + 1 < units.count, UTF16.isTrailSurrogate(units[i + 1]) {
            return (0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(units[i + 1]) - 0xDC00), 2)
        }
        return (UInt32(u), 1)
    }

    static func isEmojiBase(_ v: UInt32) -> Bool {
        if v < 0xA9 || (v >= 0x3400 && v < 0xA000) { return false }
        return isRegionalIndicator(v) || ICUProperties.isExtendedPictographic(v)
    }
    @inline(__always) static func isRegionalIndicator(_ v: UInt32) -> Bool { v >= 0x1F1E6 && v <= 0x1F1FF }
    @inline(__always) static func isSkinTone(_ v: UInt32) -> Bool { v >= 0x1F3FB && v <= 0x1F3FF }
}
