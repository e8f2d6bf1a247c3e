/// A position in the query text, for error messages and highlighting the query itself.
///
/// `offset` counts Characters (grapheme clusters) from the start of the query, 0-based;
/// `column` is `offset + 1`, as a person counts.
public struct QueryPosition: Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var column: Int { offset + 1 }
    public init(offset: Int) { self.offset = offset }
    public var description: String { "column \(column)" }
}

/// The fields a query may filter on with `field:value`.
public enum QueryField: String, Sendable, Hashable, CaseIterable {
    case id, type, channel, author, city, direction, group, tag, category
    /// A keyword-tree path: `kw:品牌/小米` matches the node and every node below it.
    case keyword = "kw"
    /// Message sender and receiver.
    case from, to
}

/// How results are ordered.
public enum QuerySort: String, Sendable, Hashable, CaseIterable {
    case relevance, time, influence
}

/// A node of a parsed query. Execution lives apart from the grammar (see `QueryExecutor`).
///
/// Text in `.term` and `.phrase` is kept as the user typed it; the executor folds it with the
/// index's analyzer, so a Traditional or full-width query finds Simplified text and back.
public indirect enum QueryNode: Sendable, Hashable {
    /// A bare word: Chinese matches wherever its characters occur; other scripts match whole words.
    case term(String)
    /// `"…"`: the words in this order, next to each other.
    case phrase(String)
    /// All of the children (implicit between juxtaposed clauses, or `AND`).
    case and([QueryNode])
    /// Any of the children (`OR`).
    case or([QueryNode])
    /// Not the child (`NOT x` or `-x`); inside `and`, it excludes.
    case not(QueryNode)
    /// `a NEAR/n b`: both occur with at most `distance` units between them, in either order
    /// (or left before right when `ordered`, written `NEAR/nf`). Operands are terms or phrases.
    case near(QueryNode, QueryNode, distance: Int, ordered: Bool)
    /// `field:value`; the value is kept as written (folded by the executor where the field is text).
    case field(QueryField, String)
    /// `time:a..b`: item time within `[lower, upper)` in Unix seconds; nil is open.
    case timeRange(lower: Int64?, upper: Int64?)
    /// Everything (an empty query, or `*`).
    case matchAll
}

/// A parsed query: the tree plus options given inline (`sort:time`).
public struct ParsedQuery: Sendable, Hashable {
    public var root: QueryNode
    public var sort: QuerySort?

    public init(root: QueryNode, sort: QuerySort? = nil) {
        self.root = root
        self.sort = sort
    }
}
