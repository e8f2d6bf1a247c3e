import HudongIndex

/// The key ids of a post's field values, with each raw value folded once and remembered.
///
/// Each value goes through `ItemMatcher.fieldValues` (the matcher's own folding, a keyword path
/// giving all its prefixes) the first time it is seen; the ids of the results are cached under
/// the raw value's bytes (no Unicode normalization when hashing). Two raw values that differ
/// only in bytes are cached apart and fold alike, so the cache never changes an answer.
struct PostFieldKeys: Sendable {
    /// A raw value compared and hashed by its UTF-8 bytes.
    struct Raw: Hashable, Sendable {
        let text: String

        static func == (a: Raw, b: Raw) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Most cached values per field (authors and ids are many; categories few).
    static let cacheLimit = 100_000
    private var cache = [[Raw: [Int32]]](repeating: [:], count: FieldOrdinal.count)

    /// Calls `body` with each key id of the post's values in `field` (a value may give several:
    /// a keyword path gives one per prefix; the same id may come twice).
    mutating func forEachKey(_ field: QueryField, _ prepared: PreparedItem, index: SubscriptionIndex, _ body: (Int32) -> Void) {
        let item = prepared.item
        switch field {
        case .id:
            let id = index.keys.id(of: .id, item.id)
            if id >= 0 { body(id) }
        case .tag:
            for tag in prepared.tags where !tag.isEmpty { for id in ids(.tag, tag, index) { body(id) } }
        case .keyword:
            for path in item.keywordPaths { for id in ids(.keyword, path, index) { body(id) } }
        default:
            guard let raw = Self.raw(field, item), !raw.isEmpty else { return }
            for id in ids(field, raw, index) { body(id) }
        }
    }

    private static func raw(_ field: QueryField, _ item: Item) -> String? {
        switch field {
        case .type: return item.type.rawValue
        case .channel: return item.channel
        case .author: return item.author
        case .city: return item.city
        case .direction: return item.direction?.rawValue
        case .group: return item.group
        case .from: return item.from
        case .to: return item.to
        case .category: return item.category
        case .id, .tag, .keyword: return nil
        }
    }

    private mutating func ids(_ field: QueryField, _ raw: String, _ index: SubscriptionIndex) -> [Int32] {
        let f = FieldOrdinal.of(field)
        let key = Raw(text: raw)
        if let cached = cache[f][key] { return cached }
        // The matcher's own answer for an item holding just this value.
        var probe = Item(id: "", text: "")
        switch field {
        case .tag: probe.tags = [raw]
        case .keyword: probe.keywordPaths = [raw]
        case .type: probe.type = ItemType(rawValue: raw) ?? .post
        case .channel: probe.channel = raw
        case .author: probe.author = raw
        case .city: probe.city = raw
        case .direction: probe.direction = Direction(rawValue: raw)
        case .group: probe.group = raw
        case .from: probe.from = raw
        case .to: probe.to = raw
        case .category: probe.category = raw
        case .id: probe.id = raw
        }
        var ids: [Int32] = []
        for value in index.matcher.fieldValues(field, index.matcher.prepare(probe)) {
            let id = index.keys.id(of: field, value)
            if id >= 0, !ids.contains(id) { ids.append(id) }
        }
        if cache[f].count < Self.cacheLimit { cache[f][key] = ids }
        return ids
    }
}
