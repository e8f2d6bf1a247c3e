import HudongIndex

/// One row of the keyword tree with counts: a node, its depth and how many items it holds.
public struct KeywordTreeRow: Sendable, Hashable {
    /// `酒店/房间/隔音`.
    public var path: String
    /// The last segment, `隔音`.
    public var name: String
    /// 1 for a root.
    public var depth: Int
    /// Matching items carrying this node or any node below it (each item once).
    public var count: Int
    /// Whether the node is in the taxonomy (false: a path given in a feed only).
    public var inTaxonomy: Bool
}

/// A category or tag with its count.
public struct LabelCount: Sendable, Hashable {
    /// The category or tag.
    public var label: String
    /// Matching items that carry it.
    public var count: Int

    /// A label with its count.
    public init(label: String, count: Int) {
        self.label = label
        self.count = count
    }
}

/// Browsing the entry index: the keyword tree, categories and tags with counts, for any query.
///
/// Counts are over the live items matching the query (`*` or an empty query: all of them).
/// Keyword paths are compared folded, as the `kw:` field does, so a feed's `酒店/房間` counts
/// under the taxonomy's `酒店/房间`.
public enum Navigation {
    /// The live items matching `query`.
    public static func matchingItems(_ query: ParsedQuery, in index: SearchIndex) -> [Item] {
        let ids = QueryExecutor.matchingIds(query, in: index)
        return ids.compactMap { index.item(id: $0) }
    }

    /// The keyword tree with counts: taxonomy nodes in file order (with `includeEmpty`, those
    /// no matching item carries too), then paths found only in items, busiest first.
    public static func keywordTree(_ query: ParsedQuery, in index: SearchIndex, taxonomy: Taxonomy?,
                                   includeEmpty: Bool = false, maxDepth: Int = Int.max) -> (items: Int, rows: [KeywordTreeRow]) {
        let items = matchingItems(query, in: index)
        let analyzer = index.analyzer
        var folded: [String: [String]] = [:]
        var counts: [String: Int] = [:]
        var display: [String: String] = [:]
        for item in items {
            var nodes = Set<String>()
            for path in item.keywordPaths {
                let prefixes: [String]
                if let cached = folded[path] { prefixes = cached } else {
                    prefixes = KeywordPath.prefixes(analyzer.fold(path))
                    folded[path] = prefixes
                    let raw = KeywordPath.prefixes(path)
                    for (f, r) in zip(prefixes, raw) where display[f] == nil { display[f] = r }
                }
                nodes.formUnion(prefixes)
            }
            for node in nodes { counts[node, default: 0] += 1 }
        }
        var rows: [KeywordTreeRow] = []
        var known = Set<String>()
        var childrenOf: [String: [String]] = [:]
        for prefix in counts.keys {
            let parent = prefix.lastIndex(of: "/").map { String(prefix[..<$0]) } ?? ""
            childrenOf[parent, default: []].append(prefix)
        }
        func emitUnknown(under parent: String, depth: Int) {
            guard depth <= maxDepth else { return }
            let children = (childrenOf[parent] ?? []).filter { !known.contains($0) }
                .sorted { (counts[$0] ?? 0, $1) > (counts[$1] ?? 0, $0) }
            for child in children {
                let shown = display[child] ?? child
                rows.append(KeywordTreeRow(path: shown, name: shown.split(separator: "/").last.map(String.init) ?? shown,
                                           depth: depth, count: counts[child] ?? 0, inTaxonomy: false))
                emitUnknown(under: child, depth: depth + 1)
            }
        }
        func walk(_ node: KeywordNode, parentPath: [String]) {
            let path = parentPath + [node.name]
            let foldedPath = KeywordPath.prefixes(analyzer.fold(path.joined(separator: "/"))).last ?? ""
            known.insert(foldedPath)
            let count = counts[foldedPath] ?? 0
            guard count > 0 || includeEmpty, path.count <= maxDepth else { return }
            rows.append(KeywordTreeRow(path: path.joined(separator: "/"), name: node.name, depth: path.count, count: count, inTaxonomy: true))
            for child in node.children { walk(child, parentPath: path) }
            // Then the paths under it that only items carry.
            emitUnknown(under: foldedPath, depth: path.count + 1)
        }
        if let taxonomy {
            for (_, path) in taxonomy.flattenedNodes() {
                known.insert(KeywordPath.prefixes(analyzer.fold(path.joined(separator: "/"))).last ?? "")
            }
            for root in taxonomy.keywords { walk(root, parentPath: []) }
        }
        emitUnknown(under: "", depth: 1)
        return (items.count, rows)
    }

    /// Categories of the matching items, most frequent first; items without one are not counted.
    public static func categories(_ query: ParsedQuery, in index: SearchIndex) -> (items: Int, uncategorized: Int, counts: [LabelCount]) {
        let items = matchingItems(query, in: index)
        var counts: [String: Int] = [:]
        var none = 0
        for item in items {
            if let c = item.category, !c.isEmpty { counts[c, default: 0] += 1 } else { none += 1 }
        }
        return (items.count, none, sorted(counts))
    }

    /// Tags of the matching items (each item once per tag), most frequent first.
    public static func tags(_ query: ParsedQuery, in index: SearchIndex) -> (items: Int, untagged: Int, counts: [LabelCount]) {
        let items = matchingItems(query, in: index)
        var counts: [String: Int] = [:]
        var none = 0
        for item in items {
            if item.tags.isEmpty { none += 1 }
            for tag in Set(item.tags) { counts[tag, default: 0] += 1 }
        }
        return (items.count, none, sorted(counts))
    }

    private static func sorted(_ counts: [String: Int]) -> [LabelCount] {
        counts.map { LabelCount(label: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
    }
}
