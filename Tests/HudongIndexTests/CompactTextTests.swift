@testable import HudongIndex
import Testing

/// The stored text encoding (`CompactText`): every scalar reads back, no text grows past its
/// UTF-8 length, and real Chinese posts shrink by about the third byte of their characters.
@Suite("Compact stored text")
struct CompactTextTests {
    /// Encodes and decodes `text`; returns the encoded bytes.
    static func roundTrip(_ original: String) -> [UInt8] {
        var text = original
        return text.withUTF8 { utf8 in
            var out = [UInt8](repeating: 0, count: utf8.count)
            let n = out.withUnsafeMutableBufferPointer { CompactText.encode(utf8, into: $0) }
            out.removeLast(out.count - n)
            let back = out.withUnsafeBufferPointer { CompactText.decode($0, utf8Count: utf8.count) }
            #expect(back.utf8.elementsEqual(utf8), "\(Array(original.unicodeScalars.prefix(3)))…")
            return out
        }
    }

    @Test("Unicode scalars read back, in no more bytes than UTF-8, and the table's scalars in two")
    func everyScalar() {
        // The whole Basic Multilingual Plane; the supplementary planes (one escape for all)
        // every 13th scalar and the last.
        let scalars = ((0..<0x10000).map { $0 } + Array(stride(from: 0x10000, to: 0x10FFFF, by: 13)) + [0x10FFFF])
            .compactMap(Unicode.Scalar.init)
        var twoByte = 0
        for chunk in stride(from: 0, to: scalars.count, by: 4_096) {
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[chunk..<min(chunk + 4_096, scalars.count)])
            let encoded = Self.roundTrip(text)
            #expect(encoded.count <= text.utf8.count)
        }
        // Each scalar's length alone (they all read back above).
        var wrong: [UInt32] = []
        var utf8 = [UInt8](repeating: 0, count: 4), out = [UInt8](repeating: 0, count: 4)
        for s in scalars {
            var width = 0
            UTF8.encode(s) { utf8[width] = $0; width += 1 }
            let n = utf8.withUnsafeBufferPointer { bytes in
                out.withUnsafeMutableBufferPointer { CompactText.encode(UnsafeBufferPointer(rebasing: bytes[..<width]), into: $0) }
            }
            let inTable = CompactText.windows.contains { s.value >= $0.start && s.value < $0.start + $0.count }
            if n != (s.value < 0x80 ? 1 : inTable ? 2 : s.value < 0x10000 ? 3 : 4) { wrong.append(s.value) }
            if inTable { twoByte += 1 }
        }
        #expect(wrong.isEmpty, "lengths wrong for \(wrong.prefix(5).map { String($0, radix: 16) })")
        // The table fills exactly the codes of the lead bytes 0x80–0xFB, in ascending,
        // disjoint windows, and the ideographs' base constant is its place.
        #expect(twoByte == 124 * 256)
        #expect(zip(CompactText.windows, CompactText.windows.dropFirst()).allSatisfy { $0.start + $0.count <= $1.start })
        #expect(CompactText.windows[5].start == 0x3000 && CompactText.windowBases[5] == CompactText.cjkBase)
    }

    @Test("mixed texts read back byte for byte, and equal texts only have equal encodings")
    func mixedTexts() {
        let pieces = ["小米", "手機", "，", "。", "😀", "👍🏻", "e\u{301}", "é", "ＡＢＣ", "abc", " ", "\n", "“", "…", "①", "★", "한국",
                      "Ω", "\u{FFFD}", "\u{FEFF}", "\u{10FFFF}", "\u{7FF}", "\u{800}", "\u{FFFF}"]
        var rng = TestCorpus.Random(seed: 11)
        var seen: [[UInt8]: String] = [:]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let encoded = Self.roundTrip(text)
            if let other = seen[encoded] { #expect(Array(other.utf8) == Array(text.utf8)) }
            seen[encoded] = text
        }
    }

    @Test("the bundled corpora read back, at under three quarters of their UTF-8 size")
    func corpora() {
        var utf8 = 0, stored = 0
        for name in ["reviews_zh.txt", "manpages_zh_CN.txt", "manpages_zh_TW.txt"] {
            let lines = TestCorpus.lines(name)
            #expect(lines.count > 1_000, "\(name) missing")
            var rng = TestCorpus.Random(seed: 7)
            for line in lines where Double.random(in: 0..<1, using: &rng) < 0.1 {
                utf8 += line.utf8.count
                stored += Self.roundTrip(line).count
            }
        }
        #expect(utf8 > 0 && Double(stored) < 0.75 * Double(utf8), "stored \(stored) of \(utf8) UTF-8 bytes")
    }

    @Test("a decoded text never runs past the length it is given")
    func shortLength() {
        var text = "小米手机很好"
        let encoded = text.withUTF8 { utf8 in
            var out = [UInt8](repeating: 0, count: utf8.count)
            out.removeLast(out.count - out.withUnsafeMutableBufferPointer { CompactText.encode(utf8, into: $0) })
            return out
        }
        let cut = encoded.withUnsafeBufferPointer { CompactText.decode($0, utf8Count: 7) }
        #expect(cut == "小米")
    }
}
