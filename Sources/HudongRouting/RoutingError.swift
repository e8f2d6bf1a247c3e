import HudongIndex
import HudongText

/// A position in a subscribers file: 1-based line and column, as an editor shows them.
public struct RoutingMark: Sendable, Hashable, CustomStringConvertible {
    /// The file (or `<subscribers>` for text given in memory).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column (Unicode scalars, as libyaml counts them).
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// An error raised by the routing module.
///
/// One error type for the module: every case names what went wrong and, for a subscribers file,
/// where (`file:line:column`) and what was expected there. `description` is ready to print.
public enum RoutingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not well-formed YAML or JSON (the parser's own reason).
    case syntax(RoutingMark, reason: String)
    /// The file parses, but a value is not what it should be.
    case subscribers(RoutingMark, reason: String)
    /// A file could not be opened or read.
    case io(path: String, reason: String)
    /// The text analysis layer failed (ICU missing, a dictionary unreadable).
    case text(TextError)

    public var description: String {
        switch self {
        case let .syntax(mark, reason): return "\(mark): invalid syntax: \(reason)"
        case let .subscribers(mark, reason): return "\(mark): \(reason)"
        case let .io(path, reason): return "\(path): \(reason)"
        case let .text(error): return error.description
        }
    }

    /// The message without the location, for tests and compact displays.
    public var reason: String {
        switch self {
        case let .syntax(_, reason), let .subscribers(_, reason): return reason
        case let .io(_, reason): return reason
        case let .text(error): return error.description
        }
    }

    /// Where the problem is, when it is in a file.
    public var mark: RoutingMark? {
        switch self {
        case let .syntax(mark, _), let .subscribers(mark, _): return mark
        default: return nil
        }
    }
}
