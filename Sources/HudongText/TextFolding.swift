/// A chain of folding stages applied to whole strings: what makes a query, a dictionary term
/// or a watchlist keyword compare equal to the text it should match.
public struct TextFolding: Sendable {
    /// The stages, in order.
    public let normalizers: [any TextNormalizer]

    public init(_ normalizers: [any TextNormalizer]) {
        self.normalizers = normalizers
    }

    /// NFKC + case folding, then Traditional → Simplified: the standard folding for Chinese.
    public static func standard() throws(TextError) -> TextFolding {
        TextFolding([try CompatibilityCaseFolding(), try ChineseScriptFolding()])
    }

    /// Folds `text` with its map back to the original.
    public func apply(_ text: String) -> NormalizedText {
        var normalized = NormalizedText(text)
        for stage in normalizers { stage.normalize(&normalized) }
        return normalized
    }

    /// The folded form of `text`.
    public func fold(_ text: String) -> String { apply(text).string }
}
