import HudongText

/// A position in a watchlist file: 1-based line and column, as an editor shows them.
public struct SourceMark: Sendable, Hashable, CustomStringConvertible {
    /// The file (or `<watchlist>` for text given in memory).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// A position; `line` and `column` are 1-based.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

/// An error raised by the listening module.
///
/// One error type for the module: every case names what went wrong and, for a watchlist, where
/// (`file:line:column`) and what was expected there.
public enum ListeningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The watchlist is not well-formed YAML (the YAML parser's own reason).
    case yamlSyntax(SourceMark, reason: String)
    /// The watchlist is YAML but a value is not what it should be.
    case watchlist(SourceMark, reason: String)
    /// A keyword folds to nothing searchable (only spaces, punctuation counted as noise…).
    case emptyKeyword(String, SourceMark?)
    /// A keyword is longer than the scanner accepts.
    case keywordTooLong(String, limit: Int)
    /// The text analysis layer failed (ICU missing, a file unreadable).
    case text(TextError)

    /// The message, starting with `file:line:column:` when the error has a position.
    public var description: String {
        switch self {
        case let .yamlSyntax(mark, reason):
            return "\(mark): invalid YAML: \(reason)"
        case let .watchlist(mark, reason):
            return "\(mark): \(reason)"
        case let .emptyKeyword(keyword, mark):
            let prefix = mark.map { "\($0): " } ?? ""
            return "\(prefix)keyword \"\(keyword)\" has no characters left after folding and noise removal"
        case let .keywordTooLong(keyword, limit):
            return "keyword \"\(keyword.prefix(40))…\" is longer than \(limit) characters"
        case let .text(error):
            return error.description
        }
    }
}
