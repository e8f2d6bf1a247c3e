/// The filter stage of the pipeline: drops or rewrites tokens after segmentation.
///
/// Filters run in order; a dropped token leaves a gap in positions, so phrase distances still
/// count it.
public protocol TokenFilter: Sendable {
    /// Rewrites `tokens` in place.
    func filter(_ tokens: inout [Token])
}

/// Drops tokens whose term is in a stop list (folded), as `的`, `了`, `the`.
public struct StopWordFilter: TokenFilter {
    public let stopWords: Set<String>

    public init(_ stopWords: Set<String>) { self.stopWords = stopWords }

    public func filter(_ tokens: inout [Token]) {
        tokens.removeAll { stopWords.contains($0.term) }
    }
}

/// Keeps only tokens of the given kinds (for example words only, for segmentation scoring).
public struct TokenKindFilter: TokenFilter {
    public let kept: Set<TokenKind>

    public init(keeping kept: Set<TokenKind>) { self.kept = kept }

    public func filter(_ tokens: inout [Token]) {
        tokens.removeAll { !kept.contains($0.kind) }
    }
}
