import HudongText
import Yams

/// Walks a composed YAML tree for the taxonomy and menu readers, turning every wrong value
/// into a `TaggingError` at its `file:line:column` with what was expected there.
struct YAMLReading {
    let file: String
    /// The source split into lines (for columns inside multi-line rules).
    let lines: [Substring]

    init(file: String, text: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Reads a file as UTF-8 text; a missing file or invalid bytes are `TaggingError`s.
    static func readText(path: String) throws(TaggingError) -> String {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path: path) } catch { throw TaggingError.from(error) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalid(FileMark(file: path, line: LineDecoder.firstInvalidLine(bytes), column: 1), reason: "invalid UTF-8")
        }
        return text
    }

    /// Composes `text` into a node tree; YAML syntax errors carry their position.
    func compose(_ text: String, what: String) throws(TaggingError) -> Node {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, text: text)
        } catch {
            throw .yamlSyntax(FileMark(file: file, line: 1, column: 1), reason: "\(error)")
        }
        guard let root else {
            throw .invalid(FileMark(file: file, line: 1, column: 1), reason: "the file is empty; expected \(what)")
        }
        return root
    }

    private func syntaxError(_ error: YamlError, text: String) -> TaggingError {
        func at(_ mark: Mark) -> FileMark { FileMark(file: file, line: mark.line, column: mark.column) }
        switch error {
        case let .scanner(context, problem, position, _), let .parser(context, problem, position, _),
             let .composer(context, problem, position, _):
            let reason = context.map { "\(problem) (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? problem
            return .yamlSyntax(at(position), reason: reason)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .yamlSyntax(at(context.mark), reason: "duplicate key \(duplicates.joined(separator: ", ")) in this mapping")
        case let .reader(problem, offset, _, _):
            var line = 1, column = 1
            for byte in text.utf8.prefix(offset ?? 0) {
                if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            return .yamlSyntax(FileMark(file: file, line: line, column: column), reason: problem)
        default:
            return .yamlSyntax(FileMark(file: file, line: 1, column: 1), reason: "\(error)")
        }
    }

    func mark(_ node: Node) -> FileMark {
        FileMark(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func fail(_ node: Node, _ reason: String) -> TaggingError { .invalid(mark(node), reason: reason) }

    /// The pairs of a mapping, in file order, with unknown keys rejected.
    func pairs(_ node: Node, allowed: [String], what: String) throws(TaggingError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { throw fail(node, "expected \(what) (a mapping of `key: value`)") }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { throw fail(keyNode, "expected a plain key in \(what)") }
            guard allowed.contains(key) else {
                throw fail(keyNode, "unknown key `\(key)` in \(what); expected one of: \(allowed.joined(separator: ", "))")
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    /// A single non-empty string (numbers and booleans are read as written).
    func string(_ node: Node, _ what: String) throws(TaggingError) -> String {
        guard let scalar = node.scalar else { throw fail(node, "expected \(what): a single value, not a list or mapping") }
        let value = scalar.string.trimmed
        guard !value.isEmpty else { throw fail(node, "expected \(what): a non-empty value") }
        return value
    }

    /// A list of strings with each element's node; a single scalar counts as a list of one.
    func stringList(_ node: Node, _ what: String) throws(TaggingError) -> [(String, Node)] {
        if let scalar = node.scalar {
            if scalar.string.isEmpty, scalar.style == .plain { return [] }
            return [(try string(node, what), node)]
        }
        guard let sequence = node.sequence else { throw fail(node, "expected \(what): a list of strings") }
        var result: [(String, Node)] = []
        for element in sequence {
            guard element.scalar != nil else { throw fail(element, "expected \(what): each entry a string, not a list or mapping") }
            result.append((try string(element, "\(what) entry"), element))
        }
        return result
    }

    /// A list of match terms: each must hold a letter, digit, CJK character or emoji.
    func terms(_ node: Node, _ what: String) throws(TaggingError) -> [String] {
        var result: [String] = []
        for (term, element) in try stringList(node, what) {
            guard term.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0.properties.isEmojiPresentation }) else {
                throw fail(element, "\(what) `\(term)` has no letters, digits or Chinese characters, so it can never match")
            }
            if !result.contains(term) { result.append(term) }
        }
        return result
    }

    /// A number in `range`.
    func number(_ node: Node, _ what: String, range: ClosedRange<Double>) throws(TaggingError) -> Double {
        guard let text = node.scalar?.string, let value = Double(text), value.isFinite, range.contains(value) else {
            throw fail(node, "expected \(what): a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A list of mappings (or, where `shorthand` allows, plain strings).
    func sequence(_ node: Node, _ what: String) throws(TaggingError) -> [Node] {
        if let scalar = node.scalar, scalar.string.isEmpty, scalar.style == .plain { return [] }
        guard let sequence = node.sequence else { throw fail(node, "expected \(what): a list (`- …` entries)") }
        return Array(sequence)
    }

    /// A rule: parsed with the query parser; a syntax error points inside the rule in the file.
    func rule(_ node: Node, what: String) throws(TaggingError) -> Rule {
        let text = try string(node, what)
        do {
            return try Rule(text, mark: mark(node))
        } catch {
            guard case let .rule(_, rule, offset, reason) = error, let scalar = node.scalar else { throw error }
            // `string` trimmed the value: find the offset in the raw scalar.
            let raw = scalar.string
            let leading = raw.prefix { $0 == " " || $0 == "\t" }.count
            throw .rule(ruleMark(node, characterOffset: leading + offset), rule: rule, ruleOffset: offset, reason: "\(what): \(reason)")
        }
    }

    /// Rules from a single string or a list.
    func rules(_ node: Node, what: String) throws(TaggingError) -> [Rule] {
        if node.scalar != nil { return [try rule(node, what: what)] }
        var out: [Rule] = []
        for element in try sequence(node, what) { out.append(try rule(element, what: what)) }
        return out
    }

    /// The file position of the character at `characterOffset` inside a scalar's value.
    ///
    /// Single-line plain and quoted scalars map directly (a quote adds one column); block and
    /// multi-line scalars are walked line by line through the source (their line breaks become
    /// one character of the value).
    func ruleMark(_ node: Node, characterOffset: Int) -> FileMark {
        guard let scalar = node.scalar, let start = node.mark else { return mark(node) }
        let scalarsBefore = String(scalar.string.prefix(characterOffset)).unicodeScalars.count
        var segments: [(line: Int, column: Int, length: Int)] = []
        switch scalar.style {
        case .literal, .folded:
            var lineNumber = start.line + 1
            var indent: Int?
            while lineNumber <= lines.count {
                let line = lines[lineNumber - 1]
                let spaces = line.prefix { $0 == " " }.count
                let content = line.unicodeScalars.count - spaces
                if content > 0 {
                    if indent == nil { indent = spaces }
                    if let indent, spaces < indent { break }
                }
                let i = indent ?? spaces
                segments.append((lineNumber, i + 1, max(0, line.unicodeScalars.count - i)))
                lineNumber += 1
            }
        default:
            let quote = scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0
            guard start.line <= lines.count else { return mark(node) }
            let first = lines[start.line - 1].unicodeScalars.count - (start.column - 1) - quote
            segments.append((start.line, start.column + quote, max(0, first)))
            var lineNumber = start.line + 1
            while lineNumber <= lines.count, segments.count < 64 {
                let line = lines[lineNumber - 1]
                let spaces = line.prefix { $0 == " " || $0 == "\t" }.count
                segments.append((lineNumber, spaces + 1, line.unicodeScalars.count - spaces))
                lineNumber += 1
            }
        }
        var remaining = scalarsBefore
        for segment in segments {
            if remaining <= segment.length { return FileMark(file: file, line: segment.line, column: segment.column + remaining) }
            remaining -= segment.length + 1
        }
        return mark(node)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
