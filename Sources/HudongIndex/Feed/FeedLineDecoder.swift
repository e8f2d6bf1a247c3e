/// How a feed is read: limits and the zone of times written without an offset.
public struct FeedOptions: Sendable, Hashable {
    /// Lines longer than this many bytes are rejected (reported and skipped); default 4 MiB.
    public var maxLineBytes: Int
    /// Seconds east of UTC for times without an offset and for dates; default +08:00 (China time).
    public var timeZoneOffsetSeconds: Int

    /// Options with the defaults: 4 MiB lines, China time.
    public init(maxLineBytes: Int = 4 << 20, timeZoneOffsetSeconds: Int = 8 * 3600) {
        self.maxLineBytes = maxLineBytes
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
    }
}

/// A problem that did not stop an item from being read: a repaired character, an ignored field.
public struct FeedWarning: Sendable, Hashable, CustomStringConvertible {
    /// The feed's path or name.
    public var source: String
    /// The 1-based line the warning is about.
    public var line: Int
    /// What was repaired or ignored.
    public var message: String

    /// A warning about `line` of `source`.
    public init(source: String, line: Int, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    /// `file:line: warning: message`.
    public var description: String { "\(source):\(line): warning: \(message)" }
}

/// What one feed line gave: an item, or the error that made it skipped.
public enum FeedEntry: Sendable, Equatable {
    /// The item of a good line and its 1-based line number.
    case item(Item, line: Int)
    /// Why the line was skipped: `IndexError.feed(source:line:message:)`, or `.io` when reading failed.
    case error(IndexError)

    /// The item, if the line gave one.
    public var item: Item? {
        if case let .item(item, _) = self { return item }
        return nil
    }

    /// The error, if the line was skipped.
    public var error: IndexError? {
        if case let .error(error) = self { return error }
        return nil
    }
}

/// The outcome of decoding one line, before the reader de-duplicates unknown-field warnings.
public struct FeedLineOutcome: Sendable, Equatable {
    /// The item or error; nil for a blank line (skipped silently).
    public var entry: FeedEntry?
    /// Repairs made on this line (invalid UTF-8, lone surrogates, duplicate fields).
    public var warnings: [FeedWarning]
    /// Field names outside the feed format, in order of appearance (ignored).
    public var unknownFields: [String]
}

/// Turns one JSON Lines feed line into an `Item`, with a positioned message when it cannot.
///
/// Stateless and `Sendable`, so lines can be decoded on several threads; `FeedReader` uses it
/// line by line. Field rules are in corpora/feeds/FORMAT.md. Cost: one pass over the line's bytes.
public struct FeedLineDecoder: Sendable {
    /// The limits and time zone applied to every line.
    public var options: FeedOptions

    /// A decoder with the given options.
    public init(options: FeedOptions = FeedOptions()) {
        self.options = options
    }

    /// Decodes `text`, line `number` of `source`; `repairedUTF8` adds the invalid-UTF-8 warning.
    public func decode(_ text: Substring, source: String, line number: Int, repairedUTF8: Bool = false) -> FeedLineOutcome {
        var warnings: [FeedWarning] = []
        if repairedUTF8 {
            warnings.append(FeedWarning(source: source, line: number, message: "invalid UTF-8 replaced with U+FFFD"))
        }
        let byteCount = text.utf8.count
        if byteCount > options.maxLineBytes {
            let message = "line is \(Self.size(byteCount)), over the limit of \(Self.size(options.maxLineBytes)) (FeedOptions.maxLineBytes); the item is skipped"
            return FeedLineOutcome(entry: .error(.feed(source: source, line: number, message: message)), warnings: warnings, unknownFields: [])
        }
        let run = { (bytes: UnsafeBufferPointer<UInt8>) -> FeedLineOutcome in
            var builder = ItemBuilder(options: options)
            var scanner = JSONLineScanner(bytes)
            let result = builder.read(&scanner)
            for name in builder.duplicates {
                warnings.append(FeedWarning(source: source, line: number, message: "field `\(name)` appears more than once; the last value is used"))
            }
            if let offset = scanner.loneSurrogate {
                let more = scanner.loneSurrogateCount > 1 ? " (\(scanner.loneSurrogateCount) on this line)" : ""
                warnings.append(FeedWarning(source: source, line: number, message: "lone surrogate escape at column \(Self.column(bytes, offset)) replaced with U+FFFD\(more)"))
            }
            let entry: FeedEntry?
            switch result {
            case .blank:
                entry = nil
            case let .item(item):
                entry = .item(item, line: number)
            case let .failure(message, offset):
                let located = offset.map { "\(message) (column \(Self.column(bytes, $0)))" } ?? message
                entry = .error(.feed(source: source, line: number, message: located))
            }
            return FeedLineOutcome(entry: entry, warnings: warnings, unknownFields: builder.unknown)
        }
        if let outcome = text.utf8.withContiguousStorageIfAvailable(run) { return outcome }
        let copy = Array(text.utf8)
        return copy.withUnsafeBufferPointer(run)
    }

    /// Decodes a whole string as one line.
    public func decode(_ text: String, source: String, line number: Int) -> FeedLineOutcome {
        decode(text[...], source: source, line: number)
    }

    /// The 1-based Character column of a byte offset.
    static func column(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<min(offset, bytes.count)]), as: UTF8.self).count + 1
    }

    /// `5.2 MiB`, `900 KiB`, `30 bytes`: a byte count for messages.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 {
            let tenths = (bytes * 10 + (1 << 19)) >> 20
            return "\(tenths / 10).\(tenths % 10) MiB"
        }
        if bytes >= 1 << 10 { return "\((bytes + 512) >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
