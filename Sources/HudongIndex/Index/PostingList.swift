/// The documents and positions where one term (a unit or a bigram of units) occurs.
///
/// Compressed in one byte buffer, append-only in ascending document order: per document,
/// `varint(docDelta) varint(freq)` then `freq` × `varint(positionDelta << 2 | wordFlags)`.
/// About 1.2 bytes per occurrence on Chinese text. Decoding is sequential (`PostingCursor`).
public struct PostingList: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Number of documents in the list (deleted ones included until compaction).
    public private(set) var documentCount: Int32 = 0
    /// Number of occurrences in the list.
    public private(set) var occurrenceCount: Int64 = 0
    private var lastDocument: Int32 = -1

    public init() {}

    /// Appends one document's occurrences; `document` must exceed every document already added.
    /// Each occurrence is `position << 2 | flags` with positions ascending.
    public mutating func append(document: Int32, occurrences: ArraySlice<UInt32>) {
        precondition(document > lastDocument, "postings must be appended in document order")
        PostingList.writeVarint(UInt32(document - lastDocument), to: &bytes)
        PostingList.writeVarint(UInt32(occurrences.count), to: &bytes)
        var previous: UInt32 = 0
        for occurrence in occurrences {
            let position = occurrence >> 2
            PostingList.writeVarint((position - previous) << 2 | (occurrence & 3), to: &bytes)
            previous = position
        }
        lastDocument = document
        documentCount += 1
        occurrenceCount += Int64(occurrences.count)
    }

    @inline(__always)
    static func writeVarint(_ value: UInt32, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Calls `body(document, freq, positionsCursor)` for each document, in order.
    @inline(__always)
    public func forEachDocument(_ body: (Int32, Int, inout PostingCursor) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = PostingCursor(buffer: buffer)
            var document: Int32 = -1
            while !cursor.atEnd {
                document += Int32(cursor.readVarint())
                let freq = Int(cursor.readVarint())
                cursor.remainingPositions = freq
                cursor.lastPosition = 0
                body(document, freq, &cursor)
                // Skip positions the body did not read.
                if cursor.remainingPositions > 0 { cursor.skipPositions() }
            }
        }
    }
}

/// A reading position inside a posting list's bytes.
public struct PostingCursor {
    let buffer: UnsafeBufferPointer<UInt8>
    var offset = 0
    var remainingPositions = 0
    var lastPosition: UInt32 = 0

    init(buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    var atEnd: Bool { offset >= buffer.count }

    @inline(__always)
    mutating func readVarint() -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            let byte = buffer[offset]
            offset += 1
            result |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// The next occurrence of the current document as `position << 2 | flags`, or nil when done.
    @inline(__always)
    public mutating func nextOccurrence() -> UInt32? {
        guard remainingPositions > 0 else { return nil }
        remainingPositions -= 1
        let v = readVarint()
        lastPosition += v >> 2
        return lastPosition << 2 | (v & 3)
    }

    mutating func skipPositions() {
        while remainingPositions > 0 {
            while buffer[offset] >= 0x80 { offset += 1 }
            offset += 1
            remainingPositions -= 1
        }
    }
}
