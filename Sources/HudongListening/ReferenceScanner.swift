import HudongText

/// The brute-force reference for `KeywordScanner`: the answer the fast scanner must equal.
///
/// It folds the whole text with `TextFolding.apply` (the analyzer's own path, not the scanner's
/// table), drops `NoiseCharacters`, then tries every keyword at every position by comparing
/// units (keywords grouped by length and looked up in a hash table, so it stays usable on a
/// whole corpus). Word boundaries and exclusions follow the rules documented on `ScanKeyword`.
/// Slow on purpose; for tests and benchmark result checks.
public struct ReferenceScanner: Sendable {
    /// The keywords, in the order given.
    public let keywords: [ScanKeyword]
    private let folding: TextFolding
    private let patterns: [[UInt16]]
    private let byLength: [Int: [[UInt16]: [Int]]]

    /// Folds every keyword with `folding` (the analyzer's `TextFolding`).
    public init(keywords: [ScanKeyword], folding: TextFolding) {
        self.keywords = keywords
        self.folding = folding
        var patterns: [[UInt16]] = []
        var byLength: [Int: [[UInt16]: [Int]]] = [:]
        for (index, keyword) in keywords.enumerated() {
            let units = ReferenceScanner.denoise(folding.apply(keyword.text)).units
            patterns.append(units)
            if !units.isEmpty { byLength[units.count, default: [:]][units, default: []].append(index) }
        }
        self.patterns = patterns
        self.byLength = byLength
    }

    /// The text folded and denoised, each unit with its original UTF-8 range and scalar range.
    public struct Denoised: Sendable {
        /// Folded units without noise.
        public var units: [UInt16] = []
        /// Original UTF-8 range of each unit.
        public var utf8: [Range<Int>] = []
        /// Original Unicode-scalar range of each unit.
        public var scalars: [Range<Int>] = []
    }

    /// Drops noise units from a folded text, keeping each remaining unit's original ranges.
    public static func denoise(_ normalized: NormalizedText) -> Denoised {
        var result = Denoised()
        for (index, unit) in normalized.units.enumerated() where !NoiseCharacters.contains(unit) {
            let scalars = Int(normalized.sourceStart[index])..<Int(normalized.sourceEnd[index])
            result.units.append(unit)
            result.scalars.append(scalars)
            result.utf8.append(normalized.utf8Range(ofScalars: scalars))
        }
        return result
    }

    /// Every match in `text`, in `KeywordMatch` order.
    public func matches(in text: String) -> [KeywordMatch] {
        let view = ReferenceScanner.denoise(folding.apply(text))
        let n = view.units.count
        func isBoundary(_ index: Int) -> Bool {
            if index == 0 || index == n { return true }
            if view.utf8[index].lowerBound > view.utf8[index - 1].upperBound { return true }
            return !(WordCharacters.isWordUnit(view.units[index - 1]) && WordCharacters.isWordUnit(view.units[index]))
        }
        var found: [(keyword: Int, units: Range<Int>)] = []
        for start in 0..<n {
            for (length, table) in byLength where start + length <= n {
                guard let hits = table[Array(view.units[start..<(start + length)])] else { continue }
                for keyword in hits {
                    let units = start..<(start + length)
                    let pattern = patterns[keyword]
                    if keywords[keyword].wholeWords {
                        if let first = pattern.first, WordCharacters.isWordUnit(first), !isBoundary(units.lowerBound) { continue }
                        if let last = pattern.last, WordCharacters.isWordUnit(last), !isBoundary(units.upperBound) { continue }
                    }
                    found.append((keyword, units))
                }
            }
        }
        let exclusions = found.filter { keywords[$0.keyword].isExclusion }
        var result: [KeywordMatch] = []
        for hit in found where !keywords[hit.keyword].isExclusion {
            let group = keywords[hit.keyword].group
            if exclusions.contains(where: { keywords[$0.keyword].group == group && $0.units.overlaps(hit.units) }) { continue }
            let first = hit.units.lowerBound
            let last = hit.units.upperBound - 1
            result.append(KeywordMatch(keyword: hit.keyword, units: hit.units,
                                       utf8: view.utf8[first].lowerBound..<view.utf8[last].upperBound,
                                       characters: view.scalars[first].lowerBound..<view.scalars[last].upperBound))
        }
        return result.sorted()
    }
}
