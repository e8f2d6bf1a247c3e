import HudongListening
import HudongText
import Testing

/// The scanner equals the brute-force reference on real corpora for random keyword sets.
@Suite("Scanner versus reference on real corpora")
struct ScannerPropertyTests {
    let folding = ListeningFixtures.folding
    /// Lines sampled per corpus: enough to cover the scripts, small enough for a debug build.
    let sampleSize = 250

    /// A seeded sample of the lines of `file`.
    func sample(_ file: String, seed: UInt64) throws -> [String] {
        var generator = SeededGenerator(seed: seed)
        let lines = try ListeningFixtures.lines(file)
        return (0..<sampleSize).map { _ in lines[Int.random(in: 0..<lines.count, using: &generator)] }
    }

    /// Random keywords: substrings (1–6 characters) of random lines, so many of them occur,
    /// plus Latin words and exclusions that extend other keywords.
    func keywords(from lines: [String], count: Int, seed: UInt64) -> [ScanKeyword] {
        var generator = SeededGenerator(seed: seed)
        var result: [ScanKeyword] = []
        while result.count < count {
            let line = Array(lines[Int.random(in: 0..<lines.count, using: &generator)])
            guard line.count > 6 else { continue }
            let length = Int.random(in: 1...6, using: &generator)
            let start = Int.random(in: 0..<(line.count - length), using: &generator)
            let text = String(line[start..<(start + length)])
            let group = Int.random(in: 0..<4, using: &generator)
            let exclusion = Int.random(in: 0..<10, using: &generator) == 0
            let wholeWords = Int.random(in: 0..<3, using: &generator) != 0
            let keyword = ScanKeyword(text, group: group, isExclusion: exclusion, wholeWords: wholeWords)
            if !folding.foldedUnits(text).isEmpty { result.append(keyword) }
        }
        return result
    }

    /// Inserts noise, full-width forms and case changes at random places.
    func noisy(_ text: String, using generator: inout SeededGenerator) -> String {
        let noise = [" ", "-", "·", ".", "_", "*", "\u{200B}", "\u{3000}", "・", "—", "\u{FEFF}"]
        var result = ""
        for character in text {
            var piece = String(character)
            if let ascii = character.asciiValue, (0x21...0x7E).contains(ascii), Bool.random(using: &generator) {
                piece = String(Character(Unicode.Scalar(UInt32(ascii) - 0x21 + 0xFF01)!))
            } else if Int.random(in: 0..<4, using: &generator) == 0 {
                piece = piece.uppercased()
            }
            result += piece
            if Int.random(in: 0..<3, using: &generator) == 0 { result += noise.randomElement(using: &generator)! }
        }
        return result
    }

    func compare(keywords: [ScanKeyword], lines: [String]) throws -> Int {
        let scanner = try KeywordScanner(keywords: keywords, folding: folding)
        let reference = ReferenceScanner(keywords: keywords, folding: folding.folding)
        var buffers = ScanBuffers()
        var total = 0
        for line in lines {
            scanner.scan(line, into: &buffers)
            let expected = reference.matches(in: line)
            #expect(buffers.matches == expected, "\(line)")
            if buffers.matches != expected { break }
            total += expected.count
        }
        return total
    }

    @Test("reviews, random keyword sets", arguments: [1, 2, 3] as [UInt64])
    func reviews(seed: UInt64) throws {
        let lines = try sample("reviews_zh.txt", seed: seed)
        let total = try compare(keywords: keywords(from: lines, count: 300, seed: seed * 31), lines: lines)
        #expect(total > 100)
    }

    @Test("Traditional text with Simplified and Traditional keywords", arguments: [4, 5] as [UInt64])
    func traditional(seed: UInt64) throws {
        let traditional = try sample("manpages_zh_TW.txt", seed: seed)
        let simplified = try sample("manpages_zh_CN.txt", seed: seed)
        var keywords = keywords(from: simplified, count: 200, seed: seed * 31)
        keywords += self.keywords(from: traditional, count: 100, seed: seed * 37)
        let total = try compare(keywords: keywords, lines: traditional)
        #expect(total > 100)
    }

    @Test("noisy spellings: full width, case and noise inserted", arguments: [6, 7] as [UInt64])
    func noisySpellings(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let lines = try sample(seed == 6 ? "reviews_zh.txt" : "manpages_zh_CN.txt", seed: seed)
        let keywords = keywords(from: lines, count: 300, seed: seed * 31)
        let noisyLines = lines.map { noisy($0, using: &generator) }
        let total = try compare(keywords: keywords, lines: noisyLines)
        #expect(total > 100)
    }

    @Test("noise does not change what Chinese keywords find")
    func noiseInvariance() throws {
        var generator = SeededGenerator(seed: 11)
        let lines = try sample("reviews_zh.txt", seed: 11)
        let keywords = keywords(from: lines, count: 300, seed: 13).filter {
            $0.text.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) }
        }
        let scanner = try KeywordScanner(keywords: keywords, folding: folding)
        var buffers = ScanBuffers()
        for line in lines {
            scanner.scan(line, into: &buffers)
            let clean = buffers.matches.map { "\($0.keyword)@\($0.units)" }
            scanner.scan(noisy(line, using: &generator), into: &buffers)
            #expect(buffers.matches.map { "\($0.keyword)@\($0.units)" } == clean)
        }
    }
}
