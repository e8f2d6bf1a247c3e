/// Per-document signals that bound a document's relevance: kept per posting block.
struct DocumentSignals: Sendable {
    /// Units in the document (BM25 length).
    var length: Int32
    /// Item time, `Int64.min` when none.
    var time: Int64
    /// log10(1 + likes + 2·shares + comments).
    var engagement: Float
    /// The index's average document length when the document was added.
    var averageLength: Float
    /// k1·(1 − b + b·length / averageLength) with the bound's k1 and b: BM25's length part.
    var lengthNorm: Double
    /// The engagement part of the key with the default parameters, rounded up to a Float.
    var boost: Float

    init(length: Int32, time: Int64, engagement: Float, averageLength: Float) {
        self.length = length
        self.time = time
        self.engagement = engagement
        self.averageLength = averageLength
        lengthNorm = PostingBlock.boundK1 * (1 - PostingBlock.boundB + PostingBlock.boundB * Double(length) / Double(averageLength))
        boost = Float(RankingParameters().engagementWeight * Double(engagement)).nextUp
    }
}

/// The highest BM25 plus engagement a block's documents can reach, as a function of the
/// term's weight: with a = idf·(k1+1), a document's is at most a·saturation + boost, so the
/// block's best is f(a) = max over its documents of that — a convex, piecewise-linear
/// function of a. Kept as f at eight fixed weights (`weights`); between two of them the chord
/// lies above a convex f, and past the last f grows at most by the block's highest
/// saturation. Far tighter than adding the block's best BM25 to its highest engagement,
/// which usually belong to different documents. (Recency is added per block, from its newest
/// time: a block's documents arrived together, so their times are close.)
struct ScoreEnvelope: Sendable, Equatable {
    /// The weights a = idf·(k1+1) sampled: 0 (the best engagement alone), then the range of
    /// idf from very frequent terms (0.7) to rare ones (6.4) at k1 = 1.2.
    /// (A computed constant: a stored static would be reached through a lazy accessor per posting.)
    @inline(__always) static var weights: SIMD8<Float> { SIMD8(0, 1.5, 2.5, 3.5, 5, 7, 10, 14) }

    /// f at each weight, rounded up; −∞ for a block with no document yet.
    var values = SIMD8<Float>(repeating: -.infinity)

    /// Raises the samples to cover a document with `saturation` and `boost`.
    @inline(__always)
    mutating func include(saturation: Float, boost: Float) {
        values = pointwiseMax(values, Self.weights * saturation + boost)
    }

    /// f(weight), from above: the chord between the samples around it, or past the last the
    /// last sample plus the rest of the weight at `maxSaturation`. Float rounding of the
    /// samples is covered by a margin of 1e-6, relative and absolute.
    func bound(weight: Double, maxSaturation: Float) -> Double {
        Self.bound(weight: weight, maxSaturation: maxSaturation) { values[$0] }
    }

    /// `bound(weight:maxSaturation:)` over the samples `sample(k)` (read only the two it needs).
    @inline(__always)
    static func bound(weight: Double, maxSaturation: Float, sample: (Int) -> Float) -> Double {
        let w = Self.weights
        var value: Double
        if weight >= Double(w[7]) {
            value = Double(sample(7)) + (weight - Double(w[7])) * Double(maxSaturation)
        } else {
            var k = 0
            while Double(w[k + 1]) <= weight { k += 1 }
            let low = Double(sample(k)), high = Double(sample(k + 1))
            value = low + (weight - Double(w[k])) * (high - low) / Double(w[k + 1] - w[k])
        }
        return value + abs(value) * 1e-6 + 1e-6
    }
}

/// Where a reader of a posting list stands before some document.
struct PostingReaderState: Sendable, Equatable {
    /// The document before (the base of the next delta); -1 at the list's start.
    var documentBefore: Int32
    var offset: Int32
    var sliceLimit: Int32
    var level: Int32
}

/// One block of `PostingBlock.size` consecutive documents of a posting list: where it starts
/// (to read it without reading what comes before) and bounds on the scores it can give — the
/// skip data of block-max top-k retrieval. Kept for every full block, as the list grows.
struct PostingBlock: Sendable, Equatable, BlockBounds {
    /// Documents per block.
    static let size = 128

    /// The block's best BM25 plus engagement by the term's weight, default ranking parameters.
    /// (Stored first, and the fields below ordered, so the block takes 80 bytes.)
    var envelope = ScoreEnvelope()
    /// The reader state at the block's first document.
    var start: PostingReaderState
    /// The last document of the block.
    var lastDocument: Int32
    /// Most occurrences in one document of the block.
    var maxFrequency: Int32
    /// Fewest units in one document of the block (BM25 is highest for short documents).
    var minLength: Int32
    /// Highest engagement and newest time of the block's documents.
    var maxEngagement: Float
    var maxTime: Int64
    /// The highest BM25 term-frequency factor tf / (tf + k1·(1 − b + b·length / average)) of
    /// the block's documents (every match whole, default k1 and b), each with the average
    /// length of when it was added, rounded up; and the smallest of those averages.
    var maxSaturation: Float
    var minAverageLength: Float

    /// The k1 and b the saturation bound is computed with.
    static let boundK1 = defaults.k1, boundB = defaults.b, boundPartialWordWeight = defaults.partialWordWeight
    /// The parameters the saturations and the envelope are built for.
    static let defaults = RankingParameters()

    /// A block starting at `start`, with no document yet.
    init(start: PostingReaderState) {
        self.start = start
        lastDocument = -1
        maxFrequency = 0
        minLength = Int32.max
        maxTime = Int64.min
        maxEngagement = -Float.infinity
        maxSaturation = 0
        minAverageLength = Float.infinity
    }

    func envelopeBound(weight: Double) -> Double { envelope.bound(weight: weight, maxSaturation: maxSaturation) }
    func envelopeSample(_ k: Int) -> Float { envelope.values[k] }

    /// Widens the bounds to cover one more document.
    @inline(__always)
    mutating func include(_ document: Int32, frequency: Int32, wholeWord: Bool, signals: DocumentSignals) {
        lastDocument = document
        if frequency > maxFrequency { maxFrequency = frequency }
        if signals.length < minLength { minLength = signals.length }
        if signals.time > maxTime { maxTime = signals.time }
        if signals.engagement > maxEngagement { maxEngagement = signals.engagement }
        // BM25's term frequency is at most the count when some occurrence is a whole word, and
        // exactly the partial-word weight × the count when none is.
        let tf = wholeWord ? Double(frequency) : Self.boundPartialWordWeight * Double(frequency)
        // The saturation tf / (tf + norm), rounded up.
        let saturation = Float(tf / (tf + signals.lengthNorm)).nextUp
        if saturation > maxSaturation { maxSaturation = saturation }
        if signals.averageLength < minAverageLength { minAverageLength = signals.averageLength }
        envelope.include(saturation: saturation, boost: signals.boost)
    }

}

/// What bounds a block's scores: the working `PostingBlock` and the kept `SealedBlock` alike.
protocol BlockBounds {
    /// The reader state at the block's first document.
    var start: PostingReaderState { get }
    /// The last document of the block.
    var lastDocument: Int32 { get }
    var maxFrequency: Int32 { get }
    var minLength: Int32 { get }
    var maxEngagement: Float { get }
    var maxTime: Int64 { get }
    var maxSaturation: Float { get }
    var minAverageLength: Float { get }
    /// The envelope's bound at `weight` (`ScoreEnvelope.bound`).
    func envelopeBound(weight: Double) -> Double
    /// The envelope's sample `k` (0..<8).
    func envelopeSample(_ k: Int) -> Float
}

extension BlockBounds {
    /// The highest relevance key a document of this block can have for a term with `idf`:
    /// BM25 with every occurrence a whole word at the block's highest count and shortest
    /// length, plus the recency of its newest and the engagement of its most engaged document
    /// (each part grows with what it is bounded by, and so does their sum).
    ///
    /// With the default k1 and b the BM25 part is the block's highest saturation × idf × (k1+1),
    /// scaled up by how much the average length grew since (a longer average only raises a
    /// document's BM25, by at most that factor): far tighter than pairing the highest count
    /// with the shortest length, which is the bound for other parameters.
    ///
    /// With every ranking parameter at its default, BM25 and engagement are bounded together
    /// by the envelope (`ScoreEnvelope`), recency by the block's newest time.
    func scoreBound(_ ranking: RankingParameters, idf: Double, averageLength: Double, newest: Int64) -> Double {
        scoreBound(ranking, idf: idf, averageLength: averageLength, newest: newest, isDefault: ranking == PostingBlock.defaults)
    }

    /// `scoreBound` with whether `ranking` is `PostingBlock.defaults` given (a search bounding
    /// a list's blocks asks once, not once per block).
    @inline(__always)
    func scoreBound(_ ranking: RankingParameters, idf: Double, averageLength: Double, newest: Int64, isDefault: Bool) -> Double {
        if isDefault, minAverageLength > 0 {
            // A longer average today raises a saturation s (kept with the average of its day)
            // to at most h(s) = s·g / (1 − s + s·g), g the growth: concave, so below its
            // tangent at the block's highest s. That line turns the envelope's bound at
            // weight a into one at weight a·h'(s₀), plus a·(h(s₀) − s₀·h'(s₀)).
            let weight = idf * (ranking.k1 + 1)
            let growth = max(1, averageLength / Double(minAverageLength))
            let s0 = Double(maxSaturation), d = 1 - s0 + s0 * growth
            let slope = growth / (d * d), offset = s0 * growth / d - s0 * slope
            let bm25AndBoost = envelopeBound(weight: weight * slope) + weight * offset * (1 + 1e-9)
            return bm25AndBoost + ranking.recency(time: maxTime, newest: newest) * (1 + 1e-9)
        }
        var most: Double
        if ranking.k1 == PostingBlock.boundK1, ranking.b == PostingBlock.boundB, ranking.partialWordWeight == PostingBlock.boundPartialWordWeight, minAverageLength > 0 {
            let growth = max(1, averageLength / Double(minAverageLength))
            most = idf * (ranking.k1 + 1) * Double(maxSaturation) * growth * (1 + 1e-9)
        } else {
            // Every occurrence counted at the larger of 1 and the partial-word weight.
            most = ranking.bm25(count: maxFrequency, aligned: ranking.partialWordWeight > 1 ? 0 : maxFrequency, length: minLength,
                                averageLength: averageLength, idf: idf)
        }
        return RankingParameters.key(bm25: most, recency: ranking.recency(time: maxTime, newest: newest),
                                     boost: ranking.engagementWeight * Double(maxEngagement))
    }
}

extension PostingPool {
    /// The full blocks of `term`'s list.
    func blocks(of term: Int) -> [SealedBlock] {
        let slot = Int(lists[term].slot)
        return slot >= 0 ? blockLists[slot] : []
    }

    /// The block of `term`'s list being filled, once it has filled one.
    func openBlock(of term: Int) -> PostingBlock? {
        let slot = Int(lists[term].slot)
        return slot >= 0 ? openBlocks[slot] : nil
    }

    /// A reader of `term`'s list standing at `start` (nil: the list's start), and the
    /// document before it (the base of the next delta).
    @inline(__always)
    func reader(of term: Int, from start: PostingReaderState?, in buffer: UnsafeBufferPointer<UInt8>) -> (SliceReader, Int32) {
        let tail = lists[term].tail
        if let start { return (SliceReader(buffer: buffer, state: start, end: tail), start.documentBefore) }
        return (SliceReader(buffer: buffer, state: lists[term].headState, end: tail), -1)
    }

    /// Calls `body(document, freq, cursor)` for the documents of `term`'s list from
    /// `start` (nil: the list's start), at most `limit` of them, in order.
    @inline(__always)
    func forEachDocument(term: Int, from start: PostingReaderState?, limit: Int, _ body: (Int32, Int, inout PositionCursor) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var (reader, document) = reader(of: term, from: start, in: buffer)
            var left = limit
            while left > 0, !reader.atEnd {
                let header = reader.readVarint()
                document += Int32(header >> 2)
                let freq = header & 1 != 0 ? 1 : Int(reader.readVarint())
                var cursor = PositionCursor(reader: reader, remaining: freq, wholeWord: header & 2 != 0)
                body(document, freq, &cursor)
                while cursor.remaining > 0 { _ = cursor.next() }
                reader = cursor.reader
                left -= 1
            }
        }
    }
}

extension PostingPool {
    /// Calls `body(c, freq, cursor)` for each document of `term`'s list that is `candidates[c]`
    /// (`candidates` ascending), in order: the list's documents between candidates are read
    /// past, and whole blocks that end before the next candidate are skipped (their start is
    /// kept in `PostingBlock`), so confirming a few candidates against a long list reads only
    /// the blocks that may hold them.
    func forEachDocument(term: Int, among candidates: [Int32], _ body: (Int, Int, inout PositionCursor) -> Void) {
        guard !candidates.isEmpty else { return }
        let slot = Int(lists[term].slot)
        let blocks = slot >= 0 ? blockLists[slot] : []
        let open = slot >= 0 ? openBlocks[slot] : nil
        bytes.withUnsafeBufferPointer { buffer in
            candidates.withUnsafeBufferPointer { candidates in
                var (reader, document) = reader(of: term, from: nil, in: buffer)
                let end = lists[term].tail
                // The first full block that may hold the next candidate.
                var b = 0
                var c = 0
                while c < candidates.count, !reader.atEnd {
                    let target = candidates[c]
                    if b < blocks.count, blocks[b].lastDocument < target {
                        repeat { b += 1 } while b < blocks.count && blocks[b].lastDocument < target
                        // The target is in block b (or the open one after the full blocks):
                        // start there unless the reader already has.
                        if let start = b < blocks.count ? blocks[b].start : open?.start, document < start.documentBefore {
                            reader = SliceReader(buffer: buffer, state: start, end: end)
                            document = start.documentBefore
                            continue
                        }
                    }
                    let header = reader.readVarint()
                    document += Int32(header >> 2)
                    let freq = header & 1 != 0 ? 1 : Int(reader.readVarint())
                    while c < candidates.count, candidates[c] < document { c += 1 }
                    if c < candidates.count, candidates[c] == document {
                        var cursor = PositionCursor(reader: reader, remaining: freq, wholeWord: header & 2 != 0)
                        body(c, freq, &cursor)
                        while cursor.remaining > 0 { _ = cursor.next() }
                        reader = cursor.reader
                        c += 1
                    } else {
                        // Not a candidate: its positions read past, one varint each (a byte
                        // below 0x80 ends one).
                        var skipped = 0
                        while skipped < freq {
                            if reader.readByte() < 0x80 { skipped += 1 }
                        }
                    }
                }
            }
        }
    }
}
