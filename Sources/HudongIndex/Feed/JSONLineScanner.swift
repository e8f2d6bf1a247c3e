/// A JSON value as the feed reader needs it: strings and numbers kept exact, nesting kept shallow.
enum JSONValue: Sendable, Equatable {
    case string(String)
    /// A number without fraction or exponent that fits in Int64.
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    /// An object; the feed schema never needs one, so only its presence is kept.
    case object

    /// How the value reads in a message: `a string "ten"`, `a number 1.5`, `an array`…
    var summary: String {
        switch self {
        case let .string(text):
            let shown = text.count > 24 ? String(text.prefix(24)) + "…" : text
            return "a string \"\(shown)\""
        case let .integer(value): return "a number \(value)"
        case let .float(value): return "a number \(value)"
        case let .bool(value): return "\(value)"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A syntax error in a JSON line, at a byte offset.
struct JSONFailure: Error, Sendable {
    var byteOffset: Int
    var message: String
    /// The JSON is well formed but a field's value is wrong for the feed format.
    var isFieldError = false
}

/// Reads JSON from the UTF-8 bytes of one line: a small, strict scanner for the feed's flat objects.
///
/// Strict JSON except that raw control characters inside strings (a tab pasted into a post) are
/// kept rather than rejected. A `\u` escape that is a lone surrogate becomes U+FFFD and is noted in
/// `loneSurrogate` (byte offset of the first), so the line is kept. Nesting is limited to 64 levels.
/// Cost: one pass over the bytes; strings without escapes are copied once.
struct JSONLineScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    /// Byte offset of the first lone surrogate escape that was replaced, if any.
    var loneSurrogate: Int?
    var loneSurrogateCount = 0

    static let maximumDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { i >= bytes.count }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D, 0x0A: i += 1
            default: return
            }
        }
    }

    /// Consumes `byte` or fails with "expected `what`".
    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONFailure) {
        guard i < bytes.count, bytes[i] == byte else { throw failure("expected \(what)") }
        i += 1
    }

    /// "expected …, found X" at the current offset.
    func failure(_ expected: String, at offset: Int? = nil) -> JSONFailure {
        let at = offset ?? i
        return JSONFailure(byteOffset: at, message: "\(expected), found \(describe(at: at))")
    }

    /// The character at a byte offset, for messages.
    func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the line" }
        let end = min(bytes.count, offset + 4)
        guard let character = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self).first else {
            return "the end of the line"
        }
        return "`\(character)`"
    }

    /// Any value; `depth` counts the enclosing arrays and objects.
    mutating func readValue(depth: Int = 1) throws(JSONFailure) -> JSONValue {
        guard i < bytes.count else { throw failure("expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumber()
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "["):
            return .array(try readArray(depth: depth))
        case UInt8(ascii: "{"):
            try skipObject(depth: depth)
            return .object
        case UInt8(ascii: "'"):
            throw failure("expected a value (JSON strings use double quotes)")
        default:
            throw failure("expected a value (a string, number, true, false, null, array or object)")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONFailure) {
        let start = i
        let count = word.utf8CodeUnitCount
        guard bytes.count - i >= count else { throw failure("expected a value", at: start) }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] {
            throw failure("expected a value", at: start)
        }
        i += count
    }

    private mutating func readArray(depth: Int) throws(JSONFailure) -> [JSONValue] {
        guard depth < Self.maximumDepth else { throw JSONFailure(byteOffset: i, message: "nested more than \(Self.maximumDepth) levels deep") }
        i += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return values
        }
        while true {
            skipWhitespace()
            values.append(try readValue(depth: depth + 1))
            skipWhitespace()
            guard i < bytes.count else { throw failure("expected `,` or `]` in the array") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                skipWhitespace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { throw failure("expected a value after `,` (trailing comma)") }
            } else if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return values
            } else {
                throw failure("expected `,` or `]` in the array")
            }
        }
    }

    /// Checks the syntax of a nested object and skips it.
    private mutating func skipObject(depth: Int) throws(JSONFailure) {
        guard depth < Self.maximumDepth else { throw JSONFailure(byteOffset: i, message: "nested more than \(Self.maximumDepth) levels deep") }
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw failure("expected a field name in double quotes") }
            _ = try readString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "`:` after the field name")
            skipWhitespace()
            _ = try readValue(depth: depth + 1)
            skipWhitespace()
            guard i < bytes.count else { throw failure("expected `,` or `}` in the object") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return
            } else {
                throw failure("expected `,` or `}` in the object")
            }
        }
    }

    /// A string starting at the `"` under `i`; leaves `i` after the closing quote.
    mutating func readString() throws(JSONFailure) -> String {
        let open = i
        i += 1
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return text
            }
            if b == UInt8(ascii: "\\") { return try readEscapedString(open: open, start: start) }
            i += 1
        }
        throw JSONFailure(byteOffset: open, message: "unterminated string: the line ends inside the string that starts here")
    }

    private mutating func readEscapedString(open: Int, start: Int) throws(JSONFailure) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(i - start + 16)
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            guard b == UInt8(ascii: "\\") else {
                buffer.append(b)
                i += 1
                continue
            }
            let escapeStart = i
            guard i + 1 < bytes.count else { break }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(e)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try unicodeEscape(escapeStart: escapeStart)
                appendUTF8(scalar, to: &buffer)
            default:
                throw JSONFailure(byteOffset: escapeStart, message: "invalid escape `\\\(describe(at: escapeStart + 1).dropFirst().dropLast())` in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
            }
        }
        throw JSONFailure(byteOffset: open, message: "unterminated string: the line ends inside the string that starts here")
    }

    /// The scalar of `\uXXXX` (after the `u`), joining a surrogate pair; a lone surrogate is U+FFFD.
    private mutating func unicodeEscape(escapeStart: Int) throws(JSONFailure) -> Unicode.Scalar {
        let high = try hex4(escapeStart: escapeStart)
        if (0xD800...0xDBFF).contains(high) {
            if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                let save = i
                i += 2
                let low = try hex4(escapeStart: save)
                if (0xDC00...0xDFFF).contains(low) {
                    let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
                i = save
            }
            noteLoneSurrogate(escapeStart)
            return "\u{FFFD}"
        }
        if (0xDC00...0xDFFF).contains(high) {
            noteLoneSurrogate(escapeStart)
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func noteLoneSurrogate(_ offset: Int) {
        if loneSurrogate == nil { loneSurrogate = offset }
        loneSurrogateCount += 1
    }

    private mutating func hex4(escapeStart: Int) throws(JSONFailure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.count else {
                throw JSONFailure(byteOffset: escapeStart, message: "`\\u` needs four hex digits")
            }
            let b = bytes[i]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw JSONFailure(byteOffset: escapeStart, message: "`\\u` needs four hex digits")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            buffer.append(UInt8(v))
        case 0x80..<0x800:
            buffer.append(UInt8(0xC0 | v >> 6))
            buffer.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            buffer.append(UInt8(0xE0 | v >> 12))
            buffer.append(UInt8(0x80 | v >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | v & 0x3F))
        default:
            buffer.append(UInt8(0xF0 | v >> 18))
            buffer.append(UInt8(0x80 | v >> 12 & 0x3F))
            buffer.append(UInt8(0x80 | v >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// A JSON number: an exact `integer` when it has no fraction or exponent and fits, else `float`.
    private mutating func readNumber() throws(JSONFailure) -> JSONValue {
        let start = i
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= UInt8(ascii: "0") && bytes[k] <= UInt8(ascii: "9") }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw failure("expected a digit in the number") }
        if bytes[i] == UInt8(ascii: "0"), isDigit(i + 1) { throw failure("numbers may not have leading zeros", at: i) }
        while isDigit(i) { i += 1 }
        var integral = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard isDigit(i) else { throw failure("expected a digit after the decimal point") }
            while isDigit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw failure("expected a digit in the exponent") }
            while isDigit(i) { i += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if integral, let value = Int64(text) { return .integer(value) }
        return .float(Double(text) ?? .nan)
    }
}
