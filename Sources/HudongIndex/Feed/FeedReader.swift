import HudongText

/// How feed lines are read: one JSON object per line, or one post per line of plain text.
public enum FeedFormat: Sendable, Hashable {
    /// JSON Lines in the feed format (corpora/feeds/FORMAT.md).
    case jsonLines
    /// Each non-blank line is a post whose id is `<source basename>:<line>`.
    case plainText
}

/// Everything a feed gave: the items, the errors of skipped lines, and the warnings.
public struct FeedBatch: Sendable, Equatable {
    /// The items of the good lines, in feed order.
    public var items: [Item] = []
    /// One error per skipped line, in feed order.
    public var errors: [IndexError] = []
    /// Repairs and ignored fields.
    public var warnings: [FeedWarning] = []
}

/// Reads a feed line by line, yielding an item or a positioned error for each line, never stopping early.
///
/// Use it as an iterator (`while let entry = reader.next()`), then look at `warnings`, or call
/// `readAll()`. Blank lines are skipped silently; CRLF line ends are fine; a bad line gives
/// `IndexError.feed(source:line:message:)` and the next line is read. Repairs (invalid UTF-8,
/// lone surrogates) and ignored fields go to `warnings`, unknown field names once per reader.
/// Lines come from HudongText's `LineReader` (chunked, any line length) or from a string.
/// A read failure of the underlying file ends the feed with an `IndexError.io` entry.
///
/// Cost: about one pass over the bytes per line; see corpora/feeds/FORMAT.md for throughput.
public struct FeedReader: IteratorProtocol {
    /// Where the lines come from, for messages: the path, `<stdin>` or the name given.
    public let source: String
    /// JSON Lines or plain text.
    public let format: FeedFormat
    /// Repairs and ignored fields so far.
    public private(set) var warnings: [FeedWarning] = []

    private enum Lines {
        case reader(LineReader)
        case text(String, String.Index, number: Int)
        case finished
    }

    private var lines: Lines
    private let decoder: FeedLineDecoder
    private var reportedFields: Set<String> = []
    private let plainTextPrefix: String
    /// A read failure, reported after the lines read before it.
    private var pendingError: FeedEntry?
    /// Reads the lines of `reader` (a file or standard input).
    public init(_ reader: LineReader, format: FeedFormat = .jsonLines, options: FeedOptions = FeedOptions()) {
        self.init(lines: .reader(reader), source: reader.name, format: format, options: options)
    }

    /// Opens the file at `path`; throws `IndexError.io` if it cannot be opened.
    public init(path: String, format: FeedFormat = .jsonLines, options: FeedOptions = FeedOptions()) throws(IndexError) {
        let reader: LineReader
        do {
            reader = try LineReader(path: path)
        } catch {
            throw Self.ioError(error, path: path)
        }
        self.init(reader, format: format, options: options)
    }

    /// Reads the lines of a string; `source` names it in messages.
    public init(string: String, source: String = "<string>", format: FeedFormat = .jsonLines, options: FeedOptions = FeedOptions()) {
        self.init(lines: .text(string, string.startIndex, number: 0), source: source, format: format, options: options)
    }

    /// Reads `reader` as plain text, one post per non-blank line.
    public init(plainText reader: LineReader, options: FeedOptions = FeedOptions()) {
        self.init(reader, format: .plainText, options: options)
    }

    /// Reads a string as plain text, one post per non-blank line.
    public init(plainText string: String, source: String = "<string>", options: FeedOptions = FeedOptions()) {
        self.init(string: string, source: source, format: .plainText, options: options)
    }

    private init(lines: Lines, source: String, format: FeedFormat, options: FeedOptions) {
        self.lines = lines
        self.source = source
        self.format = format
        decoder = FeedLineDecoder(options: options)
        var base = source.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? source
        if base.hasPrefix("<"), base.hasSuffix(">"), base.count > 2 { base = String(base.dropFirst().dropLast()) }
        plainTextPrefix = base
    }

    /// The next item or error; nil at the end of the feed.
    public mutating func next() -> FeedEntry? {
        while let (text, number, repaired) = nextLine() {
            let outcome: FeedLineOutcome
            switch format {
            case .jsonLines:
                outcome = decoder.decode(text, source: source, line: number, repairedUTF8: repaired)
            case .plainText:
                outcome = plainTextLine(text, number: number, repaired: repaired)
            }
            warnings += outcome.warnings
            for name in outcome.unknownFields where reportedFields.insert(name).inserted {
                warnings.append(FeedWarning(source: source, line: number, message: "unknown field `\(name)` ignored (reported once per feed)"))
            }
            if let entry = outcome.entry { return entry }
        }
        if case let .error(error) = pendingError {
            pendingError = nil
            return .error(error)
        }
        return nil
    }

    /// Reads every remaining line.
    public mutating func readAll() -> FeedBatch {
        var batch = FeedBatch()
        while let entry = next() {
            switch entry {
            case let .item(item, _): batch.items.append(item)
            case let .error(error): batch.errors.append(error)
            }
        }
        batch.warnings = warnings
        return batch
    }

    private mutating func plainTextLine(_ text: Substring, number: Int, repaired: Bool) -> FeedLineOutcome {
        var warnings: [FeedWarning] = []
        if repaired { warnings.append(FeedWarning(source: source, line: number, message: "invalid UTF-8 replaced with U+FFFD")) }
        var body = text
        if number == 1, body.first == "\u{FEFF}" { body = body.dropFirst() }
        guard body.contains(where: { !$0.isWhitespace }) else { return FeedLineOutcome(entry: nil, warnings: warnings, unknownFields: []) }
        let bytes = body.utf8.count
        if bytes > decoder.options.maxLineBytes {
            let message = "line is \(FeedLineDecoder.size(bytes)), over the limit of \(FeedLineDecoder.size(decoder.options.maxLineBytes)) (FeedOptions.maxLineBytes); the item is skipped"
            return FeedLineOutcome(entry: .error(.feed(source: source, line: number, message: message)), warnings: warnings, unknownFields: [])
        }
        let item = Item(id: "\(plainTextPrefix):\(number)", text: String(body))
        return FeedLineOutcome(entry: .item(item, line: number), warnings: warnings, unknownFields: [])
    }

    /// The next raw line without its line end, its 1-based number, and whether UTF-8 was repaired.
    private mutating func nextLine() -> (Substring, Int, Bool)? {
        switch lines {
        case .finished:
            return nil
        case let .reader(reader):
            do {
                guard let line = try reader.next() else {
                    lines = .finished
                    return nil
                }
                return (line.text[...], line.number, line.repairedUTF8)
            } catch {
                lines = .finished
                pendingError = .error(Self.ioError(error, path: source))
                return nil
            }
        case let .text(string, start, number):
            guard start < string.endIndex else {
                lines = .finished
                return nil
            }
            let utf8 = string.utf8
            let newline = utf8[start...].firstIndex(of: 0x0A)
            var end = newline ?? string.endIndex
            let after = newline.map { utf8.index(after: $0) } ?? string.endIndex
            if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
            lines = .text(string, after, number: number + 1)
            return (string[start..<end], number + 1, false)
        }
    }

    private static func ioError(_ error: TextError, path: String) -> IndexError {
        if case let .io(_, reason) = error { return .io(path: path, reason: reason) }
        return .io(path: path, reason: error.description)
    }
}
