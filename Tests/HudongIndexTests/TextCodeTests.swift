@testable import HudongIndex
import Testing

/// The Huffman code of stored texts (`TextCode`): every text reads back byte for byte, no
/// code is longer than its limit, and the code is complete.
@Suite("Text code")
struct TextCodeTests {
    /// A code for `texts`' characters and the texts coded in it.
    static func coded(_ texts: [String]) -> (TextCode, [[UInt8]])? {
        var counts: [UInt32: Int] = [:]
        for text in texts { for s in text.unicodeScalars { counts[s.value, default: 0] += 1 } }
        guard let code = TextCode(counts: counts.map { ($0.key, $0.value) }) else { return nil }
        let encoder = TextCode.Encoder(code)
        let bytes = texts.map { text in
            var out: [UInt8] = []
            #expect(encoder.encode(into: &out) { body in for s in text.unicodeScalars { body(s.value) } })
            return out
        }
        return (code, bytes)
    }

    /// Kraft's sum of the code's lengths, in units of 2^-maxLength: exactly 2^maxLength for a
    /// complete prefix code of two or more symbols.
    static func kraftSum(_ code: TextCode) -> Int {
        code.lengths.reduce(0) { $0 + 1 << (TextCode.maxLength - Int($1)) }
    }

    @Test("Corpus lines and edge texts read back byte for byte, in fewer bytes than CompactText")
    func roundTrip() throws {
        let lines = TestCorpus.items(reviews: 400, traditional: 150, simplified: 150).map(\.text)
        let edges = ["", "a", "😀", "😀👍🏽 小米", "退款到賬了嗎？", "cafe\u{301} ＡＢＣ１２３", String(repeating: "长文", count: 3_000),
                     "\u{FEFF}\u{200B}\u{10FFFF}\u{E000}", "𠀀𪚥 龘"]
        let texts = lines + edges
        let (code, bytes) = try #require(Self.coded(texts))
        #expect(Self.kraftSum(code) == 1 << TextCode.maxLength)
        var codedTotal = 0, compactTotal = 0
        for (text, coded) in zip(texts, bytes) {
            let utf8 = Array(text.utf8)
            let decoded = coded.withUnsafeBufferPointer { code.decode($0, utf8Count: utf8.count) }
            #expect(Array(decoded.utf8) == utf8, "\(text.prefix(40))")
            var scalars: [UInt32] = []
            coded.withUnsafeBufferPointer { code.forEachScalar($0, utf8Count: utf8.count) { scalars.append($0) } }
            #expect(scalars == text.unicodeScalars.map(\.value), "\(text.prefix(40))")
            codedTotal += coded.count
            compactTotal += utf8.withUnsafeBufferPointer { utf8 in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count) { CompactText.encode(utf8, into: $0) }
            }
        }
        #expect(codedTotal * 4 < compactTotal * 3, "coded \(codedTotal) bytes, CompactText \(compactTotal)")
    }

    @Test("Skewed counts stay within the length limit, the code complete; one symbol takes one bit")
    func lengthLimit() throws {
        // Fibonacci counts give Huffman a tree as deep as there are symbols.
        var fibonacci = [1, 1]
        while fibonacci.count < 60 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        let code = try #require(TextCode(counts: fibonacci.enumerated().map { (UInt32(0x4E00 + $0.offset), $0.element) }))
        #expect(code.lengths.allSatisfy { $0 >= 1 && Int($0) <= TextCode.maxLength })
        #expect(Self.kraftSum(code) == 1 << TextCode.maxLength)
        // Every symbol, the rarest (longest codes) included, reads back.
        let text = String(String.UnicodeScalarView(code.symbols.reversed().compactMap { Unicode.Scalar($0.first) }))
        let (again, bytes) = try #require(Self.coded([text]))
        #expect(bytes[0].withUnsafeBufferPointer { again.decode($0, utf8Count: text.utf8.count) } == text)
        let coded = TextCode.Encoder(code)
        var out: [UInt8] = []
        #expect(coded.encode(into: &out) { body in for s in text.unicodeScalars { body(s.value) } })
        #expect(out.withUnsafeBufferPointer { code.decode($0, utf8Count: text.utf8.count) } == text)

        let single = try #require(TextCode(counts: [(0x597D, 9)]))
        #expect(single.lengths == [1])
        let (one, oneBytes) = try #require(Self.coded(["好好好好好好好好好"]))
        #expect(oneBytes[0].count == 2 && oneBytes[0].withUnsafeBufferPointer { one.decode($0, utf8Count: 27) } == "好好好好好好好好好")
        #expect(TextCode(counts: []) == nil && TextCode(counts: [(0x597D, 0)]) == nil)
    }

    @Test("The same counts give the same code in whatever order they come (many ties among them)")
    func sameCountsSameCode() throws {
        // Counts from a dictionary come in an order that changes from run to run; Huffman's
        // lengths depend on how ties are broken.
        let texts = TestCorpus.items(reviews: 40, traditional: 10, simplified: 10).map(\.text)
        var counts: [UInt32: Int] = [:]
        for text in texts { for s in text.unicodeScalars { counts[s.value, default: 0] += 1 } }
        let ordered = counts.sorted { $0.key < $1.key }.map { (scalar: $0.key, count: $0.value) }
        let first = try #require(TextCode(counts: ordered))
        var rng = TestCorpus.Random(seed: 11)
        for _ in 0..<5 {
            let shuffled = try #require(TextCode(counts: ordered.shuffled(using: &rng)))
            #expect(shuffled.symbols == first.symbols && shuffled.lengths == first.lengths)
        }
        let reversed = try #require(TextCode(counts: ordered.reversed()))
        #expect(reversed.symbols == first.symbols && reversed.lengths == first.lengths)
        #expect(Set(ordered.map(\.count)).count < ordered.count / 4)  // ties are the rule here
    }

    @Test("A character the code lacks is refused and nothing is written")
    func missingCharacter() throws {
        let (code, _) = try #require(Self.coded(["小米手机"]))
        let encoder = TextCode.Encoder(code)
        var out: [UInt8] = [7]
        #expect(!encoder.encode(into: &out) { body in for s in "小米华为".unicodeScalars { body(s.value) } })
        #expect(out == [7])
        #expect(!encoder.encode(into: &out) { body in body(0x1F600) })
        #expect(out == [7])
    }

    @Test("Pairs of characters: texts read back, split greedily from the start, each pair in one code")
    func pairs() throws {
        let texts = ["酒店房间", "的的的", "的的的的", "ab", "aba", "酒😀店", "店房酒店", "", "酒", "房间。的的，好", "😀😀", "间酒店"]
        var counts: [UInt32: Int] = [:]
        for text in texts { for s in text.unicodeScalars { counts[s.value, default: 0] += 1 } }
        func pair(_ s: String) -> (first: UInt32, second: UInt32, count: Int) {
            let v = s.unicodeScalars.map(\.value)
            return (v[0], v[1], 50)
        }
        // (An emoji pair: `CompactText` escapes emoji, so the encoder never uses it.)
        let code = try #require(TextCode(counts: counts.map { ($0.key, $0.value) }, pairs: ["酒店", "店房", "的的", "ab", "间酒", "😀😀"].map(pair)))
        #expect(Self.kraftSum(code) == 1 << TextCode.maxLength)
        let encoder = TextCode.Encoder(code)
        func symbols(_ text: String) throws -> [String] {
            var out: [UInt8] = []
            #expect(encoder.encode(into: &out) { body in for s in text.unicodeScalars { body(s.value) } })
            let utf8 = Array(text.utf8)
            #expect(Array(out.withUnsafeBufferPointer { code.decode($0, utf8Count: utf8.count) }.utf8) == utf8, "\(text)")
            var scalars: [UInt32] = []
            out.withUnsafeBufferPointer { code.forEachScalar($0, utf8Count: utf8.count) { scalars.append($0) } }
            #expect(scalars == text.unicodeScalars.map(\.value), "\(text)")
            // The `CompactText` path splits the same way, into the same bytes.
            var compact = [UInt8](repeating: 0, count: utf8.count * 2 + 8), coded = [UInt8](repeating: 0, count: utf8.count * 3 + 8)
            let n = utf8.withUnsafeBufferPointer { u in compact.withUnsafeMutableBufferPointer { CompactText.encode(u, into: $0) } }
            let m = try #require(compact.withUnsafeBufferPointer { c in
                coded.withUnsafeMutableBufferPointer { encoder.encode(compact: UnsafeBufferPointer(rebasing: c[..<n]), into: $0.baseAddress!) }
            })
            #expect(Array(coded[..<m]) == out, "\(text)")
            var split: [String] = [], read = 0
            out.withUnsafeBufferPointer { bytes in
                code.forEachSymbol(bytes) { s in
                    guard read < utf8.count else { return false }
                    let symbol = code.symbols[s]
                    var piece = String(Unicode.Scalar(symbol.first)!)
                    if symbol.isPair { piece.unicodeScalars.append(Unicode.Scalar(symbol.second)!) }
                    split.append(piece)
                    read += code.utf8Count(ofSymbol: s)
                    return read < utf8.count
                }
            }
            return split
        }
        #expect(try symbols("酒店房间") == ["酒店", "房", "间"])
        #expect(try symbols("店房酒店") == ["店房", "酒店"])
        #expect(try symbols("间酒店") == ["间酒", "店"])
        #expect(try symbols("的的的") == ["的的", "的"])
        #expect(try symbols("的的的的") == ["的的", "的的"])
        #expect(try symbols("aba") == ["ab", "a"])
        #expect(try symbols("酒😀店") == ["酒", "😀", "店"])
        #expect(try symbols("😀😀") == ["😀", "😀"])
        #expect(try symbols("") == [])
        for text in texts { _ = try symbols(text) }
    }
}
