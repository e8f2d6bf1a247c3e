import Foundation
import HudongText

#if _endian(big)
#error("SearchIndex snapshots store flat arrays in little-endian memory order")
#endif

/// Where snapshot bytes go: a file writer, a hasher, a buffer.
///
/// Writes cannot fail here: a sink that can (a full disk) remembers its first error and reports
/// it when it is finished, as a buffered file writer does. The index writes a few small headers
/// and then its big flat arrays whole, so a sink sees a few large writes, not millions of small ones.
public protocol SnapshotByteSink {
    /// Appends `bytes`.
    mutating func write(_ bytes: UnsafeRawBufferPointer)
}

/// Where snapshot bytes come from.
public protocol SnapshotByteSource {
    /// Bytes left to read; decoders check every count against it before allocating.
    var remaining: Int { get }
    /// Fills `buffer` with the next bytes, or throws if there are not that many.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(IndexError)
}

extension SnapshotByteSink {
    /// Writes a fixed-width integer, little-endian.
    public mutating func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { write($0) }
    }

    /// Writes an array as its count (UInt64) and its raw memory.
    public mutating func put<T: BitwiseCopyable>(array: [T]) {
        put(UInt64(array.count))
        array.withUnsafeBytes { write($0) }
    }

    /// Writes a buffer of encoded values as its length (UInt64) and its bytes.
    public mutating func put(_ buffer: BinaryWriter) {
        put(array: buffer.bytes)
    }
}

extension SnapshotByteSource {
    /// Reads a fixed-width little-endian integer.
    public mutating func take<T: FixedWidthInteger>(_: T.Type) throws(IndexError) -> T {
        var value = T.zero
        try withUnsafeMutableBytes(of: &value) { (raw) throws(IndexError) in try read(into: raw) }
        return T(littleEndian: value)
    }

    /// Reads an array written by `put(array:)`, checking its size against what is left.
    public mutating func takeArray<T: BitwiseCopyable>(_: T.Type) throws(IndexError) -> [T] {
        let declared = try take(UInt64.self)
        let stride = MemoryLayout<T>.stride
        guard declared <= UInt64(remaining / max(stride, 1)) else {
            throw .decoding(reason: "an array of \(declared) elements is longer than the \(remaining) bytes left")
        }
        let count = Int(declared)
        var failure: IndexError?
        let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do {
                try read(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            } catch {
                failure = error as? IndexError ?? .decoding(reason: "\(error)")
                initialized = 0
            }
        }
        if let failure { throw failure }
        return array
    }

    /// Reads a buffer written by `put(_: BinaryWriter)`.
    public mutating func takeBuffer() throws(IndexError) -> BinaryReader {
        BinaryReader(try takeArray(UInt8.self))
    }
}

/// A growable buffer of compact binary values: little-endian integers, varints, strings.
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Bytes written so far.
    public var count: Int { bytes.count }

    /// Empties the buffer, keeping its memory.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// A fixed-width integer, little-endian.
    public mutating func put<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// LEB128: 7 bits a byte, low first.
    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A signed value, zigzag-encoded so small negatives stay small.
    public mutating func zigzag(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A string as its UTF-8 length and bytes.
    public mutating func string(_ value: String) {
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// Raw bytes as they are.
    public mutating func append(_ raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    /// Overwrites a fixed-width integer written earlier at `offset` (a length known only later).
    public mutating func set<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
    }

    /// Calls `body` with the bytes written so far.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }
}

/// Reads what `BinaryWriter` wrote; every read is bounds-checked and throws on short or bad data.
public struct BinaryReader: Sendable {
    /// The bytes being read.
    public let bytes: [UInt8]
    /// Where the next read starts.
    public private(set) var offset: Int

    /// A reader of `bytes` from `offset`.
    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }
    /// Whether every byte has been read.
    public var atEnd: Bool { offset >= bytes.count }

    private func short(_ what: String) -> IndexError {
        .decoding(reason: "\(what) runs past the end of the data at byte \(offset) of \(bytes.count)")
    }

    /// A fixed-width little-endian integer.
    public mutating func take<T: FixedWidthInteger>(_: T.Type) throws(IndexError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw short("a \(size)-byte integer") }
        var value = T.zero
        bytes.withUnsafeBytes { raw in
            withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + size)])) }
        }
        offset += size
        return T(littleEndian: value)
    }

    /// A LEB128 varint.
    @inline(__always)
    public mutating func varint() throws(IndexError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw short("a varint")
    }

    /// A zigzag-encoded signed varint.
    public mutating func zigzag() throws(IndexError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    /// A count that must fit in what is left (each counted element takes at least `minimumBytes`).
    public mutating func count(minimumBytes: Int = 1) throws(IndexError) -> Int {
        let v = try varint()
        guard v <= UInt64(remaining / max(minimumBytes, 1)) else {
            throw .decoding(reason: "count \(v) at byte \(offset) is larger than the data left")
        }
        return Int(v)
    }

    /// A string written by `BinaryWriter.string` (invalid UTF-8 repaired with U+FFFD).
    @inline(__always)
    public mutating func string() throws(IndexError) -> String {
        let n = try count()
        let s = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[offset..<(offset + n)]), as: UTF8.self) }
        offset += n
        return s
    }

    /// The next `n` bytes as they are.
    public mutating func raw(_ n: Int) throws(IndexError) -> ArraySlice<UInt8> {
        guard n >= 0, remaining >= n else { throw short("\(n) bytes") }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }
}

extension Item {
    private enum Flag {
        static let channel: UInt64 = 1, author: UInt64 = 2, time: UInt64 = 4, city: UInt64 = 8, category: UInt64 = 16
        static let from: UInt64 = 32, to: UInt64 = 64, direction: UInt64 = 128, outbound: UInt64 = 256, group: UInt64 = 512
        static let relay: UInt64 = 1024, message: UInt64 = 2048, tags: UInt64 = 4096, keywords: UInt64 = 8192
        static let likes: UInt64 = 16384, shares: UInt64 = 32768, comments: UInt64 = 65536
        static let known: UInt64 = 131_071
    }

    /// Appends the item's compact binary form (journal records and snapshots): a presence
    /// bitmask, then id, text and the fields present. Format version 1; `init(binary:)` reads it.
    public func encodeBinary(to out: inout BinaryWriter) {
        var flags: UInt64 = 0
        if channel != nil { flags |= Flag.channel }
        if author != nil { flags |= Flag.author }
        if time != nil { flags |= Flag.time }
        if city != nil { flags |= Flag.city }
        if category != nil { flags |= Flag.category }
        if from != nil { flags |= Flag.from }
        if to != nil { flags |= Flag.to }
        if let direction { flags |= Flag.direction | (direction == .out ? Flag.outbound : 0) }
        if group != nil { flags |= Flag.group }
        if relay { flags |= Flag.relay }
        if type == .message { flags |= Flag.message }
        if !tags.isEmpty { flags |= Flag.tags }
        if !keywordPaths.isEmpty { flags |= Flag.keywords }
        if likes != 0 { flags |= Flag.likes }
        if shares != 0 { flags |= Flag.shares }
        if comments != 0 { flags |= Flag.comments }
        out.varint(flags)
        out.string(id)
        out.string(text)
        for value in [channel, author, city, category, from, to, group] { if let value { out.string(value) } }
        if let time { out.zigzag(time) }
        if likes != 0 { out.zigzag(Int64(likes)) }
        if shares != 0 { out.zigzag(Int64(shares)) }
        if comments != 0 { out.zigzag(Int64(comments)) }
        if !tags.isEmpty {
            out.varint(UInt64(tags.count))
            for tag in tags { out.string(tag) }
        }
        if !keywordPaths.isEmpty {
            out.varint(UInt64(keywordPaths.count))
            for path in keywordPaths { out.string(path) }
        }
    }

    /// Reads an item written by `encodeBinary(to:)`.
    public init(binary input: inout BinaryReader) throws(IndexError) {
        let flags = try input.varint()
        guard flags & ~Flag.known == 0 else { throw .decoding(reason: "unknown item flags \(flags) at byte \(input.offset)") }
        let id = try input.string(), text = try input.string()
        let channel = flags & Flag.channel != 0 ? try input.string() : nil
        let author = flags & Flag.author != 0 ? try input.string() : nil
        let city = flags & Flag.city != 0 ? try input.string() : nil
        let category = flags & Flag.category != 0 ? try input.string() : nil
        let from = flags & Flag.from != 0 ? try input.string() : nil
        let to = flags & Flag.to != 0 ? try input.string() : nil
        let group = flags & Flag.group != 0 ? try input.string() : nil
        let time = flags & Flag.time != 0 ? try input.zigzag() : nil
        let likes = flags & Flag.likes != 0 ? Int(truncatingIfNeeded: try input.zigzag()) : 0
        let shares = flags & Flag.shares != 0 ? Int(truncatingIfNeeded: try input.zigzag()) : 0
        let comments = flags & Flag.comments != 0 ? Int(truncatingIfNeeded: try input.zigzag()) : 0
        var tags: [String] = [], keywordPaths: [String] = []
        if flags & Flag.tags != 0 { for _ in 0..<(try input.count()) { tags.append(try input.string()) } }
        if flags & Flag.keywords != 0 { for _ in 0..<(try input.count()) { keywordPaths.append(try input.string()) } }
        let direction: Direction? = flags & Flag.direction == 0 ? nil : (flags & Flag.outbound != 0 ? .out : .in)
        self.init(id: id, type: flags & Flag.message != 0 ? .message : .post, channel: channel, author: author, time: time,
                  text: text, city: city, relay: flags & Flag.relay != 0, likes: likes, shares: shares, comments: comments,
                  tags: tags, category: category, keywordPaths: keywordPaths, from: from, to: to, direction: direction, group: group)
    }
}

extension SearchIndex {
    /// The snapshot format this build writes and the newest it reads.
    public static let snapshotFormat: UInt32 = 1
    private static let beginMark: UInt32 = 0x5849_4448 // "HDIX"
    private static let endMark: UInt32 = 0x4E45_4958 // "XIEN"

    /// Writes the whole index: items in chunks of compact records, everything else as raw flat
    /// arrays with their lengths (the posting arena as one block), so loading is a few big reads
    /// and no re-analysis. The ingest scratch buffers are not written. Cost: one pass over the
    /// index's memory; the items are the only part encoded value by value.
    public func writeSnapshot(to sink: inout some SnapshotByteSink) {
        sink.put(Self.beginMark)
        documents.writeSnapshot(to: &sink)
        terms.writeSnapshot(to: &sink)
        postings.writeSnapshot(to: &sink)
        fields.writeSnapshot(to: &sink)
        sink.put(textBytes)
        sink.put(Self.endMark)
    }

    /// Reads an index written by `writeSnapshot(to:)` with format `format`, for `analyzer`.
    ///
    /// The big arrays are read straight into their final storage (a few big reads); each
    /// chunk of items is handed to a worker thread as soon as it is read, so items decode
    /// while the rest is read; the field index decodes on this thread meanwhile; then ids are
    /// mapped to documents. Safe on damaged input: every count is checked against the bytes
    /// left and every id against its table, so bad bytes give `IndexError.decoding`, never a
    /// trap (the store checks the checksum as well). `threads` ≤ 1 decodes everything here.
    public init(snapshot source: inout some SnapshotByteSource, format: UInt32, analyzer: Analyzer, threads: Int = 2) throws(IndexError) {
        guard format <= Self.snapshotFormat else {
            throw .decoding(reason: "index snapshot format \(format) is newer than this build reads (\(Self.snapshotFormat))")
        }
        self.init(analyzer: analyzer)
        guard try source.take(UInt32.self) == Self.beginMark else { throw .decoding(reason: "not an index snapshot (bad start mark)") }
        let declared = try source.take(UInt64.self)
        guard declared <= UInt64(source.remaining / 3) else { throw .decoding(reason: "\(declared) items cannot fit in what is left") }
        let count = Int(declared)
        var failure: IndexError?
        var decoder: ItemDecoder?
        let items = [Item](unsafeUninitializedCapacity: count) { buffer, initialized in
            let items = ItemDecoder(base: buffer.baseAddress, capacity: count, parallel: threads > 1)
            decoder = items
            do throws(IndexError) {
                while true {
                    let n = try source.take(UInt32.self)
                    if n == 0 { break }
                    try items.submit(count: Int(n), reader: try source.takeBuffer())
                }
                try documents.readArrays(&source)
                terms = try TermDictionary(snapshot: &source)
                postings = try PostingPool(snapshot: &source, terms: terms.count)
                var fieldBytes = try source.takeBuffer()
                textBytes = try source.take(Int64.self)
                guard try source.take(UInt32.self) == Self.endMark else { throw .decoding(reason: "index snapshot does not end where expected") }
                fields = try FieldIndex(decoding: &fieldBytes, documents: documents.live.count)
            } catch {
                failure = error
            }
            items.finish()
            initialized = count
        }
        if let failure { throw failure }
        if let error = decoder?.failure { throw error }
        guard decoder?.submitted == count, count == documents.live.count else {
            throw .decoding(reason: "\(decoder?.submitted ?? 0) items in chunks, \(count) declared, \(documents.live.count) documents")
        }
        documents.items = items
        documents.internalIds = documents.liveIds()
    }
}

/// Decodes chunks of items into their slots of one array on worker threads, while the
/// snapshot is still being read. Slots a failed or missing chunk leaves are filled with
/// placeholders, so the array is always whole (and thrown away on failure).
private final class ItemDecoder: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Item>?
    private let capacity: Int
    private let parallel: Bool
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var firstFailure: IndexError?
    /// Slots handed out so far (touched by the reading thread only).
    private(set) var submitted = 0

    init(base: UnsafeMutablePointer<Item>?, capacity: Int, parallel: Bool) {
        self.base = base
        self.capacity = capacity
        self.parallel = parallel
    }

    var failure: IndexError? {
        lock.lock()
        defer { lock.unlock() }
        return firstFailure
    }

    /// Decodes a chunk of `count` items into the next slots (on a worker when parallel).
    func submit(count: Int, reader: BinaryReader) throws(IndexError) {
        guard count <= capacity - submitted, base != nil else {
            throw .decoding(reason: "the item chunks hold more items than the \(capacity) declared")
        }
        let start = submitted
        submitted += count
        if parallel {
            DispatchQueue.global(qos: .userInitiated).async(group: group) { self.decode(count, reader, at: start) }
        } else {
            decode(count, reader, at: start)
        }
    }

    private func decode(_ count: Int, _ chunk: BinaryReader, at start: Int) {
        guard let base else { return }
        let target = base + start
        var reader = chunk
        var k = 0
        do throws(IndexError) {
            while k < count {
                (target + k).initialize(to: try Item(binary: &reader))
                k += 1
            }
            guard reader.atEnd else { throw .decoding(reason: "an item chunk has trailing bytes") }
        } catch {
            lock.lock()
            if firstFailure == nil { firstFailure = error }
            lock.unlock()
        }
        while k < count {
            (target + k).initialize(to: Item(id: "", text: ""))
            k += 1
        }
    }

    /// Waits for the workers, then fills the slots no chunk reached.
    func finish() {
        group.wait()
        guard let base else { return }
        for i in submitted..<capacity { (base + i).initialize(to: Item(id: "", text: "")) }
    }
}

extension DocumentStore {
    func writeSnapshot(to sink: inout some SnapshotByteSink) {
        sink.put(UInt64(items.count))
        var chunk = BinaryWriter(capacity: 1 << 20)
        var inChunk: UInt32 = 0
        func flush() {
            sink.put(inChunk)
            sink.put(chunk)
            chunk.removeAll()
            inChunk = 0
        }
        for item in items {
            item.encodeBinary(to: &chunk)
            inChunk += 1
            if chunk.count >= 1 << 20 { flush() }
        }
        if inChunk > 0 { flush() }
        sink.put(UInt32(0))
        sink.put(array: live.map { $0 ? UInt8(1) : 0 })
        sink.put(array: lengths)
        sink.put(array: times)
        sink.put(array: engagement)
        sink.put(array: wordBoundaries)
        sink.put(array: boundaryBase)
        sink.put(boundaryBits)
        sink.put(Int64(liveCount))
        sink.put(totalLength)
        sink.put(newestTime)
    }

    /// Reads the per-document arrays and totals, and checks that they agree.
    mutating func readArrays(_ source: inout some SnapshotByteSource) throws(IndexError) {
        live = try source.takeArray(UInt8.self).map { $0 != 0 }
        lengths = try source.takeArray(Int32.self)
        times = try source.takeArray(Int64.self)
        engagement = try source.takeArray(Float.self)
        wordBoundaries = try source.takeArray(UInt64.self)
        boundaryBase = try source.takeArray(Int64.self)
        boundaryBits = try source.take(Int64.self)
        liveCount = Int(try source.take(Int64.self))
        totalLength = try source.take(Int64.self)
        newestTime = try source.take(Int64.self)
        let n = live.count
        guard lengths.count == n, times.count == n, engagement.count == n, boundaryBase.count == n,
              boundaryBits >= 0, Int64(wordBoundaries.count) * 64 >= boundaryBits,
              liveCount == live.reduce(0, { $0 + ($1 ? 1 : 0) }) else {
            throw .decoding(reason: "document arrays disagree on the number of documents")
        }
    }

    /// External id → internal id of every live document.
    func liveIds() -> [String: Int32] {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(liveCount)
        for i in 0..<items.count where live[i] { ids[items[i].id] = Int32(i) }
        return ids
    }
}

extension TermDictionary {
    func writeSnapshot(to sink: inout some SnapshotByteSink) {
        var kinds = [UInt8](repeating: 0, count: terms.count)
        var first = [Int32](repeating: 0, count: terms.count), second = first
        var tokens = BinaryWriter()
        for (i, term) in terms.enumerated() {
            switch term {
            case let .unit(.character(u)): first[i] = Int32(u)
            case let .unit(.token(s)): kinds[i] = 1; tokens.string(s)
            case let .bigram(a, b): kinds[i] = 2; first[i] = a; second[i] = b
            }
        }
        sink.put(array: kinds)
        sink.put(array: first)
        sink.put(array: second)
        sink.put(tokens)
        sink.put(UInt64(bigramIds.count))
        sink.put(array: bigramIds.slots.map(\.key))
        sink.put(array: bigramIds.slots.map(\.value))
    }

    init(snapshot source: inout some SnapshotByteSource) throws(IndexError) {
        self.init()
        let kinds = try source.takeArray(UInt8.self), first = try source.takeArray(Int32.self), second = try source.takeArray(Int32.self)
        var tokens = try source.takeBuffer()
        let n = kinds.count
        guard first.count == n, second.count == n else { throw .decoding(reason: "term arrays disagree on the number of terms") }
        terms.reserveCapacity(n)
        for i in 0..<n {
            switch kinds[i] {
            case 0:
                guard (0..<0x10000).contains(first[i]) else { throw .decoding(reason: "term \(i): bad character") }
                characterIds[Int(first[i])] = Int32(i)
                terms.append(.unit(.character(UInt16(first[i]))))
            case 1:
                let s = try tokens.string()
                tokenIds[s] = Int32(i)
                terms.append(.unit(.token(s)))
            case 2:
                guard (0..<Int32(n)).contains(first[i]), (0..<Int32(n)).contains(second[i]) else {
                    throw .decoding(reason: "term \(i): bigram of unknown terms")
                }
                terms.append(.bigram(first[i], second[i]))
            default:
                throw .decoding(reason: "term \(i): unknown kind \(kinds[i])")
            }
        }
        let bigrams = try source.take(UInt64.self)
        let keys = try source.takeArray(UInt64.self), values = try source.takeArray(Int32.self)
        guard keys.count == values.count, keys.count >= 1024, keys.count & (keys.count - 1) == 0, bigrams <= UInt64(keys.count / 2) else {
            throw .decoding(reason: "bigram table of \(keys.count) slots for \(bigrams) bigrams")
        }
        bigramIds.slots = zip(keys, values).map { BigramTable.Slot(key: $0, value: $1) }
        bigramIds.mask = keys.count - 1
        bigramIds.count = Int(bigrams)
    }
}

extension PostingPool {
    func writeSnapshot(to sink: inout some SnapshotByteSink) {
        sink.put(array: bytes)
        sink.put(array: lists.map(\.head))
        sink.put(array: lists.map(\.tail))
        sink.put(array: lists.map(\.limit))
        sink.put(array: lists.map(\.lastDocument))
        sink.put(array: lists.map(\.documentCount))
        sink.put(array: lists.map(\.level))
    }

    init(snapshot source: inout some SnapshotByteSource, terms: Int) throws(IndexError) {
        self.init()
        bytes = try source.takeArray(UInt8.self)
        let head = try source.takeArray(Int32.self), tail = try source.takeArray(Int32.self), limit = try source.takeArray(Int32.self)
        let last = try source.takeArray(Int32.self), counts = try source.takeArray(Int32.self), level = try source.takeArray(UInt8.self)
        let n = head.count, size = Int32(clamping: bytes.count)
        guard n <= terms, [tail.count, limit.count, last.count, counts.count, level.count].allSatisfy({ $0 == n }) else {
            throw .decoding(reason: "posting list arrays disagree on the number of terms")
        }
        lists.reserveCapacity(n)
        for i in 0..<n {
            guard head[i] >= 0, head[i] < size, tail[i] >= 0, tail[i] <= limit[i], limit[i] <= size, Int(level[i]) < Self.sliceSizes.count else {
                throw .decoding(reason: "posting list \(i) points outside the arena")
            }
            lists.append(ListState(head: head[i], tail: tail[i], limit: limit[i], lastDocument: last[i], documentCount: counts[i], level: level[i]))
        }
    }
}

extension FieldIndex {
    func writeSnapshot(to sink: inout some SnapshotByteSink) {
        var out = BinaryWriter()
        out.varint(UInt64(folded.count))
        for (raw, fold) in folded { out.string(raw); out.string(fold) }
        out.varint(UInt64(postings.count))
        for (field, values) in postings {
            out.string(field.rawValue)
            out.varint(UInt64(values.count))
            for (value, documents) in values {
                out.string(value)
                out.varint(UInt64(documents.count))
                var previous: Int32 = -1
                for d in documents { out.varint(UInt64(d - previous)); previous = d }
            }
        }
        sink.put(out)
    }

    init(decoding input: inout BinaryReader, documents: Int) throws(IndexError) {
        self.init()
        let foldedCount = try input.count(minimumBytes: 2)
        folded.reserveCapacity(foldedCount)
        for _ in 0..<foldedCount { folded[try input.string()] = try input.string() }
        for _ in 0..<(try input.count()) {
            let name = try input.string()
            guard let field = QueryField(rawValue: name) else { throw .decoding(reason: "unknown field `\(name)`") }
            let valueCount = try input.count(minimumBytes: 2)
            var values: [String: [Int32]] = [:]
            values.reserveCapacity(valueCount)
            for _ in 0..<valueCount {
                let value = try input.string()
                let n = try input.count()
                var list: [Int32] = []
                list.reserveCapacity(n)
                var d: Int64 = -1
                for _ in 0..<n {
                    d += Int64(try input.varint() & 0xFFFF_FFFF)
                    guard d < Int64(documents) else { throw .decoding(reason: "field `\(name)` lists an unknown document") }
                    list.append(Int32(d))
                }
                values[value] = list
            }
            postings[field] = values
        }
        guard input.atEnd else { throw .decoding(reason: "field index has trailing bytes") }
    }
}

extension SearchIndex {
    /// A copy without dead documents (deleted, replaced or expired): live items renumbered
    /// densely in their order, posting and field lists rewritten without the dead ones.
    ///
    /// Snapshots are written from this, so deletes and retention free memory and disk at the
    /// next snapshot. The term dictionary is kept whole (a term may be left with no documents).
    /// BM25 document frequencies then count live documents only, so scores can move slightly.
    /// Cost: one pass over the posting arena (decode and re-encode); returns `self` when
    /// nothing is dead.
    public func removingDeadDocuments() -> SearchIndex {
        guard documents.liveCount < documents.count else { return self }
        var remap = [Int32](repeating: -1, count: documents.count)
        var out = SearchIndex(analyzer: analyzer)
        out.documents = documents.keepingLive(remap: &remap)
        out.terms = terms
        out.postings = postings.remapped(remap)
        out.fields = fields.remapped(remap)
        out.textBytes = out.documents.items.reduce(0) { $0 + Int64($1.text.utf8.count) }
        return out
    }
}

extension DocumentStore {
    /// The live documents only; `remap[old]` is set to each one's new internal id.
    func keepingLive(remap: inout [Int32]) -> DocumentStore {
        var out = DocumentStore()
        out.items.reserveCapacity(liveCount)
        var next: Int32 = 0
        for i in 0..<count where live[i] {
            remap[i] = next
            out.items.append(items[i])
            out.live.append(true)
            out.lengths.append(lengths[i])
            out.times.append(times[i])
            out.engagement.append(engagement[i])
            out.internalIds[items[i].id] = next
            let start = boundaryBase[i], end = i + 1 < count ? boundaryBase[i + 1] : boundaryBits
            out.boundaryBase.append(out.boundaryBits)
            let needed = Int((out.boundaryBits + (end - start) + 63) / 64)
            if out.wordBoundaries.count < needed {
                out.wordBoundaries.append(contentsOf: repeatElement(0, count: needed - out.wordBoundaries.count))
            }
            var k: Int64 = 0
            while k < end - start {
                let n = min(64, end - start - k)
                Self.setBits(&out.wordBoundaries, at: out.boundaryBits + k, count: n, Self.bits(wordBoundaries, at: start + k, count: n))
                k += n
            }
            out.boundaryBits += end - start
            next += 1
        }
        out.liveCount = Int(next)
        out.totalLength = totalLength
        out.newestTime = newestTime
        return out
    }

    private static func bits(_ words: [UInt64], at start: Int64, count: Int64) -> UInt64 {
        let w = Int(start >> 6), offset = UInt64(start & 63)
        var value = words[w] >> offset
        if Int64(offset) + count > 64 { value |= words[w + 1] << (64 - offset) }
        return count == 64 ? value : value & ((1 << UInt64(count)) - 1)
    }

    private static func setBits(_ words: inout [UInt64], at start: Int64, count: Int64, _ value: UInt64) {
        let w = Int(start >> 6), offset = UInt64(start & 63)
        words[w] |= value << offset
        if Int64(offset) + count > 64 { words[w + 1] |= value >> (64 - offset) }
    }
}

extension PostingPool {
    /// The lists with documents renumbered by `remap` (dead ones, -1, left out).
    func remapped(_ remap: [Int32]) -> PostingPool {
        var out = PostingPool()
        out.grow(to: lists.count)
        var positions: [UInt32] = []
        for term in 0..<lists.count {
            forEachDocument(term: term) { document, _, cursor in
                let d = remap[Int(document)]
                guard d >= 0 else { return }
                positions.removeAll(keepingCapacity: true)
                while let p = cursor.next() { positions.append(p) }
                positions.withUnsafeBufferPointer { out.append(term: term, document: d, positions: $0) }
            }
        }
        return out
    }
}

extension FieldIndex {
    /// The lists with documents renumbered by `remap`; values left with no document are dropped.
    func remapped(_ remap: [Int32]) -> FieldIndex {
        var out = FieldIndex()
        out.folded = folded
        for (field, values) in postings {
            out.postings[field] = values.compactMapValues { list in
                let kept = list.compactMap { remap[Int($0)] >= 0 ? remap[Int($0)] : nil }
                return kept.isEmpty ? nil : kept
            }
        }
        return out
    }
}
