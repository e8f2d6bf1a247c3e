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
/// starts that every other list confirms. A two-character Chinese term is one bigram list; a
/// CJK character alone is its own list merged with the lists of the bigrams it begins (it is
/// listed alone only where no CJK character follows it).
struct LeafMatcher {
    let index: SearchIndex

    /// One posting list to confirm, at `offset` positions from the phrase start; for a
    /// `character`, its list and those of the bigrams it begins.
    private struct Component {
        var term: Int32
        var offset: Int32
        /// Documents in its lists (for a character, summed over them: at least its own count).
        var documentCount: Int32
        var character = false
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
        let single = ordered.count == 1 && !first.character
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
        if first.character {
            let places = characterPlaces(of: first.term, among: candidates)
            for k in places.documents.indices {
                var source = places.positions(of: k)
                _ = collected.collect(places.documents[k], &source, offset: offset, live: live)
            }
        } else if let candidates {
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
            var confirmed = Confirmed(offset: component.offset)
            if component.character {
                let places = characterPlaces(of: component.term, among: docs)
                var c = 0
                for k in places.documents.indices {
                    while docs[c] < places.documents[k] { c += 1 }
                    var source = places.positions(of: k)
                    confirmed.confirm(docs[c], starts[Int(offsets[c])..<Int(offsets[c + 1])], &source)
                }
            } else {
                pool.forEachDocument(term: Int(component.term), among: docs) { c, _, cursor in
                    confirmed.confirm(docs[c], starts[Int(offsets[c])..<Int(offsets[c + 1])], &cursor)
                }
            }
            docs = confirmed.docs
            offsets = confirmed.offsets
            starts = confirmed.starts
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

    /// The one posting list that alone decides `units` (a single unit other than a CJK
    /// character, or a two-character Chinese term = one bigram list, at offset 0): every
    /// document in it matches, at every position in it. Nil when matching needs more than one list, or nothing can match.
    func singleList(_ units: UnitSequence) -> Int32? {
        guard units.count > 0, let components = plan(units), components.count == 1, components[0].offset == 0,
              !components[0].character else { return nil }
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
            } else if units.keys[i].isCJKCharacter {
                let count = Int32(clamping: documentCount(ofLists: characterLists(ids[i])))
                components.append(Component(term: ids[i], offset: units.positions[i] - base, documentCount: count, character: true))
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

    /// Every place of the character `term` (in the documents `candidates`, when given): its
    /// own list and those of the bigrams it begins, merged by document, each document's
    /// positions ascending and once (a list from a snapshot before format 7 holds every place
    /// of its character, so the bigrams' places come twice).
    private func characterPlaces(of term: Int32, among candidates: [Int32]?) -> CharacterPlaces {
        let pool = index.postings
        let lists = characterLists(term)
        let listed = documentCount(ofLists: lists)
        if candidates == nil, listed > index.documents.count / 8 { return groupedCharacterPlaces(lists) }
        var keys: [UInt64] = []
        keys.reserveCapacity(candidates?.count ?? listed)
        for list in lists {
            if let candidates {
                pool.forEachDocument(term: Int(list), among: candidates) { c, _, cursor in
                    let high = UInt64(UInt32(bitPattern: candidates[c])) << 32
                    while let p = cursor.next() { keys.append(high | UInt64(p)) }
                }
            } else {
                pool.forEachDocument(term: Int(list)) { doc, _, cursor in
                    let high = UInt64(UInt32(bitPattern: doc)) << 32
                    while let p = cursor.next() { keys.append(high | UInt64(p)) }
                }
            }
        }
        var places = CharacterPlaces()
        keys.sort()
        var previous = UInt64.max
        for key in keys where key != previous {
            let doc = Int32(bitPattern: UInt32(truncatingIfNeeded: key >> 32))
            if previous == .max || doc != places.documents[places.documents.count - 1] {
                places.documents.append(doc)
                places.offsets.append(Int32(places.positions.count))
            }
            places.positions.append(UInt32(truncatingIfNeeded: key))
            previous = key
        }
        places.offsets.append(Int32(places.positions.count))
        return places
    }

    /// The lists that hold a character's places: its own and those of the bigrams it begins.
    private func characterLists(_ term: Int32) -> [Int32] {
        [term] + index.terms.bigrams(beginning: term)
    }

    /// Documents in `lists`, summed (a document in several counts in each).
    private func documentCount(ofLists lists: [Int32]) -> Int {
        lists.reduce(0) { $0 + Int(index.postings.documentCount(of: Int($1))) }
    }

    /// The places of a frequent character (its `lists`' documents outnumber an eighth of the
    /// index), grouped by document with a counting sort straight from the lists: one pass
    /// counts each document's places, a second writes them where they go. Linear in the
    /// places and the documents (sorting their keys took 10 times longer; gathering the keys
    /// first, twice as long as this).
    private func groupedCharacterPlaces(_ lists: [Int32]) -> CharacterPlaces {
        let pool = index.postings
        let documents = index.documents.count
        var first = [Int32](repeating: 0, count: documents + 1)
        first.withUnsafeMutableBufferPointer { first in
            for list in lists {
                pool.forEachDocument(term: Int(list)) { doc, freq, _ in first[Int(doc) + 1] += Int32(freq) }
            }
            for d in 0..<documents { first[d + 1] += first[d] }
        }
        let total = Int(first[documents])
        var grouped = [UInt32](repeating: 0, count: total)
        var places = CharacterPlaces()
        var next = first
        grouped.withUnsafeMutableBufferPointer { grouped in
            next.withUnsafeMutableBufferPointer { next in
                for list in lists {
                    pool.forEachDocument(term: Int(list)) { doc, _, cursor in
                        var at = Int(next[Int(doc)])
                        while let p = cursor.next() {
                            grouped[at] = p
                            at += 1
                        }
                        next[Int(doc)] = Int32(at)
                    }
                }
            }
            places.positions.reserveCapacity(total)
            for d in 0..<documents where first[d + 1] > first[d] {
                // A document's places, from its lists one after another: sorted in place (by
                // insertion: a document has few), and those an older snapshot's full
                // character list repeats dropped.
                let lower = Int(first[d]), upper = Int(first[d + 1])
                for i in (lower + 1)..<max(lower + 1, upper) {
                    let p = grouped[i]
                    var j = i
                    while j > lower, grouped[j - 1] > p { grouped[j] = grouped[j - 1]; j -= 1 }
                    grouped[j] = p
                }
                places.documents.append(Int32(d))
                places.offsets.append(Int32(places.positions.count))
                var previous = UInt32.max
                for i in lower..<upper where grouped[i] != previous {
                    places.positions.append(grouped[i])
                    previous = grouped[i]
                }
            }
        }
        places.offsets.append(Int32(places.positions.count))
        return places
    }
}

/// A character's places, by document (`LeafMatcher.characterPlaces`).
private struct CharacterPlaces {
    var documents: [Int32] = []
    /// Where each document's positions begin in `positions` (one more entry than `documents`
    /// once complete).
    var offsets: [Int32] = []
    var positions: [UInt32] = []

    func positions(of k: Int) -> ArrayPositions {
        ArrayPositions(positions: positions[Int(offsets[k])..<Int(offsets[k + 1])])
    }
}

/// Positions one after another, from a posting (`PositionCursor`) or an array.
protocol PositionSource {
    mutating func next() -> UInt32?
}

extension PositionCursor: PositionSource {}

/// A document's positions from an array (`CharacterPlaces`).
struct ArrayPositions: PositionSource {
    var positions: ArraySlice<UInt32>

    mutating func next() -> UInt32? { positions.popFirst() }
}

/// The candidate starts another list confirms (`LeafMatcher.match`): kept where the list
/// has a position at the start plus its offset.
private struct Confirmed {
    let offset: Int32
    var docs: [Int32] = []
    var offsets: [Int32] = [0]
    var starts: [Int32] = []

    init(offset: Int32) { self.offset = offset }

    /// Keeps those of `doc`'s candidate `starts` (ascending) that `positions` confirm.
    @inline(__always)
    mutating func confirm(_ doc: Int32, _ candidateStarts: ArraySlice<Int32>, _ positions: inout some PositionSource) {
        var k = candidateStarts.startIndex
        let upper = candidateStarts.endIndex
        let before = starts.count
        while k < upper, let p = positions.next() {
            let s = Int32(p) - offset
            while k < upper, candidateStarts[k] < s { k += 1 }
            if k < upper, candidateStarts[k] == s { starts.append(s); k += 1 }
        }
        if starts.count > before {
            docs.append(doc)
            offsets.append(Int32(starts.count))
        }
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
        if collect(doc, &cursor, offset: offset, live: live), keepBit { wholeWord.append(cursor.wholeWord) }
    }

    /// The same from any source of positions, without a whole-word bit; true when `doc` was added.
    @inline(__always)
    mutating func collect(_ doc: Int32, _ positions: inout some PositionSource, offset: Int32, live: [Bool]) -> Bool {
        guard live[Int(doc)] else { return false }
        let before = starts.count
        while let p = positions.next() {
            let s = Int32(p) - offset
            if s >= 0 { starts.append(s) }
        }
        guard starts.count > before else { return false }
        docs.append(doc)
        offsets.append(Int32(starts.count))
        return true
    }
}
