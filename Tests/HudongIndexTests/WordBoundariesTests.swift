import Testing
@testable import HudongIndex
import HudongTestSupport
import HudongText

/// The word boundaries ranking reads (`WordBoundaries`, one bit a position) against the
/// segmenter's own flags on each unit, and the two-bit layout of older snapshots against them.
struct WordBoundariesTests {
    /// Whole-word answers straight from the units: a word starts on the first unit and ends on the last.
    static func expectedWholeWords(_ units: UnitSequence, maxSpan: Int) -> [(start: Int32, end: Int32, whole: Bool)] {
        var out: [(Int32, Int32, Bool)] = []
        for i in 0..<units.count {
            for j in i..<min(units.count, i + maxSpan) {
                let whole = units.flags[i] & UnitSequence.startsWord != 0 && units.flags[j] & UnitSequence.endsWord != 0
                out.append((units.positions[i], units.positions[j], whole))
            }
        }
        return out
    }

    static let items: [Item] = {
        var items = TestCorpus.items(reviews: 250, traditional: 120, simplified: 120, seed: 77)
        // Punctuation gaps, hashtags, mentions, Latin words with inner punctuation, emoji, an empty text.
        let edges = ["小米手机。华为手机！", "#双十一# 买了@小米官方 的 e-mail 3.5 寸屏", "👍🏻好评，x", "", "。。。", "清华大学"]
        items += edges.enumerated().map { Item(id: "edge\($0.offset)", text: $0.element) }
        return items
    }()

    @Test("every span of units is a whole word exactly when the segmenter's flags say so, and nothing past the last unit is")
    func matchesTheUnitFlags() {
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in Self.items { index.add(item) }
        var checked = 0, whole = 0, mismatches: [String] = []
        for doc in 0..<index.documents.count {
            let units = UnitSequence(index.analyzer.analyze(index.documents.items[doc].text))
            for (start, end, expected) in Self.expectedWholeWords(units, maxSpan: 6) {
                checked += 1
                if expected { whole += 1 }
                if index.documents.isWholeWord(document: Int32(doc), start: start, end: end) != expected {
                    mismatches.append("\(index.documents.items[doc].id) \(start)…\(end)")
                }
            }
            if let last = units.positions.last {
                #expect(!index.documents.isWholeWord(document: Int32(doc), start: last, end: last + 1))
                #expect(!index.documents.isWholeWord(document: Int32(doc), start: last + 1, end: last + 3))
            }
        }
        #expect(mismatches.count == 0, "first: \(mismatches.prefix(10))")
        #expect(checked > 50_000 && whole > 10_000 && whole < checked / 2)
    }

    @Test("the two-bit layout of snapshots before format 8 converts to the same boundaries, and compaction keeps them")
    func legacyLayoutAndCompaction() throws {
        var index = SearchIndex(analyzer: TestCorpus.analyzer)
        for item in Self.items { index.add(item) }
        for format: UInt32 in [7, 5, 1] {
            var bytes = MemoryBytes()
            index.writeSnapshot(to: &bytes, format: format)
            let loaded = try SearchIndex(snapshot: &bytes, format: format, analyzer: TestCorpus.analyzer)
            // (Compared outside `#expect`, which would print both arrays on a failure.)
            let same = loaded.documents.wordBoundaries.words == index.documents.wordBoundaries.words
                && loaded.documents.wordBoundaries.bases == index.documents.wordBoundaries.bases
            #expect(same, "format \(format)")
        }
        // The bits as builds before format 8 recorded them, from the units: a word start at 2p,
        // an end at 2p + 1, and nothing at a punctuation gap.
        var words: [UInt64] = [], bases: [Int64] = [], bitCount: Int64 = 0
        for doc in 0..<index.documents.count {
            bases.append(bitCount)
            let units = UnitSequence(index.analyzer.analyze(index.documents.items[doc].text))
            guard let last = units.positions.last else { continue }
            let bits = (Int64(last) + 1) * 2
            while Int64(words.count) * 64 < bitCount + bits { words.append(0) }
            for i in 0..<units.count {
                let at = bitCount + Int64(units.positions[i]) * 2
                if units.flags[i] & UnitSequence.startsWord != 0 { words[Int(at >> 6)] |= 1 << UInt64(at & 63) }
                if units.flags[i] & UnitSequence.endsWord != 0 { words[Int((at + 1) >> 6)] |= 1 << UInt64((at + 1) & 63) }
            }
            bitCount += bits
        }
        var legacy = MemoryBytes()
        legacy.put(array: words)
        legacy.put(array: bases)
        legacy.put(bitCount)
        let converted = try WordBoundaries(snapshot: &legacy, documents: bases.count, legacyLayout: true)
        let same = converted.words == index.documents.wordBoundaries.words && converted.bases == index.documents.wordBoundaries.bases
        #expect(same)
        #expect(converted.bitCount == index.documents.wordBoundaries.bitCount)
        // Deleting every third item and compacting: each survivor answers as it did.
        var thinned = index
        for (k, item) in Self.items.enumerated() where k % 3 == 0 { _ = thinned.delete(id: item.id) }
        let compacted = thinned.removingDeadDocuments()
        var mismatches = 0
        for doc in 0..<compacted.documents.count {
            let units = UnitSequence(compacted.analyzer.analyze(compacted.documents.items[doc].text))
            for (start, end, expected) in Self.expectedWholeWords(units, maxSpan: 4)
            where compacted.documents.isWholeWord(document: Int32(doc), start: start, end: end) != expected {
                mismatches += 1
            }
        }
        #expect(compacted.documents.count == Self.items.count - (Self.items.count + 2) / 3)
        #expect(mismatches == 0)
    }
}
