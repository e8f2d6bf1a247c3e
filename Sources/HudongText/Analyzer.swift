/// The analysis pipeline: folding stages, a segmenter and token filters, as one value.
///
/// `analyze` turns a text into tokens that carry their folded term, kind, position and offsets
/// into the original text. An analyzer is `Sendable`: share one across threads.
public struct Analyzer: Sendable {
    /// Folding stages, applied in order before segmentation.
    public let folding: TextFolding
    /// The segmentation stage.
    public let segmenter: any Segmenter
    /// Token filters, applied in order after segmentation.
    public let filters: [any TokenFilter]

    public init(normalizers: [any TextNormalizer], segmenter: any Segmenter, filters: [any TokenFilter] = []) {
        self.folding = TextFolding(normalizers)
        self.segmenter = segmenter
        self.filters = filters
    }

    /// The standard Chinese pipeline: NFKC + case folding, Traditional → Simplified, ICU word
    /// break with `userDictionary` (and an optional fixed `lexicon`), no filters.
    public static func chinese(userDictionary: UserDictionary? = nil, lexicon: DictionaryTrie? = nil) throws(TextError) -> Analyzer {
        let folding = try TextFolding.standard()
        let dictionary: UserDictionary = if let userDictionary { userDictionary } else { try UserDictionary(folding: folding) }
        return Analyzer(normalizers: folding.normalizers,
                        segmenter: try ChineseWordSegmenter(userDictionary: dictionary, lexicon: lexicon))
    }

    /// Analyzes `text`: folds it, segments it and filters its tokens (the full `Token`s are
    /// built here only when there are filters; otherwise when `AnalyzedText.tokens` is read).
    ///
    /// Token boundaries fall only between characters of the original text: a segment that starts
    /// or ends inside what one original character folded to (`㍿` → `株式会社`) is widened to the
    /// whole of it, and segments that then overlap become one token. So every token's offsets
    /// slice the original back to a surface whose folding is the token's term.
    public func analyze(_ text: String) -> AnalyzedText {
        analyze(text, folded: folding.apply(text))
    }

    /// Analyzes `text` whose folding `folded` (`folding.apply(text)`) is already at hand.
    public func analyze(_ text: String, folded normalized: NormalizedText) -> AnalyzedText {
        var spans = segmenter.segment(normalized)
        let count = normalized.units.count
        // Widened in place: `write` spans kept so far, the last of them possibly merged into.
        var write = 0
        normalized.sourceStart.withUnsafeBufferPointer { sourceStart in
        normalized.sourceEnd.withUnsafeBufferPointer { sourceEnd in
        spans.withUnsafeMutableBufferPointer { spans in
            for s in spans.indices {
                let span = spans[s]
                var lower = span.range.lowerBound
                var upper = span.range.upperBound
                guard lower < upper, upper <= count else { continue }
                // Widen to whole original characters.
                while lower > 0, sourceEnd[lower - 1] > sourceStart[lower] { lower -= 1 }
                while upper < count, sourceStart[upper] < sourceEnd[upper - 1] { upper += 1 }
                var kind = span.kind
                if write > 0, lower < spans[write - 1].range.upperBound {
                    // Overlaps the previous token after widening: one token.
                    write -= 1
                    let last = spans[write]
                    lower = last.range.lowerBound
                    upper = max(upper, last.range.upperBound)
                    kind = last.kind == .cjkWord || kind == .cjkWord ? .cjkWord : last.kind
                }
                spans[write] = TokenSpan(range: lower..<upper, kind: kind)
                write += 1
            }
        }
        }
        }
        spans.removeLast(spans.count - write)
        var analyzed = AnalyzedText(original: text, normalized: normalized, spans: spans)
        if !filters.isEmpty {
            var tokens = analyzed.tokens
            for filter in filters { filter.filter(&tokens) }
            analyzed.tokens = tokens
        }
        return analyzed
    }

    /// The folded form of `text` (what queries and keywords are compared in).
    public func fold(_ text: String) -> String { folding.fold(text) }

    /// The user dictionary, when the segmenter is a `ChineseWordSegmenter`.
    public var userDictionary: UserDictionary? { (segmenter as? ChineseWordSegmenter)?.userDictionary }
}
