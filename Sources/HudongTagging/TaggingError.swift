import HudongText

/// A place in a taxonomy or menu file: 1-based line and column, as an editor shows them.
///
/// Columns count Unicode scalars, as libYAML does (a Chinese character is one column).
public struct FileMark: Sendable, Hashable, CustomStringConvertible {
    /// The file (or `<taxonomy>` / `<menu>` for text given in memory).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// A position, 1-based.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

/// An error raised by the tagging module: a taxonomy or menu file that cannot be used.
///
/// One error type for the module. Every case says where (`file:line:column`) and what was
/// expected there, in words a person can act on; `description` is ready to print.
public enum TaggingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not well-formed YAML (the YAML parser's own reason).
    case yamlSyntax(FileMark, reason: String)
    /// The file is YAML, but a value is not what it should be.
    case invalid(FileMark, reason: String)
    /// A rule is not valid query syntax. `mark` points at the offending character inside the
    /// rule as it sits in the file; `ruleOffset` is that character's offset inside `rule`.
    case rule(FileMark, rule: String, ruleOffset: Int, reason: String)
    /// A file could not be read (missing, unreadable, not UTF-8).
    case io(path: String, reason: String)

    /// Where the problem is, when it is in a file.
    public var mark: FileMark? {
        switch self {
        case let .yamlSyntax(mark, _), let .invalid(mark, _), let .rule(mark, _, _, _): return mark
        case .io: return nil
        }
    }

    /// The reason without the position, for tests and compact displays.
    public var reason: String {
        switch self {
        case let .yamlSyntax(_, reason), let .invalid(_, reason), let .rule(_, _, _, reason), let .io(_, reason):
            return reason
        }
    }

    /// `file:line:column: reason`; a rule error adds the rule with a caret under the column.
    public var description: String {
        switch self {
        case let .yamlSyntax(mark, reason):
            return "\(mark): invalid YAML: \(reason)"
        case let .invalid(mark, reason):
            return "\(mark): \(reason)"
        case let .rule(mark, rule, offset, reason):
            // The rule's line that holds the offset, with a caret under the offending character.
            var lineStart = 0
            var shown = Substring(rule)
            for line in rule.split(separator: "\n", omittingEmptySubsequences: false) {
                shown = line
                if offset <= lineStart + line.count { break }
                lineStart += line.count + 1
            }
            let prefix = String(shown.prefix(max(0, offset - lineStart)))
            let caretIndent = String(repeating: " ", count: DisplayWidth.of(prefix))
            return "\(mark): rule error: \(reason)\n    \(shown)\n    \(caretIndent)^"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }

    /// Wraps a text-layer error (a file that cannot be read).
    static func from(_ error: TextError) -> TaggingError {
        switch error {
        case let .io(path, reason): return .io(path: path, reason: reason)
        case let .dictionaryLine(source, line, reason): return .invalid(FileMark(file: source, line: line, column: 1), reason: reason)
        case .icu: return .io(path: "<icu>", reason: error.description)
        }
    }
}

/// Terminal display width of text: East Asian wide characters take two columns.
public enum DisplayWidth {
    /// Columns `text` takes in a terminal (wide CJK characters and full-width forms count 2).
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (v >= 0x300 && v < 0x370) || v == 0x200B || (v >= 0xFE00 && v < 0xFE10) { continue }
            width += isWide(v) ? 2 : 1
        }
        return width
    }

    /// Pads `text` with spaces on the right to `columns` display columns.
    public static func padded(_ text: String, to columns: Int) -> String {
        text + String(repeating: " ", count: max(0, columns - of(text)))
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0x303E) || (v >= 0x3041 && v <= 0x33FF)
            || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xA000 && v <= 0xA4CF)
            || (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F)
            || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1F64F)
            || (v >= 0x1F900 && v <= 0x1F9FF) || (v >= 0x20000 && v <= 0x3FFFD)
    }
}
