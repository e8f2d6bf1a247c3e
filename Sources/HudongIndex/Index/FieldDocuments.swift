/// The documents that have one field value, ascending: a list of ids while they are few, a
/// bitmap over the documents once they are many.
///
/// Channels, types, cities and directions each cover a large share of every item: kept as
/// lists they cost 4 bytes an item per field (12 MB at 1M posts for type, channel and city), as
/// bitmaps 1 bit per document per value. A list becomes a bitmap when the bitmap would be no
/// larger; a bitmap turns back into a list when the list would take less than half its bytes
/// (a value that was common and became rare), so neither form grows far past the other.
/// A bitmap also answers "is this document in it" in one load, where a list takes a search.
struct FieldDocuments: Sendable, Equatable {
    /// The documents while a list.
    private var list: [Int32] = []
    /// Bit `d` for document `d` while a bitmap (`isBitmap`); empty otherwise.
    private var bits: [UInt64] = []
    private(set) var isBitmap = false
    private(set) var count = 0
    /// The last document appended; -1 for none.
    private(set) var last: Int32 = -1

    /// Lists shorter than this stay lists whatever their density.
    static let smallestBitmapCount = 256

    init() {}

    /// A set of `documents` (ascending).
    init(_ documents: some Sequence<Int32>) {
        for d in documents { append(d) }
    }

    /// Adds `document` unless it is not above the last one (documents ascend).
    @inline(__always)
    mutating func append(_ document: Int32) {
        guard document > last else { return }
        last = document
        count += 1
        if isBitmap {
            let word = Int(document >> 6)
            if word >= bits.count {
                if count * 4 * 2 < (word + 1) * 8 { return becomeList(appending: document) }
                bits.append(contentsOf: repeatElement(0, count: word + 1 - bits.count))
            }
            bits[word] |= 1 << UInt64(document & 63)
        } else {
            list.append(document)
            if count >= Self.smallestBitmapCount, count * 4 >= (Int(document >> 6) + 1) * 8 { becomeBitmap() }
        }
    }

    /// Whether `document` is in the set.
    @inline(__always)
    func contains(_ document: Int32) -> Bool {
        guard document >= 0, document <= last else { return false }
        if isBitmap { return bits[Int(document >> 6)] & (1 << UInt64(document & 63)) != 0 }
        return list[Self.firstIndex(notBelow: document, in: list, from: 0)] == document
    }

    /// The documents, ascending.
    var documents: [Int32] {
        if !isBitmap { return list }
        var out: [Int32] = []
        out.reserveCapacity(count)
        forEach { out.append($0) }
        return out
    }

    /// Calls `body` with each document, ascending.
    func forEach(_ body: (Int32) -> Void) {
        guard isBitmap else { return list.forEach(body) }
        for (w, word) in bits.enumerated() {
            var rest = word
            while rest != 0 {
                body(Int32(w << 6 | rest.trailingZeroBitCount))
                rest &= rest - 1
            }
        }
    }

    /// The kept documents of `candidates` (ascending): those in the set. A list is walked
    /// with the candidates, galloping from where the one before was found (a few steps per
    /// candidate when the list is far longer); a bitmap tests each candidate's bit.
    func keep(_ candidates: [Int32]) -> [Int32] {
        if isBitmap { return candidates.filter(contains) }
        var kept: [Int32] = []
        var j = 0
        for doc in candidates {
            j = Self.firstIndex(notBelow: doc, in: list, from: j)
            if j == list.count { break }
            if list[j] == doc { kept.append(doc) }
        }
        return kept
    }

    /// Bytes held.
    var memoryBytes: Int { list.capacity * 4 + bits.capacity * 8 }

    /// The same documents, whatever the form each set is in.
    static func == (a: FieldDocuments, b: FieldDocuments) -> Bool {
        a.count == b.count && a.last == b.last && a.documents == b.documents
    }

    private mutating func becomeBitmap() {
        bits = [UInt64](repeating: 0, count: Int(last >> 6) + 1)
        for d in list { bits[Int(d >> 6)] |= 1 << UInt64(d & 63) }
        list = []
        isBitmap = true
    }

    /// Back to a list (`document`, already counted, not yet in the bits).
    private mutating func becomeList(appending document: Int32) {
        var documents: [Int32] = []
        documents.reserveCapacity(count)
        forEach { documents.append($0) }
        documents.append(document)
        list = documents
        bits = []
        isBitmap = false
    }

    /// The first index at or after `start` of `sorted` whose document is `doc` or more
    /// (`sorted.count` when none is): galloping, then a binary search.
    static func firstIndex(notBelow doc: Int32, in sorted: [Int32], from start: Int) -> Int {
        guard start < sorted.count, sorted[start] < doc else { return start }
        // sorted[low] < doc throughout; find a `high` with sorted[high] >= doc (or the end).
        var low = start, step = 1
        var high = start + 1
        while high < sorted.count, sorted[high] < doc {
            low = high
            step *= 2
            high = low + step
        }
        high = min(high, sorted.count)
        while low + 1 < high {
            let mid = (low + high) / 2
            if sorted[mid] < doc { low = mid } else { high = mid }
        }
        return high
    }
}
