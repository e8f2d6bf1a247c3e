/// The stored documents: items by internal id, which are live, and per-document signals.
///
/// Internal ids are dense and ascending in ingest order; an upsert gives the new version a new
/// id and marks the old one dead, so postings stay append-only. Dead documents are skipped by
/// every search and dropped by `SearchIndex.compacted()`.
public struct DocumentStore: Sendable {
    public private(set) var items: [Item] = []
    public private(set) var live: [Bool] = []
    /// Units per document (the BM25 length).
    public private(set) var lengths: [Int32] = []
    /// Item time in Unix seconds, `Int64.min` when the item has none.
    public private(set) var times: [Int64] = []
    private var internalIds: [String: Int32] = [:]
    public private(set) var liveCount = 0
    public private(set) var totalLength: Int64 = 0
    /// Newest item time seen (ranking's recency is relative to it, so a replay ranks the same).
    public private(set) var newestTime: Int64 = Int64.min

    public init() {}

    public var count: Int { items.count }

    /// The internal id of a live item.
    public func internalId(of id: String) -> Int32? { internalIds[id] }

    /// Adds `item`; returns its internal id and the id of the version it replaced, if any.
    mutating func append(_ item: Item, length: Int32) -> (id: Int32, replaced: Int32?) {
        let replaced = internalIds[item.id]
        if let replaced { kill(replaced) }
        let id = Int32(items.count)
        items.append(item)
        live.append(true)
        lengths.append(length)
        times.append(item.time ?? Int64.min)
        if let t = item.time, t > newestTime { newestTime = t }
        internalIds[item.id] = id
        liveCount += 1
        totalLength += Int64(length)
        return (id, replaced)
    }

    /// Marks the item with external `id` deleted; returns its internal id if it was live.
    mutating func delete(id: String) -> Int32? {
        guard let internalId = internalIds.removeValue(forKey: id) else { return nil }
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

    /// Average units per live document (1 when empty).
    public var averageLength: Double {
        liveCount > 0 ? Double(totalLength) / Double(liveCount) : 1
    }
}
