import Foundation

/// How relevance is computed: BM25 over matched terms, plus recency and engagement.
///
/// - BM25 (k1 = 1.2, b = 0.75) per query term or phrase, where the term frequency counts a
///   match that lines up with segmenter words at both ends as 1 and a match inside a longer
///   word (清华 in 清华大学) as `partialWordWeight`; document length is in units.
/// - recency = `recencyWeight` × 2^(−age / `recencyHalfLife`), age measured from the newest
///   item in the index (not the wall clock, so a replay ranks the same).
/// - engagement = `engagementWeight` × log10(1 + likes + 2·shares + comments).
/// The parts are shown by `explain`.
public struct RankingParameters: Sendable, Hashable {
    public var k1: Double = 1.2
    public var b: Double = 0.75
    public var partialWordWeight: Double = 0.6
    public var recencyWeight: Double = 0.5
    public var recencyHalfLife: Double = 7 * 86_400
    public var engagementWeight: Double = 0.25

    public init() {}

    /// Inverse document frequency of a term found in `df` of `n` documents.
    func idf(df: Int, n: Int) -> Double {
        log(1 + (Double(n) - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// BM25 term score.
    func bm25(count: Int32, aligned: Int32, length: Int32, averageLength: Double, idf: Double) -> Double {
        let tf = Double(aligned) + partialWordWeight * Double(count - aligned)
        let norm = k1 * (1 - b + b * Double(length) / averageLength)
        return idf * tf * (k1 + 1) / (tf + norm)
    }

    /// The recency part for an item at `time`, relative to `newest`.
    func recency(time: Int64, newest: Int64) -> Double {
        guard time != Int64.min, newest != Int64.min else { return 0 }
        let age = Double(max(0, newest - time))
        return recencyWeight * pow(2, -age / recencyHalfLife)
    }

    /// A relevance sort key: the BM25 part as kept in `DocScores` (a Float), then recency,
    /// then engagement, summed in this order (every path must sum alike to rank alike).
    @inline(__always)
    static func key(score: Float, recency: Double, boost: Double) -> Double {
        Double(score) + recency + boost
    }

    /// `key(score:…)` from a BM25 part computed in Double.
    @inline(__always)
    static func key(bm25: Double, recency: Double, boost: Double) -> Double {
        key(score: Float(bm25), recency: recency, boost: boost)
    }

    /// The key of a document one term or phrase matches `count` times (`aligned` of them
    /// whole words), with its `length`, `time` and `engagement`: its BM25 and recency and
    /// engagement parts summed as `key(bm25:recency:boost:)` sums them. What the one-list
    /// search offers for a document it scores, and what the champions it reads first were
    /// chosen by (`SearchIndex.chooseChampions`): their bounds hold because both compute alike.
    @inline(__always)
    func key(count: Int32, aligned: Int32, length: Int32, time: Int64, engagement: Float, averageLength: Double, newest: Int64,
             idf: Double) -> Double {
        Self.key(bm25: bm25(count: count, aligned: aligned, length: length, averageLength: averageLength, idf: idf),
                 recency: recency(time: time, newest: newest), boost: engagementWeight * Double(engagement))
    }

    /// Raw engagement: log10(1 + likes + 2·shares + comments).
    static func engagement(_ item: Item) -> Double {
        log10(1 + Double(max(0, item.likes)) + 2 * Double(max(0, item.shares)) + Double(max(0, item.comments)))
    }
}
