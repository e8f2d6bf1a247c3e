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

    /// Analyzes `text`: folds it, segments it, builds and filters its tokens.
    public func analyze(_ text: String) -> AnalyzedText {
        let normalized = folding.apply(text)
        let spans = segmenter.segment(normalized)
        var tokens: [Token] = []
        tokens.reserveCapacity(spans.count)
        normalized.units.withUnsafeBufferPointer { units in
            for (position, span) in spans.enumerated() {
                let characters = Int(normalized.sourceStart[span.range.lowerBound])..<Int(normalized.sourceEnd[span.range.upperBound - 1])
                let term = String(decoding: UnsafeBufferPointer(rebasing: units[span.range]), as: UTF16.self)
                tokens.append(Token(term: term, kind: span.kind, position: position,
                                    characterRange: characters,
                                    utf8Range: normalized.utf8Range(ofScalars: characters),
                                    normalizedRange: span.range))
            }
        }
        for filter in filters { filter.filter(&tokens) }
        return AnalyzedText(original: text, normalized: normalized, tokens: tokens)
    }

    /// The folded form of `text` (what queries and keywords are compared in).
    public func fold(_ text: String) -> String { folding.fold(text) }

    /// The user dictionary, when the segmenter is a `ChineseWordSegmenter`.
    public var userDictionary: UserDictionary? { (segmenter as? ChineseWordSegmenter)?.userDictionary }
}
