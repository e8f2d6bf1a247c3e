import HudongText

/// The entry index: stored items, a positional index of units and CJK bigrams, and field indexes.
///
/// Exact recall for Chinese: every CJK character is indexed as a unit with its position, and
/// every pair of adjacent CJK characters as a bigram, so any Chinese query term is found
/// wherever its folded characters occur — a two-character term is one bigram lookup, longer
/// terms intersect bigrams by position. Word segmentation only marks which units start and end
/// words, for ranking and highlights.
///
/// A value type: copy it to take a consistent snapshot; mutate it from one thread at a time
/// (`ConcurrentSearchIndex` wraps it for shared use). Items with an id already indexed replace
/// the old version (upsert); `delete(id:)` removes an item from every result.
public struct SearchIndex: Sendable {
    /// The analyzer applied to items and to query text.
    public let analyzer: Analyzer
    public private(set) var documents = DocumentStore()
    public private(set) var terms = TermDictionary()
    public private(set) var postings = PostingPool()
    public private(set) var fields = FieldIndex()
    /// Total UTF-8 bytes of item text ingested (live and dead).
    public private(set) var textBytes: Int64 = 0

    public init(analyzer: Analyzer) {
        self.analyzer = analyzer
    }

    /// What `add` did with an item.
    public enum AddOutcome: Sendable, Equatable {
        case added
        case replaced
    }

    /// Analyzes and indexes `item`.
    @discardableResult
    public mutating func add(_ item: Item) -> AddOutcome {
        add(item, analysis: analyzer.analyze(item.text))
    }

    /// Indexes `item` with an analysis already made (so ingest can analyze on several threads).
    @discardableResult
    public mutating func add(_ item: Item, analysis: AnalyzedText) -> AddOutcome {
        let units = UnitSequence(analysis)
        var item = item
        for token in analysis.tokens where token.kind == .hashtag {
            let tag = String(token.bareTerm)
            if !tag.isEmpty, !item.tags.contains(tag) { item.tags.append(tag) }
        }
        let (doc, replaced) = documents.append(item, units: units)
        textBytes += Int64(item.text.utf8.count)
        indexUnits(units, document: doc)
        indexFields(item, document: doc)
        return replaced == nil ? .added : .replaced
    }

    /// Removes the item with `id` from the index; returns whether it was there.
    @discardableResult
    public mutating func delete(id: String) -> Bool {
        documents.delete(id: id) != nil
    }

    /// The live item with external `id`.
    public func item(id: String) -> Item? {
        documents.internalId(of: id).map { documents.items[Int($0)] }
    }

    private mutating func indexUnits(_ units: UnitSequence, document: Int32) {
        let n = units.count
        guard n > 0 else { return }
        // (termId << 32 | position), sorted: groups each term's positions in ascending order.
        var entries: [UInt64] = []
        entries.reserveCapacity(n * 2)
        var previousId: Int32 = -1
        for i in 0..<n {
            let id = terms.intern(units.keys[i])
            let position = UInt32(units.positions[i])
            entries.append(UInt64(UInt32(id)) << 32 | UInt64(position))
            if i > 0, units.keys[i].isCJKCharacter, units.keys[i - 1].isCJKCharacter,
               units.positions[i] == units.positions[i - 1] + 1 {
                let bigram = terms.internBigram(previousId, id)
                entries.append(UInt64(UInt32(bigram)) << 32 | UInt64(position - 1))
            }
            previousId = id
        }
        entries.sort()
        postings.grow(to: terms.count)
        var positions: [UInt32] = []
        positions.reserveCapacity(16)
        var start = 0
        while start < entries.count {
            let term = Int(entries[start] >> 32)
            var end = start
            positions.removeAll(keepingCapacity: true)
            while end < entries.count, Int(entries[end] >> 32) == term {
                positions.append(UInt32(truncatingIfNeeded: entries[end]))
                end += 1
            }
            postings.append(term: term, document: document, positions: positions[...])
            start = end
        }
    }

    private mutating func indexFields(_ item: Item, document: Int32) {
        func add(_ field: QueryField, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            fields.add(field, fields.fold(value, with: analyzer), document: document)
        }
        // Ids are exact (not folded): `id:` matches the id as sent.
        fields.add(.id, item.id, document: document)
        add(.type, item.type.rawValue)
        add(.channel, item.channel)
        add(.author, item.author)
        add(.city, item.city)
        add(.direction, item.direction?.rawValue)
        add(.group, item.group)
        add(.from, item.from)
        add(.to, item.to)
        add(.category, item.category)
        for tag in item.tags { add(.tag, tag) }
        for path in item.keywordPaths {
            for prefix in FieldIndex.pathPrefixes(fields.fold(path, with: analyzer)) {
                fields.add(.keyword, prefix, document: document)
            }
        }
    }
}
