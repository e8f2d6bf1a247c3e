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
    public var bareTerm: Substring { Self.bareTerm(of: term, kind: kind) }

    /// `term` without the marks of a token of `kind` (a hashtag's `#`s, a mention's `@`).
    public static func bareTerm(of term: String, kind: TokenKind) -> Substring {
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
/// The tokens are kept as `spans` (kind and folded range): indexing and tagging read those and
/// the folded units, and `tokens` builds the full `Token`s (term strings, original offsets) when
/// asked, so an ingest that never asks never builds a string per word.
public struct AnalyzedText: Sendable, Equatable {
    /// The text as given.
    public let original: String
    /// The folded text with its map back to `original`.
    public let normalized: NormalizedText
    /// Each token's kind and range of `normalized.units`, in text order (one per token).
    public private(set) var spans: [TokenSpan]
    /// The tokens as given or filtered; nil while they are `spans` and built on demand.
    private var given: [Token]?

    public init(original: String, normalized: NormalizedText, tokens: [Token]) {
        self.original = original
        self.normalized = normalized
        self.spans = tokens.map { TokenSpan(range: $0.normalizedRange, kind: $0.kind) }
        self.given = tokens
    }

    /// An analysis whose tokens are `spans` (ranges that start and end on whole original
    /// characters, as `Analyzer` makes them), numbered from 0.
    init(original: String, normalized: NormalizedText, spans: [TokenSpan]) {
        self.original = original
        self.normalized = normalized
        self.spans = spans
        self.given = nil
    }

    /// The tokens in text order.
    ///
    /// Cost: unless they were given or filtered, built on each read (a string per token): read
    /// once into a local, or use `spans` and `term(at:)`.
    public var tokens: [Token] {
        get { given ?? Self.tokens(of: spans, in: normalized) }
        set {
            spans = newValue.map { TokenSpan(range: $0.normalizedRange, kind: $0.kind) }
            given = newValue
        }
    }

    /// The term of token `i` (`tokens[i].term`), built alone.
    public func term(at i: Int) -> String {
        if let given { return given[i].term }
        return normalized.string(spans[i].range)
    }

    /// `tags` followed by the bare terms of the text's hashtags (`#双十一#` → `双十一`) that are
    /// not among them yet: an item's tags as the index and the tagger take them.
    public func tags(addingHashtagsTo tags: [String]) -> [String] {
        var tags = tags
        for i in spans.indices where spans[i].kind == .hashtag {
            let tag = String(Token.bareTerm(of: term(at: i), kind: .hashtag))
            if !tag.isEmpty, !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }

    public static func == (lhs: AnalyzedText, rhs: AnalyzedText) -> Bool {
        lhs.original == rhs.original && lhs.normalized == rhs.normalized && lhs.tokens == rhs.tokens
    }

    /// Full tokens of `spans`: terms from the folded units, offsets through the folding's map.
    static func tokens(of spans: [TokenSpan], in normalized: NormalizedText) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(spans.count)
        normalized.units.withUnsafeBufferPointer { units in
        normalized.sourceStart.withUnsafeBufferPointer { sourceStart in
        normalized.sourceEnd.withUnsafeBufferPointer { sourceEnd in
        normalized.utf8OffsetOfScalar.withUnsafeBufferPointer { utf8Offset in
            for span in spans {
                let range = span.range
                let characters = Int(sourceStart[range.lowerBound])..<Int(sourceEnd[range.upperBound - 1])
                let bytes = Int(utf8Offset[characters.lowerBound])..<Int(utf8Offset[characters.upperBound])
                tokens.append(Token(term: NormalizedText.string(UnsafeBufferPointer(rebasing: units[range])),
                                    kind: span.kind, position: tokens.count,
                                    characterRange: characters, utf8Range: bytes, normalizedRange: range))
            }
        }
        }
        }
        }
        return tokens
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
