/// An error raised by the text analysis module.
///
/// One error type for the module: every case names what went wrong in words a person can act on.
public enum TextError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ICU refused an operation; `operation` names it and `status` is ICU's error name.
    case icu(operation: String, status: String)
    /// A user-dictionary file has a line that cannot be read.
    case dictionaryLine(source: String, line: Int, reason: String)
    /// A file could not be opened or read.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .icu(operation, status):
            return "ICU failed in \(operation): \(status) (is libicu-dev with its data installed?)"
        case let .dictionaryLine(source, line, reason):
            return "\(source):\(line): \(reason)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }
}
