import HudongText

/// The entry index: stored items, a positional index of units and CJK bigrams, and field indexes.
///
/// Exact recall for Chinese: every pair of adjacent CJK characters is indexed as a bigram with
/// its position, and a CJK character as a unit where no CJK character follows it, so every
/// place of a character is in its list or in a bigram it begins, and any Chinese query term is
/// found wherever its folded characters occur — a two-character term is one bigram lookup,
/// longer terms intersect bigrams by position, a single character merges its lists. Word segmentation only marks which units start and end
/// words, for ranking and highlights.
///
/// A value type: copy it to take a consistent snapshot; mutate it from one thread at a time
/// (`ConcurrentSearchIndex` wraps it for shared use). Items with an id already indexed replace
/// the old version (upsert); `delete(id:)` removes an item from every result.
public struct SearchIndex: Sendable {
    /// The analyzer applied to items and to query text.
    public let analyzer: Analyzer
    public internal(set) var documents = DocumentStore()
    public internal(set) var terms = TermDictionary()
    public internal(set) var postings = PostingPool()
    public internal(set) var fields = FieldIndex()
    /// Reused buffers for grouping one document's occurrences by term.
    private var scratch = IngestScratch()
    /// Total UTF-8 bytes of item text ingested (live and dead).
    public internal(set) var textBytes: Int64 = 0

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
        item.tags = analysis.tags(addingHashtagsTo: item.tags)
        let (doc, replaced) = documents.append(item, units: units)
        textBytes += Int64(item.text.utf8.count)
        indexUnits(units, document: doc)
        indexFields(item, document: doc)
        return replaced == nil ? .added : .replaced
    }

    /// Indexes `items[i]` with `analyses[i]` for each `i` in order (as many as both have).
    ///
    /// Each pair is read in place: iterating `zip(items, analyses)` copied every analysis (a
    /// retain and a release for each of its arrays).
    @discardableResult
    public mutating func add(_ items: [Item], analyses: [AnalyzedText]) -> [AddOutcome] {
        items.withUnsafeBufferPointer { items in
            analyses.withUnsafeBufferPointer { analyses in
                (0..<min(items.count, analyses.count)).map { add(items[$0], analysis: analyses[$0]) }
            }
        }
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
        // Each unit, and each bigram of adjacent CJK characters, as (term, position); positions
        // come out ascending per term, so a counting sort by term keeps them in order.
        var buffers = scratch.begin(units: n)
        units.keys.withUnsafeBufferPointer { keys in
        units.positions.withUnsafeBufferPointer { positions in
        units.flags.withUnsafeBufferPointer { flags in
            // Phases, so that the random loads of each (bigram table, list states, list tails)
            // are issued together and their cache misses overlap instead of queueing one by one.
            // 1. Unit ids; the bigrams (adjacent CJK characters) as keys, by their second unit.
            let unitIds = buffers.unitIds
            var bigrams = 0
            for i in 0..<n {
                let id = terms.intern(keys[i])
                unitIds[i] = id
                if i > 0, keys[i].isCJKCharacter, keys[i - 1].isCJKCharacter, positions[i] == positions[i - 1] + 1 {
                    buffers.bigramKeys[bigrams] = TermDictionary.bigramKey(unitIds[i - 1], id)
                    buffers.bigramUnits[bigrams] = Int32(i)
                    bigrams += 1
                }
            }
            // 2. The bigram table's slots, touched together; then the bigrams interned.
            buffers.touched ^= terms.touchBigrams(UnsafeBufferPointer(start: buffers.bigramKeys, count: bigrams))
            for b in 0..<bigrams { buffers.bigramIds[b] = terms.internBigram(key: buffers.bigramKeys[b]) }
            // 3. Occurrences grouped by term. A unit is a whole word when a word starts and ends
            // on it; a bigram when a word starts on its first unit and ends on its second.
            // A character that begins a bigram is not listed there itself: the bigram's list has
            // that place (`TermDictionary.bigramsBeginning`), and a character's list was 44% of
            // the postings' bytes and two thirds of their blocks.
            let whole = UnitSequence.startsWord | UnitSequence.endsWord
            var nextBigram = 0
            for i in 0..<n {
                if nextBigram < bigrams, buffers.bigramUnits[nextBigram] == Int32(i + 1) {
                    nextBigram += 1
                    continue
                }
                buffers.add(term: unitIds[i], position: UInt32(positions[i]), wholeWord: flags[i] == whole)
            }
            for b in 0..<bigrams {
                let i = Int(buffers.bigramUnits[b])
                let wholeBigram = flags[i - 1] & UnitSequence.startsWord != 0 && flags[i] & UnitSequence.endsWord != 0
                buffers.add(term: buffers.bigramIds[b], position: UInt32(positions[i - 1]), wholeWord: wholeBigram)
            }
        }
        }
        }
        // 4. The lists' states and tails, touched together; then appended.
        postings.grow(to: terms.count)
        buffers.touched ^= postings.touchLists(buffers.terms)
        let signals = documents.signals(document)
        var sealing: [Int32] = []
        buffers.group { term, positions, wholeWord in
            if postings.append(term: Int(term), document: document, positions: positions, wholeWord: wholeWord, signals: signals) {
                sealing.append(term)
            }
        }
        for term in sealing { postings.sealFirstBlock(term: Int(term), signals: documents.signals) }
        scratch.keep(buffers)
    }

    /// Whether `term` at `position` of `document` is a whole segmenter word: a unit a word
    /// starts and ends on, a bigram a word starts on and ends after (what each posting's
    /// whole-word bit records; see `PostingPool`). False for anything out of range.
    func isWholeWord(term: Int, document: Int32, position: UInt32) -> Bool {
        guard term >= 0, term < terms.terms.count, document >= 0, Int(document) < documents.lengths.count,
              position < UInt32(Int32.max / 2) else { return false }
        let span: Int32 = terms.terms.isBigram(term) ? 2 : 1
        return documents.isWholeWord(document: document, start: Int32(position), end: Int32(position) + span - 1)
    }

    private mutating func indexFields(_ item: Item, document: Int32) {
        func add(_ field: QueryField, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            fields.add(field, fields.fold(value, with: analyzer), document: document)
        }
        // `id:` is answered from the documents' id map (`DocumentStore.internalId`), not from
        // a field list: one list per item cost about 100 bytes an item.
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
            let folded = fields.fold(path, with: analyzer)
            for prefix in fields.prefixes(ofFoldedPath: folded) {
                fields.add(.keyword, prefix, document: document)
            }
        }
    }
}
