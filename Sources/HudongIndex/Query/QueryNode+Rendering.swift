/// Writes a query tree back as query text that parses to the same tree.
///
/// Parsing `node.queryText` gives `node` back for every tree the parser produces (terms never
/// empty, `not` only inside `and`, flattened `and`/`or`). Terms that would read as syntax are
/// escaped (`\AND`, `\-5`, `http\://x`); times are written as date-times at +08:00, the upper
/// bound as its last second (bounds are inclusive at the written precision). Trees the parser
/// cannot produce still render to readable, valid text where possible: an empty term or phrase
/// renders as `""` (a parse error), `timeRange(nil, nil)` as `*`.
extension QueryNode: CustomStringConvertible {
    /// The node as query text; see the extension's notes for the round-trip promise.
    public var queryText: String {
        switch self {
        case let .term(text):
            return Self.escapedTerm(text)
        case let .phrase(text):
            return Self.quoted(text)
        case let .field(field, value):
            return "\(field.rawValue):\(Self.fieldValue(value))"
        case let .timeRange(lower, upper):
            guard lower != nil || upper != nil else { return "*" }
            let from = lower.map { TimeText.format($0) } ?? ""
            let to = upper.map { TimeText.format($0 - 1) } ?? ""
            return "time:\(from)..\(to)"
        case .matchAll:
            return "*"
        case let .near(left, right, distance, ordered):
            return "\(left.nearOperandText) NEAR/\(distance)\(ordered ? "f" : "") \(right.nearOperandText)"
        case let .not(child):
            return child.isAtom ? "-\(child.queryText)" : "-(\(child.queryText))"
        case let .and(children):
            guard !children.isEmpty else { return "*" }
            return children.map { child in
                switch child {
                case .and, .or: return "(\(child.queryText))"
                default: return child.queryText
                }
            }.joined(separator: " ")
        case let .or(children):
            guard !children.isEmpty else { return "-*" }
            return children.map { child in
                if case .or = child { return "(\(child.queryText))" }
                return child.queryText
            }.joined(separator: " OR ")
        }
    }

    /// The same as `queryText`.
    public var description: String { queryText }

    private var isAtom: Bool {
        switch self {
        case .term, .phrase, .field, .timeRange, .matchAll: return true
        default: return false
        }
    }

    private var nearOperandText: String {
        switch self {
        case .term, .phrase: return queryText
        default: return "(\(queryText))"
        }
    }

    /// A bare term, with a backslash before anything the lexer would read as syntax.
    static func escapedTerm(_ text: String) -> String {
        guard !text.isEmpty else { return "\"\"" }
        var out = ""
        var prefix = ""
        var escapedColon = false
        for (index, c) in text.enumerated() {
            let needs = c == "\\" || QuerySyntax.isDelimiter(c)
                || (index == 0 && QuerySyntax.isMinus(c))
                || (!escapedColon && QuerySyntax.isColon(c) && QuerySyntax.isFieldName(prefix))
            if needs {
                out.append("\\")
                if QuerySyntax.isColon(c) { escapedColon = true }
            }
            out.append(c)
            prefix.append(c)
        }
        if QuerySyntax.keywords.contains(text) || text.hasPrefix("NEAR/") {
            out.insert("\\", at: out.startIndex)
        }
        return out
    }

    /// `"text"` with `\` before quotes and backslashes.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text {
            if c == "\\" || QuerySyntax.isQuote(c) { out.append("\\") }
            out.append(c)
        }
        out.append("\"")
        return out
    }

    /// A field value: bare when it reads back the same, quoted otherwise.
    static func fieldValue(_ value: String) -> String {
        let bare = !value.isEmpty && !value.contains { $0 == "\\" || QuerySyntax.isDelimiter($0) }
        return bare ? value : quoted(value)
    }
}

extension ParsedQuery: CustomStringConvertible {
    /// The query as text: the tree's `queryText`, then `sort:` if set.
    public var queryText: String {
        guard let sort else { return root.queryText }
        return "\(root.queryText) sort:\(sort.rawValue)"
    }

    /// The same as `queryText`.
    public var description: String { queryText }
}
