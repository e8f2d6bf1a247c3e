import HudongText

/// The documents where one query term or phrase occurs, with its counts and, on request, positions.
struct LeafMatches: Sendable {
    /// Matching live documents, ascending.
    var documents: [Int32] = []
    /// Occurrences per document.
    var counts: [Int32] = []
    /// Occurrences per document that line up with segmenter words at both ends; −1 where a
    /// match asked for without counting them (`LeafMatcher.match(countingAligned: false)`)
    /// would need the document's word boundaries read.
    var alignedCounts: [Int32] = []
    /// Start positions of all documents, flat; document i's are `starts[startOffsets[i]..<startOffsets[i+1]]`
    /// (only when asked for).
    var starts: [Int32] = []
    var startOffsets: [Int32] = []
    /// Length of the match in positions (last unit's position − first's + 1).
    var span: Int32 = 1

    func starts(ofMatch i: Int) -> ArraySlice<Int32> {
        starts[Int(startOffsets[i])..<Int(startOffsets[i + 1])]
    }
}

/// Finds a unit sequence (a query term or phrase) in the index's postings.
///
/// Plan: cover the units with bigrams of adjacent CJK characters where possible, else single
/// units, each at its offset in the phrase; walk the rarest list first and keep the candidate
/// starts that every other list confirms. A two-character Chinese term is one bigram list.
struct LeafMatcher {
    let index: SearchIndex

    /// One posting list to confirm, at `offset` positions from the phrase start.
    private struct Component {
        var term: Int32
        var offset: Int32
        var documentCount: Int32
    }

    /// The documents where `units` occur, with their counts and whole-word counts (and their
    /// start positions, `withPositions`). With `countingAligned` false the whole-word counts
    /// that need a document's word boundaries read are left out: all of them for a match
    /// needing several lists (`alignedCounts` empty), those of a document with several
    /// occurrences, some whole, for one list (−1). A top-k search counts them only for what
    /// can reach the page.
    ///
    /// With `candidates` (ascending), only those documents are looked at: the lists skip the
    /// blocks that hold none of them (`forEachDocument(term:among:)`).
    func match(_ units: UnitSequence, withPositions: Bool, countingAligned: Bool = true, among candidates: [Int32]? = nil) -> LeafMatches {
        var result = LeafMatches()
        guard units.count > 0, let components = plan(units) else { return result }
        let span = units.positions[units.count - 1] - units.positions[0] + 1
        result.span = span
        let ordered = components.sorted { $0.documentCount < $1.documentCount }
        let live = index.documents.live
        let store = index.documents
        let pool = index.postings

        // Candidates from the rarest list, flat: docs, and starts per doc.
        let first = ordered[0]
        let expected = min(Int(first.documentCount), candidates?.count ?? Int.max)
        // One list alone: its postings' whole-word bits are the term's (`PostingPool`).
        let single = ordered.count == 1
        if single && !withPositions {
            // Its counts are its postings' (every position is a match start), so positions are
            // read only for the whole-word count of a document with several, some whole.
            var counted = Counted(reserving: expected, store: store, span: span, countingAligned: countingAligned)
            if let candidates {
                pool.forEachDocument(term: Int(first.term), among: candidates) { c, freq, cursor in
                    counted.collect(candidates[c], freq, &cursor, live: live)
                }
            } else {
                pool.forEachDocument(term: Int(first.term)) { doc, freq, cursor in
                    counted.collect(doc, freq, &cursor, live: live)
                }
            }
            result.documents = counted.docs
            result.counts = counted.counts
            result.alignedCounts = counted.aligned
            return result
        }
        // (Collected into a struct passed inout, not into variables a local function captures:
        // those were checked for exclusive access at run time on every posting, over a third
        // of a long list's matching time.)
        var collected = Collected(reserving: expected)
        let offset = first.offset
        if let candidates {
            pool.forEachDocument(term: Int(first.term), among: candidates) { c, _, cursor in
                collected.collect(candidates[c], &cursor, offset: offset, live: live, wholeWord: single)
            }
        } else {
            pool.forEachDocument(term: Int(first.term)) { doc, _, cursor in
                collected.collect(doc, &cursor, offset: offset, live: live, wholeWord: single)
            }
        }
        var docs = collected.docs, offsets = collected.offsets, starts = collected.starts
        let wholeWord = collected.wholeWord
        // Confirm with every other list, keeping the starts it contains.
        for component in ordered.dropFirst() where !docs.isEmpty {
            var keptDocs: [Int32] = []
            var keptOffsets: [Int32] = [0]
            var keptStarts: [Int32] = []
            pool.forEachDocument(term: Int(component.term), among: docs) { c, _, cursor in
                let doc = docs[c]
                let lower = Int(offsets[c]), upper = Int(offsets[c + 1])
                var k = lower
                let before = keptStarts.count
                while k < upper, let p = cursor.next() {
                    let s = Int32(p) - component.offset
                    while k < upper, starts[k] < s { k += 1 }
                    if k < upper, starts[k] == s { keptStarts.append(s); k += 1 }
                }
                if keptStarts.count > before {
                    keptDocs.append(doc)
                    keptOffsets.append(Int32(keptStarts.count))
                }
            }
            docs = keptDocs
            offsets = keptOffsets
            starts = keptStarts
        }
        result.documents = docs
        if withPositions {
            result.starts = starts
            result.startOffsets = offsets
        }
        if !countingAligned && !single {
            result.counts = (0..<docs.count).map { offsets[$0 + 1] - offsets[$0] }
            return result
        }
        result.counts.reserveCapacity(docs.count)
        result.alignedCounts.reserveCapacity(docs.count)
        for (i, doc) in docs.enumerated() {
            let lower = Int(offsets[i]), upper = Int(offsets[i + 1])
            var aligned: Int32 = 0
            if single, let known = Self.wholeWordCount(bit: wholeWord[i], count: upper - lower, countingAligned: countingAligned) {
                aligned = known
            } else {
                for k in lower..<upper where store.isWholeWord(document: doc, start: starts[k], end: starts[k] + span - 1) {
                    aligned += 1
                }
            }
            result.counts.append(Int32(upper - lower))
            result.alignedCounts.append(aligned)
        }
        return result
    }

    /// The whole-word count of a one-list match that its posting's whole-word bit settles
    /// without reading positions: none when the bit is clear, the one occurrence when set with
    /// one, −1 (not counted) for several when `countingAligned` is false; nil when the
    /// document's positions must be read against its word boundaries.
    @inline(__always)
    static func wholeWordCount(bit: Bool, count: Int, countingAligned: Bool) -> Int32? {
        if !bit { return 0 }
        if count == 1 { return 1 }
        return countingAligned ? nil : -1
    }

    /// The one posting list that alone decides `units` (a single unit, or a two-character
    /// Chinese term = one bigram list, at offset 0): every document in it matches, at every
    /// position in it. Nil when matching needs more than one list, or nothing can match.
    func singleList(_ units: UnitSequence) -> Int32? {
        guard units.count > 0, let components = plan(units), components.count == 1, components[0].offset == 0 else { return nil }
        return components[0].term
    }

    /// Covers the units with bigrams where two CJK characters are adjacent, else single units.
    /// Nil when some unit was never indexed (nothing can match).
    private func plan(_ units: UnitSequence) -> [Component]? {
        let n = units.count
        var ids: [Int32] = []
        ids.reserveCapacity(n)
        for key in units.keys {
            guard let id = index.terms.id(of: key) else { return nil }
            ids.append(id)
        }
        let base = units.positions[0]
        func pairable(_ i: Int) -> Bool {
            i + 1 < n && units.keys[i].isCJKCharacter && units.keys[i + 1].isCJKCharacter
                && units.positions[i + 1] == units.positions[i] + 1
        }
        var components: [Component] = []
        var i = 0
        while i < n {
            if pairable(i) {
                guard let bigram = index.terms.bigramId(ids[i], ids[i + 1]) else { return nil }
                components.append(component(bigram, offset: units.positions[i] - base))
                i += 2
            } else if i == n - 1, i > 0, pairable(i - 1) {
                // The last character: an overlapping bigram is far rarer than the character alone.
                guard let bigram = index.terms.bigramId(ids[i - 1], ids[i]) else { return nil }
                components.append(component(bigram, offset: units.positions[i - 1] - base))
                i += 1
            } else {
                components.append(component(ids[i], offset: units.positions[i] - base))
                i += 1
            }
        }
        return components
    }

    private func component(_ term: Int32, offset: Int32) -> Component {
        Component(term: term, offset: offset, documentCount: index.postings.documentCount(of: Int(term)))
    }
}

/// A one-list match's live documents with their counts and whole-word counts, its positions
/// read only where a whole-word count needs them (`LeafMatcher.match` without positions).
private struct Counted {
    var docs: [Int32] = []
    var counts: [Int32] = []
    var aligned: [Int32] = []
    let store: DocumentStore
    let span: Int32
    /// False: a count needing the word boundaries is left at −1 (`LeafMatches.alignedCounts`).
    let countingAligned: Bool

    init(reserving n: Int, store: DocumentStore, span: Int32, countingAligned: Bool) {
        docs.reserveCapacity(n)
        counts.reserveCapacity(n)
        aligned.reserveCapacity(n)
        self.store = store
        self.span = span
        self.countingAligned = countingAligned
    }

    /// Adds `doc` if live, with its `freq` occurrences and how many of them are whole words
    /// (`LeafMatcher.wholeWordCount`, else from its positions).
    @inline(__always)
    mutating func collect(_ doc: Int32, _ freq: Int, _ cursor: inout PositionCursor, live: [Bool]) {
        guard live[Int(doc)] else { return }
        var whole: Int32 = 0
        if let known = LeafMatcher.wholeWordCount(bit: cursor.wholeWord, count: freq, countingAligned: countingAligned) {
            whole = known
        } else {
            while let p = cursor.next() {
                if store.isWholeWord(document: doc, start: Int32(p), end: Int32(p) + span - 1) { whole += 1 }
            }
        }
        docs.append(doc)
        counts.append(Int32(freq))
        aligned.append(whole)
    }
}

/// A list's live documents and their match starts, flat (`LeafMatcher.match`'s first list).
private struct Collected {
    var docs: [Int32] = []
    /// Where each document's starts begin in `starts` (one more entry than `docs`).
    var offsets: [Int32] = [0]
    var starts: [Int32] = []
    /// Per document, its posting's whole-word bit (kept when asked for).
    var wholeWord: [Bool] = []

    init(reserving n: Int) {
        docs.reserveCapacity(n)
        offsets.reserveCapacity(n + 1)
    }

    /// Adds `doc` if live, with its positions less `offset` that are not negative.
    @inline(__always)
    mutating func collect(_ doc: Int32, _ cursor: inout PositionCursor, offset: Int32, live: [Bool], wholeWord keepBit: Bool) {
        guard live[Int(doc)] else { return }
        let before = starts.count
        while let p = cursor.next() {
            let s = Int32(p) - offset
            if s >= 0 { starts.append(s) }
        }
        if starts.count > before {
            docs.append(doc)
            offsets.append(Int32(starts.count))
            if keepBit { wholeWord.append(cursor.wholeWord) }
        }
    }
}
