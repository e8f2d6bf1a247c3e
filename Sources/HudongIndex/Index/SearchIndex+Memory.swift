/// Where an index's memory goes, by part, in bytes held (allocated capacity, estimated for
/// Strings and hash tables from their sizes: an estimate of the heap, not a measurement).
public struct IndexMemory: Sendable, Equatable {
    /// The posting arena, list states and block bounds.
    public var postings = 0
    /// Term ids: the character table, token map, bigram table, the bigrams each character
    /// begins, and the term of each id.
    public var terms = 0
    /// The stored items (`ItemStore`): rows, times, id and text bytes, labels, field values.
    public var items = 0
    /// Of `items`, the text of the items: its bytes as stored (`CompactText`, or coded after a
    /// pack: `TextCode`), where they are (an offset and two lengths) and the code's tables.
    public var text = 0
    /// Per-document columns: lengths, times, engagement, liveness, word boundaries.
    public var columns = 0
    /// External id → internal id.
    public var ids = 0
    /// Field indexes (channel, city, tags, keyword paths…).
    public var fields = 0

    public var total: Int { postings + terms + items + columns + ids + fields }

    /// The parts by name, largest first (for `stats` and benchmarks).
    public var parts: [(name: String, bytes: Int)] {
        [("postings", postings), ("terms", terms), ("items", items), ("columns", columns), ("ids", ids), ("fields", fields)]
            .sorted { $0.1 > $1.1 }
    }
}

extension SearchIndex {
    /// An estimate of the memory the index holds, by part.
    /// Cost: O(items + field values + token terms): it walks every stored String.
    public func memoryUse() -> IndexMemory {
        var m = IndexMemory()
        m.postings = postings.memoryBytes
        m.terms = terms.characterIds.capacity * 4 + terms.bigramIds.slots.capacity * MemoryLayout<BigramTable.Slot>.stride
            + terms.terms.memoryBytes
            + Self.dictionaryBytes(terms.tokenIds) + terms.tokenIds.keys.reduce(0) { $0 + Self.heapBytes($1) }
            + Self.dictionaryBytes(terms.bigramsBeginning) + terms.bigramsBeginning.values.reduce(0) { $0 + 32 + $1.capacity * 4 }
        let d = documents
        (m.items, m.text) = d.items.memory
        m.columns = d.live.capacity + d.lengths.memoryBytes + d.lengthFloors.capacity + d.times.memoryBytes
            + d.engagement.capacity * 4 + d.wordBoundaries.memoryBytes
        m.ids = d.internalIds.memoryBytes  // keyed by the items' own id Strings
        for (_, values) in fields.postings {
            m.fields += Self.dictionaryBytes(values)
            for (value, list) in values { m.fields += Self.heapBytes(value) + 64 + list.memoryBytes }
        }
        m.fields += Self.dictionaryBytes(fields.folded) + Self.dictionaryBytes(fields.prefixes)
        return m
    }

    /// Heap bytes of a String beyond its 16-byte struct: none when it fits inline (≤ 15 UTF-8
    /// bytes), else a 32-byte header and its bytes plus a terminator, rounded to 16 by malloc.
    static func heapBytes(_ s: String?) -> Int {
        guard let n = s?.utf8.count, n > 15 else { return 0 }
        return 32 + (n + 1 + 15) & ~15
    }

    /// A hash table's slots (key and value) plus its occupancy bitmap and header.
    static func dictionaryBytes<K, V>(_ d: [K: V]) -> Int {
        d.isEmpty ? 0 : 64 + d.capacity * (MemoryLayout<K>.stride + MemoryLayout<V>.stride) * 4 / 3 + d.capacity / 6
    }
}
