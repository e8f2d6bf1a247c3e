/// A set of documents, ascending, each with a score: what every query node evaluates to.
struct DocScores: Sendable {
    var documents: [Int32] = []
    var scores: [Float] = []

    init() {}

    init(documents: [Int32], scores: [Float]) {
        self.documents = documents
        self.scores = scores
    }

    /// All `documents` with score 0.
    init(unscored documents: [Int32]) {
        self.documents = documents
        self.scores = [Float](repeating: 0, count: documents.count)
    }

    var count: Int { documents.count }

    /// Documents in both; scores add.
    func intersection(_ other: DocScores) -> DocScores {
        var out = DocScores()
        out.documents.reserveCapacity(min(count, other.count))
        out.scores.reserveCapacity(min(count, other.count))
        var i = 0, j = 0
        while i < count, j < other.count {
            let a = documents[i], b = other.documents[j]
            if a == b {
                out.documents.append(a)
                out.scores.append(scores[i] + other.scores[j])
                i += 1; j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }

    /// Documents in either; scores add.
    func union(_ other: DocScores) -> DocScores {
        var out = DocScores()
        out.documents.reserveCapacity(count + other.count)
        out.scores.reserveCapacity(count + other.count)
        var i = 0, j = 0
        while i < count || j < other.count {
            if j >= other.count || (i < count && documents[i] < other.documents[j]) {
                out.documents.append(documents[i]); out.scores.append(scores[i]); i += 1
            } else if i >= count || other.documents[j] < documents[i] {
                out.documents.append(other.documents[j]); out.scores.append(other.scores[j]); j += 1
            } else {
                out.documents.append(documents[i]); out.scores.append(scores[i] + other.scores[j]); i += 1; j += 1
            }
        }
        return out
    }

    /// Documents in self but not in `other`; scores kept.
    func subtracting(_ other: DocScores) -> DocScores {
        var out = DocScores()
        var j = 0
        for i in 0..<count {
            let a = documents[i]
            while j < other.count, other.documents[j] < a { j += 1 }
            if j < other.count, other.documents[j] == a { continue }
            out.documents.append(a)
            out.scores.append(scores[i])
        }
        return out
    }

    /// The score of `document`, if present (binary search).
    func score(of document: Int32) -> Float? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if documents[mid] < document { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && documents[lo] == document ? scores[lo] : nil
    }
}
