/// What a token is: the kinds of text the analyzer emits. Punctuation and spaces are never tokens.
public enum TokenKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A word of Chinese (Han) or Japanese kana text.
    case cjkWord = "cjk"
    /// A word of an alphabetic script: Latin letters (with digits inside, as `mp3`), or others.
    case latinWord = "latin"
    /// A number: `2024`, `3.14`, `1,000`.
    case number
    /// A hashtag, `#双十一#` (Weibo) or `#tag` (Twitter style); the term keeps its `#` marks.
    case hashtag
    /// A mention, `@天猫`; the term keeps its `@`.
    case mention
    /// A URL, `https://t.cn/abc`.
    case url
    /// An emoji, with its modifiers and joined sequence: `👍🏻`, `👨‍👩‍👧`.
    case emoji
}

/// One token: its folded term, kind, position and where it sits in the original text.
///
/// `characterRange` counts Unicode scalars (code points, as Python or ICU code-point APIs count),
/// `utf8Range` counts bytes; both slice the *original* text back to the token's surface form,
/// whatever folding changed (Traditional script, full-width forms, case).
public struct Token: Sendable, Hashable {
    /// The folded term: NFKC, case-folded, Simplified script.
    public var term: String
    /// What kind of token this is.
    public var kind: TokenKind
    /// The token's ordinal among the text's tokens (0-based; filters may leave gaps).
    public var position: Int
    /// Unicode-scalar offsets into the original text.
    public var characterRange: Range<Int>
    /// UTF-8 byte offsets into the original text.
    public var utf8Range: Range<Int>
    /// UTF-16 unit offsets into the normalized text (`AnalyzedText.normalized`).
    public var normalizedRange: Range<Int>

    public init(term: String, kind: TokenKind, position: Int, characterRange: Range<Int>,
                utf8Range: Range<Int>, normalizedRange: Range<Int>) {
        self.term = term
        self.kind = kind
        self.position = position
        self.characterRange = characterRange
        self.utf8Range = utf8Range
        self.normalizedRange = normalizedRange
    }

    /// The term without hashtag or mention marks (`#双十一#` → `双十一`, `@天猫` → `天猫`).
    public var bareTerm: Substring {
        switch kind {
        case .hashtag:
            var s = Substring(term).dropFirst()
            if s.last == "#" { s = s.dropLast() }
            return s
        case .mention:
            return Substring(term).dropFirst()
        default:
            return Substring(term)
        }
    }
}

/// The result of analyzing one text: the original, its folded form and its tokens.
///
/// One analysis feeds every consumer (index, tagger, router, listener); none re-segments.
public struct AnalyzedText: Sendable, Equatable {
    /// The text as given.
    public let original: String
    /// The folded text with its map back to `original`.
    public let normalized: NormalizedText
    /// The tokens in text order.
    public var tokens: [Token]

    public init(original: String, normalized: NormalizedText, tokens: [Token]) {
        self.original = original
        self.normalized = normalized
        self.tokens = tokens
    }
}

extension String {
    /// The substring at Unicode-scalar offsets `range`, as tokens and highlights report them.
    ///
    /// Cost: O(range.upperBound) — it walks the scalars from the start.
    public func slice(characters range: Range<Int>) -> Substring {
        let scalars = unicodeScalars
        let lower = scalars.index(scalars.startIndex, offsetBy: range.lowerBound, limitedBy: scalars.endIndex) ?? scalars.endIndex
        let upper = scalars.index(lower, offsetBy: range.count, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return Substring(scalars[lower..<upper])
    }

    /// The substring at UTF-8 byte offsets `range` (repairing a cut inside a character).
    public func slice(utf8 range: Range<Int>) -> String {
        let bytes = Array(utf8)
        let lower = min(max(0, range.lowerBound), bytes.count)
        let upper = min(max(lower, range.upperBound), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
