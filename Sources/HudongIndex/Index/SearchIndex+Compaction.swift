import CHeap
import Foundation
import HudongText

extension SearchIndex {
    /// A copy without dead documents (deleted, replaced or expired): live items renumbered
    /// densely in their order, posting and field lists rewritten without the dead ones.
    ///
    /// Snapshots are written from this, so deletes and retention free memory and disk at the
    /// next snapshot. The posting lists come out packed (`pack`). The term dictionary
    /// is kept whole (a term may be left with no documents). BM25 document frequencies then
    /// count live documents only, so scores can move slightly.
    /// Cost: one pass over the posting arena (decode and re-encode); returns `self` when
    /// nothing is dead.
    public func removingDeadDocuments() -> SearchIndex {
        guard documents.liveCount < documents.count else { return self }
        var remap = [Int32](repeating: -1, count: documents.count)
        var out = SearchIndex(analyzer: analyzer)
        out.documents = documents.keepingLive(remap: &remap)
        out.terms = terms
        out.postings = postings.remapped(remap, signals: out.documents.signals)
        out.postings.pack()
        out.chooseChampions()
        out.fields = fields.remapped(remap)
        out.textBytes = (0..<out.documents.count).reduce(0) { $0 + Int64(out.documents.items.textLength(at: $1)) }
        return out
    }

    /// Packs the index after a bulk load: lays every posting list out in one piece
    /// (`PostingPool.pack`: the unused ends of the lists' last slices, the links between
    /// slices and the arena's spare capacity are given back — about a fifth of the posting
    /// memory) and recodes the stored texts in a code fitted to their characters
    /// (`ItemStore.codeTexts`: about a third of their bytes). Searches and later appends work
    /// as before; the heap's freed pages go back to the system. The texts are coded on
    /// `threads` threads. Cost: one copy of the posting arena and of the item bytes, each held
    /// twice until its copy ends; call it after a bulk load, not per batch. (A snapshot loads packed: its lists are written packed and its texts coded.)
    /// The longest lists' best documents are then chosen (`chooseChampions`), as they are
    /// after a load.
    public mutating func pack(threads: Int = 1) {
        postings.pack()
        chooseChampions()
        documents.items.codeTexts(threads: threads)
        hudong_heap_trim()
    }
}

extension DocumentStore {
    /// The live documents only; `remap[old]` is set to each one's new internal id.
    func keepingLive(remap: inout [Int32]) -> DocumentStore {
        var out = DocumentStore()
        out.items.reserveCapacity(liveCount)
        out.items.append((0..<count).lazy.filter { live[$0] }, of: items)
        var next: Int32 = 0
        for i in 0..<count where live[i] {
            remap[i] = next
            out.live.append(true)
            out.lengths.append(lengths[i])
            out.lengthFloors.append(lengthFloors[i])
            out.engagement.append(engagement[i])
            out.internalIds.set(items.id(at: i), to: next, in: out.items)
            out.wordBoundaries.append(document: i, of: wordBoundaries)
            next += 1
        }
        out.liveCount = Int(next)
        out.totalLength = totalLength
        out.newestTime = newestTime
        out.maxEngagement = maxEngagement
        return out
    }
}

extension PostingPool {
    /// The lists with documents renumbered by `remap` (dead ones, -1, left out).
    func remapped(_ remap: [Int32], signals: (Int32) -> DocumentSignals) -> PostingPool {
        var out = PostingPool()
        out.grow(to: lists.count)
        var positions: [UInt32] = []
        for term in 0..<lists.count {
            forEachDocument(term: term) { document, _, cursor in
                let d = remap[Int(document)]
                guard d >= 0 else { return }
                positions.removeAll(keepingCapacity: true)
                while let p = cursor.next() { positions.append(p) }
                let filled = positions.withUnsafeBufferPointer {
                    out.append(term: term, document: d, positions: $0, wholeWord: cursor.wholeWord, signals: signals(d))
                }
                if filled { out.sealFirstBlock(term: term, signals: signals) }
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
                var kept = FieldDocuments()
                list.forEach { if remap[Int($0)] >= 0 { kept.append(remap[Int($0)]) } }
                return kept.count == 0 ? nil : kept
            }
        }
        return out
    }
}

