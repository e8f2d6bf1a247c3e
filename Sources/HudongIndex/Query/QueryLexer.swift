/// One lexical unit of a query, with the Character offset where it starts.
struct QueryToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare word, backslash escapes resolved.
        case word(String)
        /// `"…"` (or `“…”`), escapes resolved.
        case phrase(String)
        /// `name:value` or `name:"value"`; `valueOffset` is where the value's text starts.
        case field(name: String, value: String, valueOffset: Int)
        case leftParen, rightParen
        case and, or, not
        /// `-` (or full-width `－`, `−`) glued to the clause it excludes.
        case minus
        case near(distance: Int, ordered: Bool)
        /// A lone `*`: everything.
        case star
        case end
    }

    var kind: Kind
    var offset: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case let .word(text): return "`\(text)`"
        case .phrase: return "a phrase"
        case let .field(name, _, _): return "`\(name):`"
        case .leftParen: return "`(`"
        case .rightParen: return "`)`"
        case .and: return "`AND`"
        case .or: return "`OR`"
        case .not: return "`NOT`"
        case .minus: return "`-`"
        case let .near(distance, ordered): return "`NEAR/\(distance)\(ordered ? "f" : "")`"
        case .star: return "`*`"
        case .end: return "the end of the query"
        }
    }
}

/// The characters that have a meaning in query syntax, ASCII and the full-width forms a Chinese keyboard types.
enum QuerySyntax {
    static func isQuote(_ c: Character) -> Bool { c == "\"" || c == "\u{201C}" || c == "\u{201D}" }
    static func isLeftParen(_ c: Character) -> Bool { c == "(" || c == "\u{FF08}" }
    static func isRightParen(_ c: Character) -> Bool { c == ")" || c == "\u{FF09}" }
    static func isMinus(_ c: Character) -> Bool { c == "-" || c == "\u{FF0D}" || c == "\u{2212}" }
    static func isColon(_ c: Character) -> Bool { c == ":" || c == "\u{FF1A}" }

    /// Ends a bare word: whitespace, parentheses and quotes.
    static func isDelimiter(_ c: Character) -> Bool {
        c.isWhitespace || isLeftParen(c) || isRightParen(c) || isQuote(c)
    }

    /// Whether `text` can be a field name before `:` (ASCII letters only, so `价格：便宜` and `10:30` stay words).
    static func isFieldName<S: Collection>(_ text: S) -> Bool where S.Element == Character {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isLetter }
    }

    /// Words that are operators when written in capitals and unescaped.
    static let keywords: Set<String> = ["AND", "OR", "NOT", "NEAR", "*"]
}

/// Splits query text into tokens; positions are Character offsets.
///
/// A backslash makes the next character literal everywhere (`\-x`, `\AND`, `a\ b`, `"say \"hi\""`).
struct QueryLexer {
    private let query: String
    private let chars: [Character]
    private var i = 0
    private var tokens: [QueryToken] = []

    init(_ query: String) {
        self.query = query
        chars = Array(query)
    }

    /// All tokens, ending with `.end` at offset `chars.count`.
    mutating func tokenize() throws(IndexError) -> [QueryToken] {
        while true {
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            guard i < chars.count else { break }
            let c = chars[i]
            if QuerySyntax.isLeftParen(c) {
                tokens.append(QueryToken(kind: .leftParen, offset: i))
                i += 1
            } else if QuerySyntax.isRightParen(c) {
                tokens.append(QueryToken(kind: .rightParen, offset: i))
                i += 1
            } else if QuerySyntax.isQuote(c) {
                let start = i
                let text = try quoted()
                tokens.append(QueryToken(kind: .phrase(text), offset: start))
            } else if QuerySyntax.isMinus(c) {
                let next = i + 1 < chars.count ? chars[i + 1] : nil
                guard let next, !next.isWhitespace, !QuerySyntax.isRightParen(next) else {
                    throw error(at: i, "`\(c)` must be joined to what it excludes: write `-word`, `-\"phrase\"` or `-(group)` (or `NOT word`); to search for a lone `-`, write `\\-`")
                }
                tokens.append(QueryToken(kind: .minus, offset: i))
                i += 1
            } else {
                try word()
            }
        }
        tokens.append(QueryToken(kind: .end, offset: chars.count))
        return tokens
    }

    private func error(at offset: Int, _ message: String) -> IndexError {
        .query(message: message, position: QueryPosition(offset: offset), query: query)
    }

    /// A quoted text starting at the quote under `i`; leaves `i` after the closing quote.
    private mutating func quoted() throws(IndexError) -> String {
        let open = i
        var text = ""
        i += 1
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                text.append(chars[i + 1])
                i += 2
            } else if QuerySyntax.isQuote(c) {
                i += 1
                return text
            } else {
                text.append(c)
                i += 1
            }
        }
        throw error(at: open, "unterminated phrase: the quote at column \(open + 1) is never closed (write `\\\"` for a quote inside a phrase)")
    }

    /// A bare word, keyword, `NEAR/n`, `*` or `field:value` starting at `i`.
    private mutating func word() throws(IndexError) {
        let start = i
        var text = ""
        var escaped = false
        while i < chars.count, !QuerySyntax.isDelimiter(chars[i]) {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                text.append(chars[i + 1])
                escaped = true
                i += 2
                continue
            }
            if !escaped, QuerySyntax.isColon(c), QuerySyntax.isFieldName(text) {
                i += 1
                try fieldValue(name: text, start: start)
                return
            }
            text.append(c)
            i += 1
        }
        let kind: QueryToken.Kind
        if escaped {
            kind = .word(text)
        } else if text == "AND" {
            kind = .and
        } else if text == "OR" {
            kind = .or
        } else if text == "NOT" {
            kind = .not
        } else if text == "*" {
            kind = .star
        } else if text == "NEAR" || text.hasPrefix("NEAR/") {
            kind = try near(text, start: start)
        } else {
            kind = .word(text)
        }
        tokens.append(QueryToken(kind: kind, offset: start))
    }

    /// The value after `name:`, bare (to the next delimiter) or quoted.
    private mutating func fieldValue(name: String, start: Int) throws(IndexError) {
        let valueOffset = i
        var value = ""
        if i < chars.count, QuerySyntax.isQuote(chars[i]) {
            value = try quoted()
            guard !value.isEmpty else { throw error(at: valueOffset, "`\(name):` has an empty value") }
            tokens.append(QueryToken(kind: .field(name: name, value: value, valueOffset: valueOffset + 1), offset: start))
            return
        }
        while i < chars.count, !QuerySyntax.isDelimiter(chars[i]) {
            if chars[i] == "\\", i + 1 < chars.count {
                value.append(chars[i + 1])
                i += 2
            } else {
                value.append(chars[i])
                i += 1
            }
        }
        guard !value.isEmpty else {
            throw error(at: valueOffset, "`\(name):` needs a value right after the colon, e.g. `channel:weibo` or `\(name):\"two words\"`")
        }
        tokens.append(QueryToken(kind: .field(name: name, value: value, valueOffset: valueOffset), offset: start))
    }

    /// `NEAR/n` or `NEAR/nf`.
    private func near(_ text: String, start: Int) throws(IndexError) -> QueryToken.Kind {
        let limit = QueryParser.maximumNearDistance
        let usage = "write `NEAR/n` (either order) or `NEAR/nf` (left before right) with n from 0 to \(limit)"
        guard text.count > 5 else {
            throw error(at: start + text.count, "`\(text)` needs a distance: \(usage)")
        }
        var rest = Substring(text.dropFirst(5))
        var ordered = false
        if rest.last == "f" {
            ordered = true
            rest = rest.dropLast()
        }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw error(at: start + 5, "`\(text)` has no valid distance: \(usage)")
        }
        guard rest.count <= 4, let distance = Int(rest), distance <= limit else {
            throw error(at: start + 5, "NEAR distance \(rest) is over the limit of \(limit)")
        }
        return .near(distance: distance, ordered: ordered)
    }
}
