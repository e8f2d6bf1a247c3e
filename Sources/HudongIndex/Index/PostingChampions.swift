/// One of a list's best documents, with what scoring it needs from the list: how often the
/// term occurs there and how many of those occurrences are whole segmenter words.
struct PostingChampion: Sendable, Equatable {
    var document: Int32
    var count: UInt16
    var aligned: UInt16
}

/// A full block that holds champions, and the highest relevance key of its other documents
/// under the default ranking when the champions were chosen, rounded up to a Float.
struct ChampionBlock: Sendable, Equatable {
    var block: Int32
    var restBound: Float
}

/// Where a long posting list's champions are kept (`PostingPool.champions`,
/// `PostingPool.championBlocks`): its best documents under the default ranking, read by a
/// single-term search before any block.
///
/// A search for a common word ties many blocks near the top: every block holding a copy or
/// a near-copy of the best posts has a bound above the page's floor, and each must be decoded
/// (about 1.5 µs a block) only to find the one document that reaches the page. Scored first,
/// the champions give the page its final floor at once; the blocks that hold them are then
/// bounded by their other documents' best key, so they fall below it and are never read.
///
/// Exact whichever documents are chosen: a champion is scored exactly (its counts are the
/// list's), a block read skips its champions, so no document is offered twice, and every
/// other document is covered by a bound — its block's kept one, or, for a block that holds
/// champions, the best key of its other documents, which is exact only while the index is as
/// it was at the choice (the same document count: nothing added, nothing deleted, since a
/// search of one list needs every document live) and the ranking is the default; otherwise
/// such a block takes its kept bound, which covers its champions as well. The choice only
/// decides how much is read. Champions come from full blocks only, and those never change
/// while the list lives (documents are appended to the open block; a pack or a compaction
/// builds a new pool), so the set stays right as the index grows; `SearchIndex.chooseChampions`
/// makes it after a pack, a compaction or a load.
struct ChampionList: Sendable {
    /// Where its champions are in `PostingPool.champions` (ascending by document there), and
    /// its blocks that hold them in `PostingPool.championBlocks` (ascending by block).
    var championStart: Int32
    var championCount: Int32
    var blockStart: Int32
    var blockCount: Int32
    /// The span (1 for a token's list, 2 for a bigram's) whole-word counts were taken for: a
    /// search whose span differs does not use the champions.
    var span: Int32
    /// The highest bound of the list's full blocks at the choice, under the default ranking
    /// (the kept bound, or the rest bound of a block that holds champions): while the choice
    /// is fresh, no full block reaches a floor above it.
    var highestBlockBound: Double
}

/// A list's champions as a search reads them (`PostingPool.champions(of:)`).
struct ChampionView {
    let champions: ArraySlice<PostingChampion>
    let blocks: ArraySlice<ChampionBlock>
    let span: Int32
    let highestBlockBound: Double
    /// Whether the rest bounds hold: the index has the document count it had at the choice.
    let fresh: Bool

    /// Whether `document` is a champion (a binary search over a few entries).
    @inline(__always)
    func contains(_ document: Int32) -> Bool {
        var lo = champions.startIndex, hi = champions.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if champions[mid].document < document { lo = mid + 1 } else { hi = mid }
        }
        return lo < champions.endIndex && champions[lo].document == document
    }

    /// Whether full block `block` holds champions.
    @inline(__always)
    func holds(block: Int) -> Bool {
        blocks.contains { $0.block == Int32(block) }
    }
}

extension PostingPool {
    /// The champions of `term`'s list, if it has them (`ChampionList`), as of an index with
    /// `documents` documents.
    @inline(__always)
    func champions(of term: Int, documents: Int) -> ChampionView? {
        guard !championLists.isEmpty, let list = championLists[Int32(term)] else { return nil }
        let c = Int(list.championStart), b = Int(list.blockStart)
        return ChampionView(champions: champions[c..<(c + Int(list.championCount))], blocks: championBlocks[b..<(b + Int(list.blockCount))],
                            span: list.span, highestBlockBound: list.highestBlockBound, fresh: documents == championsChosenAt)
    }

    /// Bytes the champion lists hold.
    var championBytes: Int {
        SearchIndex.dictionaryBytes(championLists) + champions.capacity * MemoryLayout<PostingChampion>.stride
            + championBlocks.capacity * MemoryLayout<ChampionBlock>.stride
    }
}
