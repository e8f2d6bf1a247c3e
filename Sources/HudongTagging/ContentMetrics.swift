import Foundation
import HudongIndex

/// How much an item is about the brand, how relevant it is to the brand's business, and its reach.
///
/// - **内容度** (`content`, 0…1): the share of the item's text covered by keyword-node terms:
///   `covered units / units`, where units are what the index matches by (one per CJK character,
///   one per Latin word, number or emoji) and a unit is covered when it lies inside an
///   occurrence of a term, synonym or variant of a keyword node that matched. 0 for no match.
/// - **相关度** (`relevance`, ≥ 0): `Σ w(n)` over the distinct keyword nodes on the item's paths
///   (every matched node and its ancestors), plus `Σ s(t)` over the item's tags that are business
///   scenes. `w(n)` is the node's `weight`, by default its level (一级 1, 二级 2, 三级 3);
///   `s(t)` is the tag's `scene` weight.
/// - **影响度** (`influence`, ≥ 0): `log10(1 + likes + 2·shares + comments)` — shares (转发) are
///   the relay reach and count twice. The same value as the index's engagement signal, so
///   `sort:influence` orders by 影响度.
public struct ContentMetrics: Sendable, Hashable, Codable {
    /// 内容度: share of the text covered by keyword terms, 0…1.
    public var content: Double
    /// 相关度: weighted count of keyword nodes and business scenes touched.
    public var relevance: Double
    /// 影响度: log-scaled engagement and relay reach.
    public var influence: Double

    /// Metrics with the given values.
    public init(content: Double, relevance: Double, influence: Double) {
        self.content = content
        self.relevance = relevance
        self.influence = influence
    }

    /// 内容度 from the covered and total unit counts.
    public static func content(coveredUnits: Int, totalUnits: Int) -> Double {
        totalUnits > 0 ? Double(min(coveredUnits, totalUnits)) / Double(totalUnits) : 0
    }

    /// 影响度 of an item: log10(1 + likes + 2·shares + comments), negative counts read as 0.
    public static func influence(_ item: Item) -> Double {
        log10(1 + Double(max(0, item.likes)) + 2 * Double(max(0, item.shares)) + Double(max(0, item.comments)))
    }
}

/// Building an item's labels and 相关度 from what matched: shared by the fast and the reference tagger.
enum TaggingAssembly {
    /// `item` with its labels: the feed's paths, then each matched node's path (a node whose
    /// descendant also matched is left out: the descendant's path carries it); the feed's tags and
    /// hashtags, then matched tags in file order; the feed's category, else the matched one.
    static func labelled(_ item: Item, preparedTags: [String], nodes: [Int], tags: [Int], category: Int?, in c: CompiledTaxonomy) -> Item {
        var out = item
        if !nodes.isEmpty {
            var paths = item.keywordPaths
            paths.reserveCapacity(paths.count + nodes.count)
            let given = !paths.isEmpty
            for (k, n) in nodes.enumerated() {
                if k + 1 < nodes.count, nodes[k + 1] < n + Int(c.hot.nodeSubtree[n]) { continue }
                let path = c.nodes[n].path
                if (given || c.nodeRepeatsPath[n]) && paths.contains(path) { continue }
                paths.append(path)
            }
            out.keywordPaths = paths
        }
        var allTags = preparedTags
        let given = !preparedTags.isEmpty
        for t in tags {
            let name = c.tags[t].name
            if (given || c.tagRepeatsName[t]) && allTags.contains(name) { continue }
            allTags.append(name)
        }
        out.tags = allTags
        if out.category == nil, let category { out.category = c.categories[category].name }
        return out
    }

    /// 相关度: node weights over the distinct nodes on the paths, plus scene weights of the tags.
    ///
    /// `nodes` are the matched nodes (their ancestors count too), `givenFoldedPrefixes` the
    /// prefixes of the feed's paths, folded (nodes the taxonomy does not know weigh their depth);
    /// `tags` are matched tag indices and `otherFoldedTags` the feed's tags and hashtags, folded.
    /// Sums in a fixed order (nodes, then feed paths, then scenes), so every caller gets the same bits.
    static func relevance(nodes: [Int], givenFoldedPrefixes: [String], tags: [Int], otherFoldedTags: [String], in c: CompiledTaxonomy) -> Double {
        var total = 0.0
        var seen = Set<Int32>()
        for n in nodes {
            var i = Int32(n)
            while i >= 0, seen.insert(i).inserted {
                total += c.hot.nodeWeight[Int(i)]
                i = c.hot.nodeParent[Int(i)]
            }
        }
        var unknown = Set<String>()
        for prefix in givenFoldedPrefixes {
            if let i = c.nodeByFoldedPath[prefix] {
                if seen.insert(i).inserted { total += c.hot.nodeWeight[Int(i)] }
            } else if unknown.insert(prefix).inserted {
                total += Double(prefix.split(separator: "/").count)
            }
        }
        addScenes(&total, tags: tags, otherFoldedTags: otherFoldedTags, in: c)
        return total
    }

    /// Adds the scene weights of the matched tags and of the feed's tags and hashtags (folded).
    static func addScenes(_ total: inout Double, tags: [Int], otherFoldedTags: [String], in c: CompiledTaxonomy) {
        guard !c.sceneWeights.isEmpty else { return }
        var counted = Set<String>()
        for t in tags {
            let label = c.tags[t]
            if let w = label.sceneWeight, counted.insert(label.foldedName).inserted { total += w }
        }
        for folded in otherFoldedTags {
            if let w = c.sceneWeights[folded], counted.insert(folded).inserted { total += w }
        }
    }
}

/// Keyword paths as the index treats them.
public enum KeywordPath {
    /// `a/b/c` → `a`, `a/b`, `a/b/c` (empty parts dropped, parts trimmed), as the index's `kw:` field.
    public static func prefixes(_ path: String) -> [String] {
        var out: [String] = []
        var current = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            let trimmed = String(part).trimmed
            guard !trimmed.isEmpty else { continue }
            current = current.isEmpty ? trimmed : current + "/" + trimmed
            out.append(current)
        }
        return out
    }
}
