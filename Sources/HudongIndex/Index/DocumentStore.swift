/// The stored documents: items by internal id, which are live, and per-document signals.
///
/// Internal ids are dense and ascending in ingest order; an upsert gives the new version a new
/// id and marks the old one dead, so postings stay append-only. Dead documents are skipped by
/// every search and dropped by `SearchIndex.compacted()`.
public struct DocumentStore: Sendable {
    /// The items themselves, packed (their times are `times`).
    public internal(set) var items = ItemStore()
    public internal(set) var live: [Bool] = []
    /// Units per document (the BM25 length).
    public internal(set) var lengths = DocumentLengths()
    /// Each length in one byte, rounded down (`LengthFloor`), for bounding BM25 cheaply.
    var lengthFloors: [UInt8] = []
    /// Item time in Unix seconds, `Int64.min` when the item has none (kept by `items`).
    public var times: ItemTimes { items.times }
    /// Engagement per document, log10(1 + likes + 2·shares + comments).
    public internal(set) var engagement: [Float] = []
    /// Where the segmenter's words start and end, per document.
    var wordBoundaries = WordBoundaries()
    var internalIds = IdTable()
    public internal(set) var liveCount = 0
    public internal(set) var totalLength: Int64 = 0
    /// Newest item time seen (ranking's recency is relative to it, so a replay ranks the same).
    public internal(set) var newestTime: Int64 = Int64.min
    /// The highest engagement of any document (dead ones included: a bound, for top-k search).
    var maxEngagement: Float = 0

    public init() {}

    public var count: Int { items.count }

    /// The internal id of a live item.
    public func internalId(of id: String) -> Int32? { internalIds.find(id, in: items) }

    /// Adds `item`; returns its internal id and the id of the version it replaced, if any.
    mutating func append(_ item: Item, units: UnitSequence) -> (id: Int32, replaced: Int32?) {
        let length = Int32(units.count)
        let id = Int32(items.count)
        if items.count == items.capacity {
            // By an eighth, not by doubling: doubling left up to half of the rows empty.
            items.reserveCapacity(items.count + max(items.count / 8, 1024))
        }
        items.append(item)
        live.append(true)
        lengths.append(length)
        lengthFloors.append(LengthFloor.byte(for: length))
        if let t = item.time, t > newestTime { newestTime = t }
        // One probe both finds the version this one replaces and points the id here.
        let replaced = internalIds.set(item.id, to: id, in: items)
        if let replaced { kill(replaced) }
        let engaged = Float(RankingParameters.engagement(item))
        engagement.append(engaged)
        if engaged > maxEngagement { maxEngagement = engaged }
        wordBoundaries.append(units)
        liveCount += 1
        totalLength += Int64(length)
        return (id, replaced)
    }

    /// Marks the item with external `id` deleted; returns its internal id if it was live.
    mutating func delete(id: String) -> Int32? {
        guard let internalId = internalIds.remove(id, in: items) else { return nil }
        kill(internalId)
        return internalId
    }

    private mutating func kill(_ internalId: Int32) {
        let i = Int(internalId)
        guard live[i] else { return }
        live[i] = false
        liveCount -= 1
        totalLength -= Int64(lengths[i])
    }

    /// Whether a segmenter word starts at `position` of `document` and one ends at `end`:
    /// a match over those positions is a whole-word match.
    @inline(__always)
    public func isWholeWord(document: Int32, start: Int32, end: Int32) -> Bool {
        wordBoundaries.isWholeWord(document: document, start: start, end: end)
    }

    /// Brings what ranking `document` reads — its time, engagement and length — into the
    /// cache, without waiting for it (a hint: see `ItemStore.prefetch`).
    @inline(__always)
    func prefetchSignals(_ document: Int32) {
        let d = Int(document)
        items.times.prefetch(d)
        lengths.prefetch(d)
        engagement.prefetch(d)
    }

    /// Brings what `isWholeWord` reads of `document` into the cache in two steps, each a hint
    /// that waits for nothing: where its word boundaries start (`prefetchWordBase`), then,
    /// once that is likely there, the bits (`prefetchWordBits`). Asked for several
    /// documents in turn, the misses of each step overlap instead of coming two at a time
    /// per document.
    @inline(__always)
    func prefetchWordBase(_ document: Int32) { wordBoundaries.prefetchBase(of: document) }

    /// The second step of `prefetchWordBase`.
    @inline(__always)
    func prefetchWordBits(_ document: Int32) { wordBoundaries.prefetchBits(of: document) }

    /// The signals of `document` that bound its relevance (for posting blocks).
    func signals(_ document: Int32) -> DocumentSignals {
        signals(document, time: items.times[Int(document)])
    }

    /// The same with the document's `time` given (while a snapshot loads, before the items).
    func signals(_ document: Int32, time: Int64) -> DocumentSignals {
        let d = Int(document)
        return DocumentSignals(length: lengths[d], time: time, engagement: engagement[d], averageLength: Float(averageLength))
    }

    /// Average units per live document (1 when empty).
    public var averageLength: Double {
        liveCount > 0 ? Double(totalLength) / Double(liveCount) : 1
    }
}
