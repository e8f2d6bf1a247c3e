/// An error raised by the index module: a query that cannot be parsed, a feed line that cannot be read.
///
/// One error type for the module. Every case says where (query column, file and line) and what
/// to do about it, in words a person can act on; `description` is ready to print.
public enum IndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The query text is not valid query syntax; `position` points at the offending character.
    case query(message: String, position: QueryPosition, query: String)
    /// One line of a feed cannot be turned into an item; the line is skipped, the feed goes on.
    case feed(source: String, line: Int, message: String)
    /// A file could not be opened or read.
    case io(path: String, reason: String)
    /// Binary snapshot or journal bytes that do not decode (truncated, or not written by this format).
    case decoding(reason: String)

    /// The message without the location, for tests and compact displays.
    public var message: String {
        switch self {
        case let .query(message, _, _): return message
        case let .feed(_, _, message): return message
        case let .io(_, reason): return reason
        case let .decoding(reason): return reason
        }
    }

    /// A multi-line rendering for queries (the query with a caret under the column), `file:line: message` for feeds.
    public var description: String {
        switch self {
        case let .query(message, position, query):
            let (line, caret) = TerminalWidth.caretLines(query, offset: position.offset)
            return "query error at column \(position.column): \(message)\n    \(line)\n    \(caret)"
        case let .feed(source, line, message):
            return "\(source):\(line): \(message)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .decoding(reason):
            return "undecodable binary data: \(reason)"
        }
    }
}
