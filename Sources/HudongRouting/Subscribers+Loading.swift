import HudongIndex
import HudongText
import Yams

extension Subscribers {
    /// Reads a subscribers file: YAML (`.yaml`, `.yml`) or JSON Lines (`.jsonl`, `.ndjson`, `.json`).
    ///
    /// Errors name `file:line:column` and what was expected there. See `parse(yaml:)` for the keys.
    public static func load(path: String, queryParser: QueryParser = QueryParser()) throws(RoutingError) -> Subscribers {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path: path) } catch { throw .io(path: path, reason: Self.reason(error)) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .syntax(RoutingMark(file: path, line: LineDecoder.firstInvalidLine(bytes), column: 1), reason: "invalid UTF-8")
        }
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
            return try parse(jsonLines: text, file: path, queryParser: queryParser)
        }
        return try parse(yaml: text, file: path, queryParser: queryParser)
    }

    private static func reason(_ error: TextError) -> String {
        if case let .io(_, reason) = error { return reason }
        return error.description
    }

    /// Parses a YAML subscribers file.
    ///
    /// Top level: `routing` (optional: `order` — `time` or `location`, what breaks ties in trust;
    /// `timezone` — the zone of fans that name none, default `+08:00`) and `fans` (a list).
    /// Fan keys (`id` and `permissions.channels` needed for any delivery): `id`, `name`, `city`,
    /// `timezone`, `quiet_hours` (`22:00-08:00 +08:00`), `permissions` (`channels`: opted-in
    /// delivery channels; `categories`: opted-in categories, omitted = all — each a list, or a
    /// mapping of name to yes/no), `preferred_channel`, `daily_cap`, `subscribe` (a list: each
    /// `category: X`, `tag: X`, `keyword: a/b/c` or `query: TEXT`, with an optional `id`; a plain
    /// string is a query).
    public static func parse(yaml: String, file: String = "<subscribers>", queryParser: QueryParser = QueryParser()) throws(RoutingError) -> Subscribers {
        let root = try compose(yaml, file: file, lineOffset: 0)
        var reader = SubscribersReader(file: file, queryParser: queryParser)
        guard let root else { return Subscribers(fans: []) }
        return try reader.document(root)
    }

    /// Parses JSON Lines: one fan object a line (the YAML fan keys), and optionally one line
    /// `{"routing": {...}}` with the routing options. Blank lines and lines starting `#` are skipped.
    public static func parse(jsonLines: String, file: String = "<subscribers>", queryParser: QueryParser = QueryParser()) throws(RoutingError) -> Subscribers {
        var reader = SubscribersReader(file: file, queryParser: queryParser)
        var lineNumber = 0
        for line in jsonLines.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{FEFF}" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard trimmed.first == "{" else {
                throw .syntax(RoutingMark(file: file, line: lineNumber, column: line.unicodeScalars.count - trimmed.unicodeScalars.count + 1),
                              reason: "expected a JSON object `{…}` on each line")
            }
            guard let node = try compose(String(line), file: file, lineOffset: lineNumber - 1, singleLine: true) else { continue }
            reader.lineOffset = lineNumber - 1
            try reader.jsonLine(node)
        }
        return try reader.finish()
    }

    /// Composes YAML (JSON is read as YAML flow style) with marks shifted down by `lineOffset`;
    /// for one line of JSON Lines (`singleLine`), a mark past its end is put at its end.
    static func compose(_ text: String, file: String, lineOffset: Int, singleLine: Bool = false) throws(RoutingError) -> Node? {
        func mark(_ m: Mark) -> RoutingMark {
            if singleLine, m.line > 1 { return RoutingMark(file: file, line: 1 + lineOffset, column: text.unicodeScalars.count + 1) }
            return RoutingMark(file: file, line: m.line + lineOffset, column: m.column)
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case let .scanner(context, problem, position, _), let .parser(context, problem, position, _),
                 let .composer(context, problem, position, _):
                let reason = context.map { "\(problem) (\($0.text) at line \($0.mark.line + lineOffset), column \($0.mark.column))" } ?? problem
                throw .syntax(mark(position), reason: reason)
            case let .duplicatedKeysInMapping(duplicates, context):
                throw .syntax(mark(context.mark), reason: "duplicate key \(duplicates.joined(separator: ", ")) in this mapping")
            case let .reader(problem, offset, _, _):
                var line = 1, column = 1
                for byte in text.utf8.prefix(offset ?? 0) {
                    if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
                }
                throw .syntax(RoutingMark(file: file, line: line + lineOffset, column: column), reason: problem)
            default:
                throw .syntax(RoutingMark(file: file, line: 1 + lineOffset, column: 1), reason: "\(error)")
            }
        } catch {
            throw .syntax(RoutingMark(file: file, line: 1 + lineOffset, column: 1), reason: "\(error)")
        }
    }
}
