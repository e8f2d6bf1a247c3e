import HudongText

/// The documents where one query term or phrase occurs, with its counts and, on request, positions.
struct LeafMatches: Sendable {
    /// Matching live documents, ascending.
    var documents: [Int32] = []
    /// Occurrences per document.
    var counts: [Int32] = []
    /// Occurrences per document that line up with segmenter words at both ends.
    var alignedCounts: [Int32] = []
    /// Start positions per document (only when asked for, else empty).
    var starts: [[Int32]] = []
    /// Length of the match in positions (last unit's position − first's + 1).
    var span: Int32 = 1
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
        var coversStart: Bool
        var coversEnd: Bool
    }

    func match(_ units: UnitSequence, withPositions: Bool) -> LeafMatches {
        var result = LeafMatches()
        guard units.count > 0, let components = plan(units) else { return result }
        result.span = units.positions[units.count - 1] - units.positions[0] + 1
        let ordered = components.sorted { $0.documentCount < $1.documentCount }
        let live = index.documents.live

        // Candidates from the rarest list: per document, (start << 2 | flags) entries.
        var candidateDocs: [Int32] = []
        var candidateStarts: [[UInt32]] = []
        let first = ordered[0]
        index.postings[Int(first.term)].forEachDocument { doc, _, cursor in
            guard live[Int(doc)] else { return }
            var starts: [UInt32] = []
            while let occurrence = cursor.nextOccurrence() {
                let position = Int64(occurrence >> 2) - Int64(first.offset)
                guard position >= 0 else { continue }
                starts.append(UInt32(position) << 2 | Self.flags(occurrence, first))
            }
            if !starts.isEmpty {
                candidateDocs.append(doc)
                candidateStarts.append(starts)
            }
        }
        // Confirm with every other list, dropping candidates it does not contain.
        for component in ordered.dropFirst() where !candidateDocs.isEmpty {
            var keptDocs: [Int32] = []
            var keptStarts: [[UInt32]] = []
            var c = 0
            index.postings[Int(component.term)].forEachDocument { doc, _, cursor in
                while c < candidateDocs.count, candidateDocs[c] < doc { c += 1 }
                guard c < candidateDocs.count, candidateDocs[c] == doc else { return }
                var confirmed: [UInt32] = []
                var k = 0
                let starts = candidateStarts[c]
                while let occurrence = cursor.nextOccurrence(), k < starts.count {
                    let position = Int64(occurrence >> 2) - Int64(component.offset)
                    guard position >= 0 else { continue }
                    while k < starts.count, Int64(starts[k] >> 2) < position { k += 1 }
                    if k < starts.count, Int64(starts[k] >> 2) == position {
                        confirmed.append(starts[k] & Self.flags(occurrence, component) | (starts[k] & ~3))
                        k += 1
                    }
                }
                if !confirmed.isEmpty {
                    keptDocs.append(doc)
                    keptStarts.append(confirmed)
                }
            }
            candidateDocs = keptDocs
            candidateStarts = keptStarts
        }
        result.documents = candidateDocs
        result.counts.reserveCapacity(candidateDocs.count)
        result.alignedCounts.reserveCapacity(candidateDocs.count)
        for starts in candidateStarts {
            result.counts.append(Int32(starts.count))
            result.alignedCounts.append(Int32(starts.lazy.filter { $0 & 3 == 3 }.count))
            if withPositions { result.starts.append(starts.map { Int32($0 >> 2) }) }
        }
        return result
    }

    /// The word-alignment flags an occurrence contributes: its start flag if the component
    /// begins the phrase, its end flag if it ends it; a flag it cannot speak for stays set.
    @inline(__always)
    private static func flags(_ occurrence: UInt32, _ component: Component) -> UInt32 {
        var f: UInt32 = 3
        if component.coversStart { f &= (occurrence & 1) | 2 }
        if component.coversEnd { f &= (occurrence & 2) | 1 }
        return f
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
                components.append(component(bigram, offset: units.positions[i] - base, start: i == 0, end: i + 1 == n - 1))
                i += 2
            } else if i == n - 1, i > 0, pairable(i - 1) {
                // The last character: an overlapping bigram is far rarer than the character alone.
                guard let bigram = index.terms.bigramId(ids[i - 1], ids[i]) else { return nil }
                components.append(component(bigram, offset: units.positions[i - 1] - base, start: false, end: true))
                i += 1
            } else {
                components.append(component(ids[i], offset: units.positions[i] - base, start: i == 0, end: i == n - 1))
                i += 1
            }
        }
        return components
    }

    private func component(_ term: Int32, offset: Int32, start: Bool, end: Bool) -> Component {
        Component(term: term, offset: offset, documentCount: index.postings[Int(term)].documentCount,
                  coversStart: start, coversEnd: end)
    }
}
