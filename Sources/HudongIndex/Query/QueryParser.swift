/// Parses the query language into a `ParsedQuery`, with positioned errors.
///
/// Syntax, loosest binding first:
/// - `a OR b` — either;
/// - `a b` or `a AND b` — both (juxtaposed clauses are ANDed);
/// - `a NEAR/n b`, `a NEAR/nf b` — both within `n` units (`f`: `a` first); operands are terms
///   or phrases, `n` is 0…`maximumNearDistance` (50): a larger window is a plain AND;
/// - `NOT a`, `-a`, `-"phrase"`, `-(group)` — excludes;
/// - `(…)`, `"phrase"` (`\"` inside), bare terms, `*` (everything), `field:value` or
///   `field:"quoted value"` for every `QueryField` (`kw:品牌/小米` keeps its slashes),
///   `time:A..B` / `time:A..` / `time:..B` / `time:A` and `sort:relevance|time|influence`.
///
/// Keywords are uppercase; `and`, `or` are plain words. A backslash makes the next character
/// literal (`\AND`, `\-5`, `http\://x`). Full-width `（）`, `“”`, `：` and `－` work as their ASCII
/// forms. Chinese needs no spaces: `小米手机` is one term (the executor finds it inside words).
///
/// Times: a date alone (`2026-11-01`) or an ISO-8601 date-time with optional offset. Without an
/// offset, the parser's zone applies (China time by default). Bounds are inclusive at the written
/// precision: `time:2026-11-01..2026-11-07` is `[11-01 00:00, 11-08 00:00)`; `time:2026-11-01` is that day.
///
/// The tree is normalized: nested AND/OR are flattened, single-child groups collapse, and a `not`
/// only ever appears inside an `and` with a positive child — an all-negative clause (`-小米`) gets
/// `matchAll` as that child. `type:` and `direction:` values are canonicalized (`direction:呼入` → `in`);
/// other values and all text are kept as written (the executor folds them).
///
/// Cost: linear in the query length.
public struct QueryParser: Sendable {
    /// The largest `n` in `NEAR/n`.
    public static let maximumNearDistance = 50

    /// The zone, in seconds east of UTC, of dates and times written without an offset.
    public let timeZoneOffsetSeconds: Int

    /// A parser whose offset-less times are in the given zone (default +08:00, China time).
    public init(timeZoneOffsetSeconds: Int = 8 * 3600) {
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
    }

    /// Parses `text`; throws `IndexError.query` pointing at the first problem.
    public func parse(_ text: String) throws(IndexError) -> ParsedQuery {
        var lexer = QueryLexer(text)
        var state = QueryParseState(query: text, tokens: try lexer.tokenize(), timeZoneOffsetSeconds: timeZoneOffsetSeconds)
        return try state.parseQuery()
    }
}

/// A parsed clause and where it starts, for messages about it.
struct QueryClause {
    var node: QueryNode
    var offset: Int
    /// Written in parentheses.
    var grouped = false
}

/// The recursive-descent parser over the token list.
struct QueryParseState {
    let query: String
    let tokens: [QueryToken]
    let timeZoneOffsetSeconds: Int
    var index = 0
    var sort: QuerySort?
    var sortOffset = 0

    init(query: String, tokens: [QueryToken], timeZoneOffsetSeconds: Int) {
        self.query = query
        self.tokens = tokens
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
    }

    var peek: QueryToken { tokens[min(index, tokens.count - 1)] }

    mutating func advance() -> QueryToken {
        let token = peek
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func error(at offset: Int, _ message: String) -> IndexError {
        .query(message: message, position: QueryPosition(offset: offset), query: query)
    }

    mutating func parseQuery() throws(IndexError) -> ParsedQuery {
        let root = try parseOr()
        let next = peek
        switch next.kind {
        case .end:
            break
        case .rightParen:
            throw error(at: next.offset, "unexpected `)`: there is no `(` for it to close")
        default:
            throw error(at: next.offset, "unexpected \(next.display)")
        }
        return ParsedQuery(root: root ?? .matchAll, sort: sort)
    }

    /// Whether a token can begin a clause.
    func startsClause(_ token: QueryToken) -> Bool {
        switch token.kind {
        case .word, .phrase, .field, .leftParen, .not, .minus, .star: return true
        default: return false
        }
    }

    func isSort(_ token: QueryToken) -> Bool {
        if case let .field(name, _, _) = token.kind, name.lowercased() == "sort" { return true }
        return false
    }

    /// `and (OR and)*`; nil when there is no clause at all (an empty query, or only `sort:`).
    mutating func parseOr() throws(IndexError) -> QueryNode? {
        guard let first = try parseAnd() else {
            if case .or = peek.kind { throw error(at: peek.offset, "`OR` needs a clause on its left") }
            return nil
        }
        var alternatives = [first]
        while case .or = peek.kind {
            let or = advance()
            guard let next = try parseAnd() else {
                throw error(at: or.offset, "`OR` needs a clause on its right, found \(peek.display)")
            }
            alternatives.append(next)
        }
        return QueryNode.makeOr(alternatives)
    }

    /// `near ((AND)? near)*`, collecting `sort:` wherever it stands.
    mutating func parseAnd() throws(IndexError) -> QueryNode? {
        var items: [QueryNode] = []
        while true {
            let next = peek
            if isSort(next) {
                try takeSort(advance())
            } else if case .and = next.kind {
                guard !items.isEmpty else { throw error(at: next.offset, "`AND` needs a clause on its left") }
                _ = advance()
                while isSort(peek) { try takeSort(advance()) }
                guard startsClause(peek) else {
                    throw error(at: next.offset, "`AND` needs a clause on its right, found \(peek.display)")
                }
                items.append(try parseNear().node)
            } else if startsClause(next) {
                items.append(try parseNear().node)
            } else if case .near = next.kind, items.isEmpty {
                throw error(at: next.offset, "\(next.display) needs a term or phrase on its left")
            } else {
                break
            }
        }
        return items.isEmpty ? nil : QueryNode.makeAnd(items)
    }

    /// `unary (NEAR/n unary)?`, both sides terms or phrases.
    mutating func parseNear() throws(IndexError) -> QueryClause {
        var left = try parseUnary()
        while case let .near(distance, ordered) = peek.kind {
            let near = advance()
            try checkNearOperand(left, near: near, side: "left")
            let next = peek
            if case .leftParen = next.kind {
                throw error(at: next.offset, "\(near.display) cannot take a parenthesized group: its operands are terms or phrases (write `(a NEAR/n b) OR (a NEAR/n c)` instead of `a NEAR/n (b OR c)`)")
            }
            guard startsClause(next) else {
                throw error(at: near.offset, "\(near.display) needs a term or phrase on its right, found \(next.display)")
            }
            let right = try parseUnary()
            try checkNearOperand(right, near: near, side: "right")
            left = QueryClause(node: .near(left.node, right.node, distance: distance, ordered: ordered), offset: left.offset)
        }
        return left
    }

    func checkNearOperand(_ clause: QueryClause, near: QueryToken, side: String) throws(IndexError) {
        let what: String
        if clause.grouped {
            what = "a parenthesized group, which is not supported"
        } else {
            switch clause.node {
            case .term, .phrase: return
            case .near: what = "another NEAR: chains are not supported, combine pairs with AND"
            case .not: what = "a negation (write `-(a NEAR/n b)` to exclude a pair)"
            case .field, .timeRange: what = "a field filter"
            case .matchAll: what = "`*`"
            default: what = "a group, which is not supported"
            }
        }
        throw error(at: clause.offset, "\(near.display) works between terms or phrases; its \(side) side is \(what)")
    }

    /// `NOT unary`, `-unary` or a primary clause.
    mutating func parseUnary() throws(IndexError) -> QueryClause {
        let next = peek
        switch next.kind {
        case .not, .minus:
            _ = advance()
            let word = next.kind == .not ? "`NOT`" : "`-`"
            if isSort(peek) { throw error(at: peek.offset, "`sort:` cannot be negated") }
            guard startsClause(peek) else {
                throw error(at: next.offset, "\(word) needs a clause after it, found \(peek.display)")
            }
            let operand = try parseUnary()
            return QueryClause(node: QueryNode.makeNot(operand.node), offset: next.offset)
        default:
            return try parsePrimary()
        }
    }

    mutating func parsePrimary() throws(IndexError) -> QueryClause {
        let token = advance()
        switch token.kind {
        case let .word(text):
            return QueryClause(node: .term(text), offset: token.offset)
        case let .phrase(text):
            guard text.contains(where: { !$0.isWhitespace }) else {
                throw error(at: token.offset, "empty phrase: put words between the quotes")
            }
            return QueryClause(node: .phrase(text), offset: token.offset)
        case .star:
            return QueryClause(node: .matchAll, offset: token.offset)
        case let .field(name, value, valueOffset):
            return QueryClause(node: try fieldNode(name: name, value: value, at: token.offset, valueOffset: valueOffset), offset: token.offset)
        case .leftParen:
            if case .rightParen = peek.kind { throw error(at: token.offset, "empty parentheses: put a clause between `(` and `)`") }
            guard let inner = try parseOr() else {
                throw error(at: token.offset, "empty parentheses: put a clause between `(` and `)`")
            }
            guard case .rightParen = peek.kind else {
                throw error(at: peek.offset, "expected `)` to close the `(` at column \(token.offset + 1)")
            }
            _ = advance()
            return QueryClause(node: inner, offset: token.offset, grouped: true)
        default:
            throw error(at: token.offset, "unexpected \(token.display)")
        }
    }
}
