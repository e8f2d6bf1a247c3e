/// Reads one feed object field by field into an `Item`, checking each field's type.
struct ItemBuilder {
    /// What a line gave.
    enum Result {
        case blank
        case item(Item)
        /// A message, and the byte offset it refers to when there is one.
        case failure(String, Int?)
    }

    let options: FeedOptions
    var unknown: [String] = []
    var duplicates: [String] = []
    private var seen: UInt32 = 0

    /// The fields of the feed format; the raw value is a bit in `seen`.
    private enum Key: Int {
        case id, text, type, direction, time, relay, likes, shares, comments, tags, keywords
        case channel, author, city, category, from, to, group

        init?(_ name: String) {
            switch name {
            case "id": self = .id
            case "text": self = .text
            case "type": self = .type
            case "direction": self = .direction
            case "time": self = .time
            case "relay": self = .relay
            case "likes": self = .likes
            case "shares": self = .shares
            case "comments": self = .comments
            case "tags": self = .tags
            case "keywords": self = .keywords
            case "channel": self = .channel
            case "author": self = .author
            case "city": self = .city
            case "category": self = .category
            case "from": self = .from
            case "to": self = .to
            case "group": self = .group
            default: return nil
            }
        }
    }

    private var id: String?
    private var text: String?
    private var item = Item(id: "", text: "")

    init(options: FeedOptions) {
        self.options = options
    }

    /// Reads the object in `scanner` and builds the item.
    mutating func read(_ scanner: inout JSONLineScanner) -> Result {
        // A byte-order mark at the start of a file lands on line 1.
        if scanner.bytes.count >= 3, scanner.bytes[0] == 0xEF, scanner.bytes[1] == 0xBB, scanner.bytes[2] == 0xBF {
            scanner.i = 3
        }
        scanner.skipWhitespace()
        if scanner.atEnd { return .blank }
        do throws(JSONFailure) {
            try readObject(&scanner)
        } catch {
            return .failure(error.isFieldError ? error.message : "malformed JSON: \(error.message)", error.byteOffset)
        }
        scanner.skipWhitespace()
        guard scanner.atEnd else {
            return .failure("malformed JSON: unexpected \(scanner.describe(at: scanner.i)) after the end of the object (one object per line)", scanner.i)
        }
        return finish()
    }

    private mutating func readObject(_ scanner: inout JSONLineScanner) throws(JSONFailure) {
        guard scanner.bytes[scanner.i] == UInt8(ascii: "{") else {
            let found = scanner.bytes[scanner.i] == UInt8(ascii: "[") ? "an array" : scanner.describe(at: scanner.i)
            throw JSONFailure(byteOffset: scanner.i, message: "expected an object `{…}` on each line, found \(found)")
        }
        scanner.i += 1
        scanner.skipWhitespace()
        if !scanner.atEnd, scanner.bytes[scanner.i] == UInt8(ascii: "}") {
            scanner.i += 1
            return
        }
        while true {
            scanner.skipWhitespace()
            guard !scanner.atEnd, scanner.bytes[scanner.i] == UInt8(ascii: "\"") else {
                throw scanner.failure("expected a field name in double quotes")
            }
            let key = try scanner.readString()
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: ":"), "`:` after the field name \"\(key)\"")
            scanner.skipWhitespace()
            let valueOffset = scanner.i
            let value = try scanner.readValue()
            if let message = assign(key, value) {
                throw JSONFailure(byteOffset: valueOffset, message: message, isFieldError: true)
            }
            scanner.skipWhitespace()
            guard !scanner.atEnd else { throw scanner.failure("expected `,` or `}` after the value of \"\(key)\"") }
            let b = scanner.bytes[scanner.i]
            if b == UInt8(ascii: ",") {
                scanner.i += 1
                scanner.skipWhitespace()
                if !scanner.atEnd, scanner.bytes[scanner.i] == UInt8(ascii: "}") {
                    throw scanner.failure("expected a field name after `,` (trailing comma)")
                }
            } else if b == UInt8(ascii: "}") {
                scanner.i += 1
                return
            } else {
                throw scanner.failure("expected `,` or `}` after the value of \"\(key)\"")
            }
        }
    }

    /// Stores one field; a message when its value has the wrong type.
    private mutating func assign(_ key: String, _ value: JSONValue) -> String? {
        guard let field = Key(key) else {
            if unknown.contains(key) {
                if !duplicates.contains(key) { duplicates.append(key) }
            } else {
                unknown.append(key)
            }
            return nil
        }
        let bit: UInt32 = 1 << field.rawValue
        if seen & bit != 0, !duplicates.contains(key) { duplicates.append(key) }
        seen |= bit
        switch field {
        case .id:
            switch value {
            case let .string(s) where !s.isEmpty: id = s
            case let .integer(n): id = String(n)
            case .string: return "`id` is empty"
            case .null: id = nil
            default: return "`id` must be a string, found \(value.summary)"
            }
        case .text:
            switch value {
            case let .string(s): text = s
            case .null: text = nil
            default: return "`text` must be a string, found \(value.summary)"
            }
        case .type:
            switch value {
            case .null: item.type = .post
            case let .string(s):
                guard let type = ItemType(feedValue: s) else { return "`type` must be \"post\" or \"message\", found \(value.summary)" }
                item.type = type
            default: return "`type` must be \"post\" or \"message\", found \(value.summary)"
            }
        case .direction:
            switch value {
            case .null: item.direction = nil
            case let .string(s):
                guard let direction = Direction(feedValue: s) else {
                    return "`direction` must be \"in\" (入, 呼入) or \"out\" (出, 呼出), found \(value.summary)"
                }
                item.direction = direction
            default: return "`direction` must be \"in\" (入, 呼入) or \"out\" (出, 呼出), found \(value.summary)"
            }
        case .time:
            switch time(value) {
            case let .success(seconds): item.time = seconds
            case let .failure(message): return message.reason
            }
        case .relay:
            switch value {
            case let .bool(b): item.relay = b
            case .null: item.relay = false
            default: return "`relay` must be true or false, found \(value.summary)"
            }
        case .likes: return count(key, value, &item.likes)
        case .shares: return count(key, value, &item.shares)
        case .comments: return count(key, value, &item.comments)
        case .tags: return strings(key, value, &item.tags)
        case .keywords: return strings(key, value, &item.keywordPaths)
        case .channel: return string(key, value, &item.channel)
        case .author: return string(key, value, &item.author)
        case .city: return string(key, value, &item.city)
        case .category: return string(key, value, &item.category)
        case .from: return string(key, value, &item.from)
        case .to: return string(key, value, &item.to)
        case .group: return string(key, value, &item.group)
        }
        return nil
    }

    private func string(_ key: String, _ value: JSONValue, _ slot: inout String?) -> String? {
        switch value {
        case let .string(s): slot = s.isEmpty ? nil : s
        case .null: slot = nil
        default: return "`\(key)` must be a string, found \(value.summary)"
        }
        return nil
    }

    private func count(_ key: String, _ value: JSONValue, _ slot: inout Int) -> String? {
        let usage = "`\(key)` must be a whole number ≥ 0"
        switch value {
        case let .integer(n):
            guard n >= 0 else { return "\(usage), found \(n)" }
            guard let fits = Int(exactly: n) else { return "\(usage) that fits in an Int, found \(n)" }
            slot = fits
        case let .float(d):
            guard d >= 0, d.rounded() == d, let fits = Int(exactly: d) else { return "\(usage), found \(value.summary)" }
            slot = fits
        case .null: slot = 0
        default: return "\(usage), found \(value.summary)"
        }
        return nil
    }

    private func strings(_ key: String, _ value: JSONValue, _ slot: inout [String]) -> String? {
        switch value {
        case .null:
            slot = []
        case let .array(elements):
            var result: [String] = []
            result.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                switch element {
                case let .string(s): if !s.isEmpty { result.append(s) }
                case .null: continue
                default: return "`\(key)` must be an array of strings; element \(index + 1) is \(element.summary)"
                }
            }
            slot = result
        case let .string(s):
            return "`\(key)` must be an array of strings, found \(value.summary) (write [\"\(s)\"])"
        default:
            return "`\(key)` must be an array of strings, found \(value.summary)"
        }
        return nil
    }

    private struct TimeProblem: Error { var reason: String }

    /// Unix seconds from an ISO-8601 string, a date, or a number of seconds.
    private func time(_ value: JSONValue) -> Swift.Result<Int64?, TimeProblem> {
        let usage = "use ISO-8601 (2026-11-01T09:30:00+08:00), a date (2026-11-01) or Unix seconds"
        func seconds(_ n: Int64) -> Swift.Result<Int64?, TimeProblem> {
            guard TimeText.isRepresentable(n) else {
                let hint = n > 100_000_000_000 ? " (milliseconds? `time` is in seconds)" : ""
                return .failure(TimeProblem(reason: "`time` \(n) is out of range\(hint)"))
            }
            return .success(n)
        }
        switch value {
        case .null:
            return .success(nil)
        case let .integer(n):
            return seconds(n)
        case let .float(d):
            guard d.isFinite, let n = Int64(exactly: d.rounded(.down)) else { return .failure(TimeProblem(reason: "`time` \(d) is out of range")) }
            return seconds(n)
        case let .string(s):
            if let n = Int64(s) { return seconds(n) }
            switch TimeText.parse(s[...], defaultOffsetSeconds: options.timeZoneOffsetSeconds) {
            case let .success(parsed): return .success(parsed.seconds)
            case let .failure(problem):
                return .failure(TimeProblem(reason: "`time` \"\(s)\" is not a time: \(problem.reason) at character \(problem.offset + 1); \(usage)"))
            }
        default:
            return .failure(TimeProblem(reason: "`time` must be a string or a number, found \(value.summary); \(usage)"))
        }
    }

    /// The item, or what required field is missing.
    private func finish() -> Result {
        switch (id, text) {
        case (nil, nil): return .failure("missing `id` and `text`", nil)
        case (nil, _): return .failure("missing `id`", nil)
        case (_, nil): return .failure("missing `text`", nil)
        case let (id?, text?):
            guard text.contains(where: { !$0.isWhitespace }) else { return .failure("empty text", nil) }
            var result = item
            result.id = id
            result.text = text
            return .item(result)
        }
    }
}
