import Foundation
import HudongREPL
import HudongText

/// Buffered writes to standard output (one write per 64 KB, not per line).
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Unbuffered messages to standard error.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Encodes values as one compact JSON line with stable key order (the REPL's encoder).
enum JSONLine {
    static func encode<T: Encodable>(_ value: T) -> String { JSONText.encode(value) }
}

/// Builds the analyzer the commands share, from `--dict` files.
struct AnalyzerOptions {
    var dictionaries: [String]

    func makeAnalyzer() throws -> Analyzer {
        var entries: [UserDictionary.Entry] = []
        for path in dictionaries {
            let bytes = try FileBytes.read(path: path)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw TextError.dictionaryLine(source: path, line: LineDecoder.firstInvalidLine(bytes), reason: "invalid UTF-8")
            }
            entries += try UserDictionary.parse(text, source: path)
        }
        return try Analyzer.chinese(userDictionary: UserDictionary(entries))
    }
}
