import HudongIndex
import HudongText
import Yams

extension Watchlist {
    /// Reads a watchlist file; errors name `file:line:column` and what was expected there.
    public static func load(path: String, queryParser: QueryParser = QueryParser()) throws(ListeningError) -> Watchlist {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path: path) } catch { throw .text(error) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = LineDecoder.firstInvalidLine(bytes)
            throw .watchlist(SourceMark(file: path, line: line, column: 1), reason: "invalid UTF-8")
        }
        return try parse(yaml: text, file: path, queryParser: queryParser)
    }

    /// Parses a watchlist from YAML text.
    ///
    /// Top-level keys (all optional but `topics`):
    /// `window` (duration: `90s`, `30m`, `1h`, `1d`; default `1h`), `baseline` (trailing windows,
    /// default 24), `sensitivity` (`low`/`medium`/`high`), `min_count` (default 5), `cooldown`
    /// (duration, default `3h`), `near` (complaint within n positions of a term; default: same
    /// item), `alert_on` (series checked for spikes: `topic`, `term`, `negative`, `channel`, `city`,
    /// `relay`; default `[topic, negative]`), `timezone` (`+08:00`, `UTC`),
    /// `samples` (ids kept per alert), `negative` (`words`: list, `min_count`: negative mentions per
    /// window that raise a negative alert, default 3), `topics` (list).
    /// Topic keys: `name` (required), `terms` (required), `variants`, `misspellings`, `exclude`,
    /// `complaints`, `rules` (query-language strings), `channels`, `cities`, `sensitivity`, `min_count`.
    /// A list of one may be written as a plain string.
    public static func parse(yaml: String, file: String = "<watchlist>", queryParser: QueryParser = QueryParser()) throws(ListeningError) -> Watchlist {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw YAMLReader.syntaxError(error, file: file, yaml: yaml)
        } catch {
            throw .yamlSyntax(SourceMark(file: file, line: 1, column: 1), reason: "\(error)")
        }
        let reader = YAMLReader(file: file, queryParser: queryParser)
        guard let root else {
            throw .watchlist(SourceMark(file: file, line: 1, column: 1), reason: "the watchlist is empty; expected a mapping with a `topics:` list")
        }
        return try reader.watchlist(root)
    }
}

/// Walks the YAML node tree, turning every wrong value into a positioned `ListeningError`.
struct YAMLReader {
    let file: String
    let queryParser: QueryParser

    static let topKeys = ["window", "baseline", "sensitivity", "min_count", "cooldown", "near", "alert_on",
                          "timezone", "samples", "negative", "topics"]
    static let negativeKeys = ["words", "min_count"]
    static let topicKeys = ["name", "terms", "variants", "misspellings", "exclude", "complaints", "rules",
                            "channels", "cities", "sensitivity", "min_count"]

    static func syntaxError(_ error: YamlError, file: String, yaml: String) -> ListeningError {
        func mark(_ mark: Mark) -> SourceMark { SourceMark(file: file, line: mark.line, column: mark.column) }
        switch error {
        case let .scanner(context, problem, position, _), let .parser(context, problem, position, _),
             let .composer(context, problem, position, _):
            let reason = context.map { "\(problem) (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? problem
            return .yamlSyntax(mark(position), reason: reason)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .yamlSyntax(mark(context.mark), reason: "duplicate key \(duplicates.joined(separator: ", ")) in this mapping")
        case let .reader(problem, offset, _, _):
            var line = 1
            var column = 1
            for byte in yaml.utf8.prefix(offset ?? 0) {
                if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            return .yamlSyntax(SourceMark(file: file, line: line, column: column), reason: problem)
        default:
            return .yamlSyntax(SourceMark(file: file, line: 1, column: 1), reason: "\(error)")
        }
    }

    func mark(_ node: Node) -> SourceMark {
        let position = node.mark
        return SourceMark(file: file, line: position?.line ?? 1, column: position?.column ?? 1)
    }

    func fail(_ node: Node, _ reason: String) -> ListeningError { .watchlist(mark(node), reason: reason) }

    /// The pairs of a mapping, with unknown keys rejected.
    func pairs(_ node: Node, allowed: [String], what: String) throws(ListeningError) -> [(key: String, keyNode: Node, value: Node)] {
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

    func string(_ node: Node, _ what: String) throws(ListeningError) -> String {
        guard let scalar = node.scalar else { throw fail(node, "expected \(what) (a single value)") }
        return scalar.string
    }

    func integer(_ node: Node, _ what: String, range: ClosedRange<Int>) throws(ListeningError) -> Int {
        guard let scalar = node.scalar, let value = Int(scalar.string), range.contains(value) else {
            throw fail(node, "expected \(what): a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// A list of strings; a single scalar counts as a list of one.
    func terms(_ node: Node, _ what: String) throws(ListeningError) -> [WatchTerm] {
        if let scalar = node.scalar {
            return scalar.string.isEmpty && scalar.style == .plain ? [] : [WatchTerm(scalar.string, mark: mark(node))]
        }
        guard let sequence = node.sequence else { throw fail(node, "expected \(what): a list of strings") }
        var result: [WatchTerm] = []
        for element in sequence {
            guard let scalar = element.scalar, !scalar.string.isEmpty else {
                throw fail(element, "expected \(what): each entry a non-empty string")
            }
            result.append(WatchTerm(scalar.string, mark: mark(element)))
        }
        return result
    }

    func sensitivity(_ node: Node) throws(ListeningError) -> Sensitivity {
        guard let value = node.scalar.flatMap({ Sensitivity(rawValue: $0.string.lowercased()) }) else {
            throw fail(node, "expected sensitivity: low, medium or high")
        }
        return value
    }

    /// A duration: whole seconds, or a number with `s`, `m`, `h` or `d`, optionally chained (`1h30m`).
    func duration(_ node: Node, _ what: String) throws(ListeningError) -> Int64 {
        let problem = fail(node, "expected \(what): a duration such as 30m, 1h, 1h30m, 1d or a number of seconds")
        guard let text = node.scalar?.string.lowercased(), !text.isEmpty else { throw problem }
        if let seconds = Int64(text), seconds > 0 { return seconds }
        var total: Int64 = 0
        var number: Int64 = 0
        var digits = 0
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = number * 10 + Int64(digit)
                digits += 1
                guard digits <= 9 else { throw problem }
                continue
            }
            let unit: Int64
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86400
            default: throw problem
            }
            guard digits > 0 else { throw problem }
            total += number * unit
            number = 0
            digits = 0
        }
        guard digits == 0, total > 0 else { throw problem }
        return total
    }

    /// `UTC`, `Z`, or `±hh:mm`.
    func utcOffset(_ node: Node) throws(ListeningError) -> Int64 {
        let problem = fail(node, "expected timezone: UTC or an offset such as +08:00")
        guard let text = node.scalar?.string else { throw problem }
        if text == "UTC" || text == "Z" { return 0 }
        let characters = Array(text)
        guard characters.count == 6, characters[0] == "+" || characters[0] == "-", characters[3] == ":",
              let hours = Int(String(characters[1...2])), let minutes = Int(String(characters[4...5])),
              hours <= 14, minutes < 60 else { throw problem }
        let seconds = Int64(hours * 3600 + minutes * 60)
        return characters[0] == "-" ? -seconds : seconds
    }
}
