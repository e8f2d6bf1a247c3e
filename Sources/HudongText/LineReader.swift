#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file as bytes.
public enum FileBytes {
    /// The bytes of the file at `path`; throws `TextError.io` with the system's reason.
    public static func read(path: String) throws(TextError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }
}

/// Turns raw line bytes into text, repairing invalid UTF-8 and saying so.
public enum LineDecoder {
    /// The line as a `String`; invalid UTF-8 sequences become U+FFFD and `repaired` is true.
    public static func decode<C: Collection>(_ bytes: C) -> (text: String, repaired: Bool) where C.Element == UInt8 {
        if let valid = String(validating: bytes, as: UTF8.self) { return (valid, false) }
        return (String(decoding: bytes, as: UTF8.self), true)
    }

    /// The 1-based number of the first line of `bytes` that is not valid UTF-8 (1 if none is found).
    public static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
        var line = 1
        for piece in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: piece, as: UTF8.self) == nil { return line }
            line += 1
        }
        return 1
    }
}

/// Reads lines from a file descriptor in chunks, without limits on line length.
///
/// Lines end at `\n` (a `\r` before it is dropped); the last line needs no newline.
/// Each line comes with its 1-based number and whether invalid UTF-8 had to be repaired.
public final class LineReader {
    /// One input line.
    public struct Line: Sendable {
        public var number: Int
        public var text: String
        public var repairedUTF8: Bool
    }

    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var lineNumber = 0
    /// Where the lines come from, for messages (`<stdin>` or the path).
    public let name: String

    /// Reads standard input.
    public init() {
        fd = 0
        ownsDescriptor = false
        name = "<stdin>"
    }

    /// Opens the file at `path`.
    public init(path: String) throws(TextError) {
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        fd = opened
        ownsDescriptor = true
        name = path
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// The next line, or nil at the end of input.
    public func next() throws(TextError) -> Line? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = take(upTo: newline)
                position = newline + 1
                return line
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                let line = take(upTo: buffer.count)
                position = buffer.count
                return line
            }
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: name, reason: String(cString: strerror(errno)))
            }
            if n == 0 { atEnd = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }

    private func take(upTo end: Int) -> Line {
        var stop = end
        if stop > position, buffer[stop - 1] == 0x0D { stop -= 1 }
        lineNumber += 1
        let (text, repaired) = LineDecoder.decode(buffer[position..<stop])
        return Line(number: lineNumber, text: text, repairedUTF8: repaired)
    }
}
