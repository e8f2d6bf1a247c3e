/// Facet counts over a set of matches: how many fall in each category, tag, keyword node,
/// channel and city.
enum Facets {
    /// The fields facets are counted on.
    static let fields: [QueryField] = [.category, .tag, .keyword, .channel, .city]

    static func count(_ documents: [Int32], in index: SearchIndex, limit: Int) -> [QueryField: [FacetCount]] {
        // Counted by value id (the store's columns), named once at the end; keyword nodes are
        // the prefixes of each path, found once per distinct path.
        var categories: [UInt32: Int] = [:], channels: [UInt32: Int] = [:], cities: [UInt32: Int] = [:], tagCounts: [UInt32: Int] = [:]
        var nodeCounts: [String: Int] = [:]
        var nodesOfPath: [UInt32: [String]] = [:]
        let items = index.documents.items
        var tags: [UInt32] = [], nodes = Set<String>()
        for doc in documents {
            let d = Int(doc)
            if let c = items.categoryId(at: d) { categories[c, default: 0] += 1 }
            if let ch = items.channelId(at: d) { channels[ch, default: 0] += 1 }
            if let city = items.cityId(at: d) { cities[city, default: 0] += 1 }
            let tagIds = items.tagIds(at: d)
            if !tagIds.isEmpty {
                tags.removeAll(keepingCapacity: true)
                for tag in tagIds where !tags.contains(tag) { tags.append(tag) }
                for tag in tags { tagCounts[tag, default: 0] += 1 }
            }
            let paths = items.pathIds(at: d)
            guard !paths.isEmpty else { continue }
            nodes.removeAll(keepingCapacity: true)
            for path in paths {
                if nodesOfPath[path] == nil { nodesOfPath[path] = FieldIndex.pathPrefixes(items.value(path)) }
                nodes.formUnion(nodesOfPath[path]!)
            }
            for node in nodes { nodeCounts[node, default: 0] += 1 }
        }
        func named(_ byId: [UInt32: Int]) -> [String: Int] {
            var out: [String: Int] = [:]
            for (id, n) in byId { out[items.value(id), default: 0] += n }
            return out
        }
        let counts: [QueryField: [String: Int]] = [.category: named(categories), .tag: named(tagCounts), .keyword: nodeCounts,
                                                   .channel: named(channels), .city: named(cities)]
        var out: [QueryField: [FacetCount]] = [:]
        for field in fields {
            let sorted = (counts[field] ?? [:]).map { FacetCount(value: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
            out[field] = Array(sorted.prefix(limit))
        }
        return out
    }
}
