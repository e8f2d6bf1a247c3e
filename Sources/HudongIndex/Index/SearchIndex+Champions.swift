extension SearchIndex {
    /// Lists with at least this many full blocks get champions (`ChampionList`): below it a
    /// search reads few blocks anyway. (From 4 blocks, at 1.03M posts, they held 3.3 MB, and
    /// the term queries' p50 was 1 µs lower than from 8.)
    static let championMinimumBlocks = 8
    /// Champions kept per list, and for lists of `championManyBlocks` full blocks or more:
    /// enough for a first page of ten and a few posts repeated in the index (reposts, copies).
    static let championsPerList = 16, championsPerLongList = 32, championManyBlocks = 16

    /// Chooses the champions of every list of a token or bigram with `minimumBlocks` full
    /// blocks or more: its `perList` (`perLongList` from `manyBlocks` blocks) live documents
    /// of highest relevance key under the default ranking (ties: the later document), from its
    /// full blocks; then, for each block that holds some, the highest key of its other
    /// documents. Replaces any chosen before.
    ///
    /// Called after a pack, a compaction and a load. A character's list is never searched
    /// alone (`LeafMatcher.singleList`), so it gets none. Any choice keeps searches exact
    /// (`ChampionList`); a good one spares a search the blocks its best documents are in.
    /// Cost: one pass over the chosen lists' full blocks (a document's exact key is computed
    /// only when its bound reaches the best so far), then one block decoded per champion.
    mutating func chooseChampions(minimumBlocks: Int = championMinimumBlocks, perList: Int = championsPerList,
                                  perLongList: Int = championsPerLongList, manyBlocks: Int = championManyBlocks) {
        var lists: [Int32: ChampionList] = [:]
        var chosen: [PostingChampion] = [], holding: [ChampionBlock] = []
        defer {
            // (Copied to their size: grown by appending, they would hold up to twice that.)
            postings.championLists = Dictionary(minimumCapacity: lists.count)
            for (term, list) in lists { postings.championLists[term] = list }
            postings.champions = chosen.withUnsafeBufferPointer { Array($0) }
            postings.championBlocks = holding.withUnsafeBufferPointer { Array($0) }
            postings.championsChosenAt = documents.count
        }
        guard minimumBlocks > 0 else { return }
        let store = documents, pool = postings
        let ranking = RankingParameters()
        let n = max(1, store.liveCount), average = store.averageLength, newest = store.newestTime
        let lengths = store.lengths, times = store.times, engagement = store.engagement, live = store.live
        let wholeWeight = max(1, ranking.partialWordWeight)
        // A document's key as a search computes it, and its whole-word count (`span` the list's).
        func key(_ document: Int32, count: Int32, cursor: inout PositionCursor, span: Int32, idf: Double) -> (key: Double, aligned: Int32) {
            var aligned: Int32 = 0
            if cursor.wholeWord {
                if count == 1 {
                    aligned = 1
                } else {
                    while let p = cursor.next() {
                        if store.isWholeWord(document: document, start: Int32(p), end: Int32(p) + span - 1) { aligned += 1 }
                    }
                }
            }
            let d = Int(document)
            return (ranking.key(count: count, aligned: aligned, length: lengths[d], time: times[d], engagement: engagement[d],
                                averageLength: average, newest: newest, idf: idf), aligned)
        }
        for term in 0..<pool.count {
            let blocks = pool.blocks(of: term)
            guard blocks.count >= minimumBlocks else { continue }
            let span: Int32
            switch terms.terms[term] {
            case .bigram: span = 2
            case .unit(.token): span = 1
            case .unit(.character): continue
            }
            // (At most half a block: a block that holds champions then has other documents.)
            let wanted = min(blocks.count >= manyBlocks ? perLongList : perList, PostingBlock.size / 2)
            guard wanted > 0 else { continue }
            let idf = ranking.idf(df: Int(pool.documentCount(of: term)), n: n)
            // The best so far, kept as a search's page keeps its hits.
            var best = TopPage(wanted: wanted)
            pool.forEachDocument(term: term, from: nil, limit: blocks.count * PostingBlock.size) { document, freq, cursor in
                let d = Int(document)
                guard freq <= Int(UInt16.max) else { return }
                if let last = best.floor {
                    // Its BM25 with every occurrence at its most, and recency at its weight:
                    // most documents stop here, before the word boundaries and the power.
                    let tf = Double(freq) * (cursor.wholeWord ? wholeWeight : ranking.partialWordWeight)
                    let norm = ranking.k1 * (1 - ranking.b + ranking.b * Double(lengths[d]) / average)
                    if idf * tf * (ranking.k1 + 1) / (tf + norm) + ranking.recencyWeight + ranking.engagementWeight * Double(engagement[d]) < last { return }
                }
                guard live[d] else { return }
                let (key, aligned) = key(document, count: Int32(freq), cursor: &cursor, span: span, idf: idf)
                best.offer(key: key, doc: document, count: Int32(freq), aligned: aligned)
            }
            guard !best.best.isEmpty else { continue }
            let champions = best.best.map { PostingChampion(document: $0.doc, count: UInt16($0.count), aligned: UInt16($0.aligned)) }
                .sorted { $0.document < $1.document }
            var list = ChampionList(championStart: Int32(chosen.count), championCount: Int32(champions.count), blockStart: Int32(holding.count),
                                    blockCount: 0, span: span, highestBlockBound: -.infinity)
            chosen.append(contentsOf: champions)
            // The blocks that hold champions, and the best key of their other documents.
            var b = 0, c = 0
            while c < champions.count {
                while blocks[b].lastDocument < champions[c].document { b += 1 }
                var most = -Double.infinity
                pool.forEachDocument(term: term, from: blocks[b].start, limit: PostingBlock.size) { document, freq, cursor in
                    while c < champions.count, champions[c].document < document { c += 1 }
                    if c < champions.count, champions[c].document == document { return }
                    most = max(most, key(document, count: Int32(freq), cursor: &cursor, span: span, idf: idf).key)
                }
                while c < champions.count, champions[c].document <= blocks[b].lastDocument { c += 1 }
                // (Raised by a millionth and rounded up: a bound, however a search's sum rounds.)
                let raised = most + abs(most) * 1e-6 + 1e-9
                var bound = Float(raised)
                if Double(bound) < raised { bound = bound.nextUp }
                holding.append(ChampionBlock(block: Int32(b), restBound: bound))
                list.blockCount += 1
            }
            // The highest of the blocks' bounds as a search with the default ranking takes them.
            var next = Int(list.blockStart)
            for b in blocks.indices {
                let bound: Double
                if next < holding.count, holding[next].block == b {
                    bound = Double(holding[next].restBound)
                    next += 1
                } else {
                    bound = blocks[b].scoreBound(ranking, idf: idf, averageLength: average, newest: newest, isDefault: true)
                }
                list.highestBlockBound = max(list.highestBlockBound, bound)
            }
            lists[Int32(term)] = list
        }
    }
}
