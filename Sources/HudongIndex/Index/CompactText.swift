/// Stored item text in fewer bytes than UTF-8: two bytes for a CJK character, where UTF-8
/// takes three.
///
/// `ItemStore` keeps every item's text, and posts are mostly CJK characters and CJK
/// punctuation: in UTF-8 the bundled corpora spend a third byte on most characters. Each
/// Unicode scalar is written as:
/// - U+0000–U+007F: one byte, as in UTF-8;
/// - a scalar of the two-byte table (`windows`: Latin to Thaana, general punctuation, the
///   common symbols, CJK punctuation through the unified ideographs, full-width forms): the
///   bytes `0x80 + k >> 8` and `k & 0xFF`, `k` its place in the table;
/// - any other scalar of the Basic Multilingual Plane: `escapeBMP`, then its two bytes (three,
///   as in UTF-8);
/// - a supplementary scalar (emoji…): `escapeSupplementary`, then its three bytes (four, as
///   in UTF-8).
///
/// No text takes more bytes than in UTF-8, and the encoding is a function of the text, so
/// two texts are equal exactly when their encodings are (`ItemStore.isSame` compares bytes).
/// The bundled corpora take 0.71 of their UTF-8 size.
enum CompactText {
    /// The scalars with a two-byte code, in code order: (first scalar, count).
    static let windows: [(start: UInt32, count: UInt32)] = [
        (0x0080, 0x0780),  // Latin-1 to Thaana: two bytes in UTF-8 too
        (0x2000, 0x0070),  // general punctuation: “” … —
        (0x2100, 0x0100),  // letterlike symbols, number forms, arrows
        (0x2460, 0x00A0),  // enclosed alphanumerics: ①
        (0x2500, 0x0180),  // box drawing, blocks, geometric shapes, symbols: ■ ★
        (0x3000, 0x7000),  // CJK punctuation, kana, bopomofo… the unified ideographs
        (0xFF00, 0x00F0),  // half- and full-width forms: ，！？
    ]
    /// The code of each window's first scalar; they fill the codes the lead bytes 0x80–0xFB
    /// give (124 × 256).
    static let windowBases: [UInt32] = windows.indices.map { w in windows[..<w].reduce(0) { $0 + $1.count } }
    /// The code of U+3000, the ideographs' window (`windowBases[5]`, as a constant: the hot
    /// path would reach a stored static through a lazy accessor per character).
    @inline(__always) static var cjkBase: UInt32 { 2832 }
    /// The lead bytes after the two-byte codes.
    static let escapeBMP: UInt8 = 0xFC, escapeSupplementary: UInt8 = 0xFD

    /// The two-byte code of `scalar`, or nil when it has none.
    @inline(__always)
    static func code(of scalar: UInt32) -> UInt32? {
        // The ideographs first: most characters of a Chinese post.
        if scalar >= 0x3000 && scalar < 0xA000 { return cjkBase + (scalar - 0x3000) }
        for (w, window) in windows.enumerated() where scalar >= window.start && scalar - window.start < window.count {
            return windowBases[w] + (scalar - window.start)
        }
        return nil
    }

    /// The scalar of two-byte code `code`.
    @inline(__always)
    static func scalar(of code: UInt32) -> UInt32 {
        if code >= cjkBase && code - cjkBase < 0x7000 { return 0x3000 + (code - cjkBase) }
        var w = windows.count - 1
        while windowBases[w] > code { w -= 1 }
        return windows[w].start + (code - windowBases[w])
    }

    /// Encodes valid UTF-8 `utf8` into `out`, which must hold `utf8.count` bytes; returns the
    /// bytes written (at most `utf8.count`).
    static func encode(_ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        precondition(out.count >= utf8.count, "CompactText.encode needs room for the UTF-8 length")
        var i = 0, n = 0
        let count = utf8.count
        while i < count {
            let b0 = utf8[i]
            if b0 < 0x80 {
                out[n] = b0
                i += 1
                n += 1
                continue
            }
            // A scalar of 2, 3 or 4 UTF-8 bytes (valid UTF-8: the continuation bytes are there).
            let scalar: UInt32, width: Int
            if b0 < 0xE0 {
                scalar = UInt32(b0 & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                width = 2
            } else if b0 < 0xF0 {
                scalar = UInt32(b0 & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                width = 3
            } else {
                scalar = UInt32(b0 & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6
                    | UInt32(utf8[i + 3] & 0x3F)
                width = 4
            }
            i += width
            if let code = code(of: scalar) {
                out[n] = UInt8(0x80 + code >> 8)
                out[n + 1] = UInt8(truncatingIfNeeded: code)
                n += 2
            } else if scalar < 0x10000 {
                out[n] = escapeBMP
                out[n + 1] = UInt8(scalar >> 8)
                out[n + 2] = UInt8(truncatingIfNeeded: scalar)
                n += 3
            } else {
                out[n] = escapeSupplementary
                out[n + 1] = UInt8(scalar >> 16)
                out[n + 2] = UInt8(truncatingIfNeeded: scalar >> 8)
                out[n + 3] = UInt8(truncatingIfNeeded: scalar)
                n += 4
            }
        }
        return n
    }

    /// Calls `body` with each unit of `encoded` (as `encode` wrote it), in order: an ASCII
    /// byte as (its value, its value), a two-byte code as (128 + the code, 0), an escaped
    /// scalar as (−1, the scalar). Two-byte codes are not decoded to scalars (a count or a
    /// recoding by unit needs none).
    @inline(__always)
    static func forEachUnit(_ encoded: UnsafeBufferPointer<UInt8>, _ body: (Int, UInt32) -> Void) {
        var i = 0
        let count = encoded.count
        while i < count {
            let b0 = encoded[i]
            if b0 < 0x80 {
                body(Int(b0), UInt32(b0))
                i += 1
            } else if b0 < escapeBMP {
                guard i + 1 < count else { return }
                body(128 + (Int(b0 - 0x80) << 8 | Int(encoded[i + 1])), 0)
                i += 2
            } else if b0 == escapeBMP {
                guard i + 2 < count else { return }
                body(-1, UInt32(encoded[i + 1]) << 8 | UInt32(encoded[i + 2]))
                i += 3
            } else {
                guard i + 3 < count else { return }
                body(-1, UInt32(encoded[i + 1]) << 16 | UInt32(encoded[i + 2]) << 8 | UInt32(encoded[i + 3]))
                i += 4
            }
        }
    }

    /// Calls `body` with each scalar of `encoded` (as `encode` wrote it), in order.
    static func forEachScalar(_ encoded: UnsafeBufferPointer<UInt8>, _ body: (UInt32) -> Void) {
        forEachUnit(encoded) { unit, scalar in
            body(unit < 128 ? scalar : Self.scalar(of: UInt32(unit - 128)))
        }
    }

    /// The text of `encoded`, which `encode` wrote from `utf8Count` bytes of UTF-8.
    static func decode(_ encoded: UnsafeBufferPointer<UInt8>, utf8Count: Int) -> String {
        String(unsafeUninitializedCapacity: utf8Count) { out in
            var i = 0, n = 0
            let count = encoded.count, room = out.count
            // Every write below checks its room: for what `encode` wrote it always fits, and a
            // shortfall leaves the String shorter rather than writing past it.
            while i < count {
                let b0 = encoded[i]
                if b0 < 0x80 {
                    guard n < room else { break }
                    out[n] = b0
                    i += 1
                    n += 1
                    continue
                }
                let scalar: UInt32
                if b0 < escapeBMP {
                    guard i + 1 < count else { break }
                    scalar = Self.scalar(of: UInt32(b0 - 0x80) << 8 | UInt32(encoded[i + 1]))
                    i += 2
                } else if b0 == escapeBMP {
                    guard i + 2 < count else { break }
                    scalar = UInt32(encoded[i + 1]) << 8 | UInt32(encoded[i + 2])
                    i += 3
                } else {
                    guard i + 3 < count else { break }
                    scalar = UInt32(encoded[i + 1]) << 16 | UInt32(encoded[i + 2]) << 8 | UInt32(encoded[i + 3])
                    i += 4
                }
                if scalar < 0x800 {
                    guard n + 2 <= room else { break }
                    out[n] = UInt8(0xC0 | scalar >> 6)
                    out[n + 1] = UInt8(0x80 | scalar & 0x3F)
                    n += 2
                } else if scalar < 0x10000 {
                    guard n + 3 <= room else { break }
                    out[n] = UInt8(0xE0 | scalar >> 12)
                    out[n + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    out[n + 2] = UInt8(0x80 | scalar & 0x3F)
                    n += 3
                } else {
                    guard n + 4 <= room else { break }
                    out[n] = UInt8(0xF0 | scalar >> 18)
                    out[n + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                    out[n + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    out[n + 3] = UInt8(0x80 | scalar & 0x3F)
                    n += 4
                }
            }
            return n
        }
    }
}
