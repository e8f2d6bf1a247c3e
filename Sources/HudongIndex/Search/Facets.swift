/// Facet counts over a set of matches: how many fall in each category, tag, keyword node,
/// channel and city.
enum Facets {
    /// The fields facets are counted on.
    static let fields: [QueryField] = [.category, .tag, .keyword, .channel, .city]

    static func count(_ documents: [Int32], in index: SearchIndex, limit: Int) -> [QueryField: [FacetCount]] {
        var counts: [QueryField: [String: Int]] = [:]
        let items = index.documents.items
        for doc in documents {
            let item = items[Int(doc)]
            if let c = item.category { counts[.category, default: [:]][c, default: 0] += 1 }
            for tag in Set(item.tags) { counts[.tag, default: [:]][tag, default: 0] += 1 }
            var nodes = Set<String>()
            for path in item.keywordPaths { nodes.formUnion(FieldIndex.pathPrefixes(path)) }
            for node in nodes { counts[.keyword, default: [:]][node, default: 0] += 1 }
            if let ch = item.channel { counts[.channel, default: [:]][ch, default: 0] += 1 }
            if let city = item.city { counts[.city, default: [:]][city, default: 0] += 1 }
        }
        var out: [QueryField: [FacetCount]] = [:]
        for field in fields {
            let sorted = (counts[field] ?? [:]).map { FacetCount(value: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
            out[field] = Array(sorted.prefix(limit))
        }
        return out
    }
}
