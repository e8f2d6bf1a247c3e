import HudongIndex
import HudongText

/// What tagging gave one item: the item with its labels, what matched, and its metrics.
public struct TaggingOutcome: Sendable, Hashable {
    /// The item with category, tags and keyword paths filled in (the feed's own labels kept).
    public var item: Item
    /// Indices (pre-order) of the keyword nodes that matched by their own terms or rule.
    public var matchedNodes: [Int]
    /// Indices of the tag rules that matched.
    public var matchedTags: [Int]
    /// Index of the category rule that gave the category (nil: none, or the feed gave it).
    public var matchedCategory: Int?
    /// 内容度, 相关度, 影响度.
    public var metrics: ContentMetrics
    /// The labels as taxonomy indices plus the feed's own (folded), for the index; not compared.
    var labelIds = LabelIds()

    /// Equal when item, matches and metrics are (the batching detail is not compared).
    public static func == (a: TaggingOutcome, b: TaggingOutcome) -> Bool {
        a.item == b.item && a.matchedNodes == b.matchedNodes && a.matchedTags == b.matchedTags
            && a.matchedCategory == b.matchedCategory && a.metrics == b.metrics
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(item)
        hasher.combine(matchedNodes)
        hasher.combine(matchedTags)
        hasher.combine(metrics)
    }
}

/// An outcome's labels for the index beyond `matchedTags` and `matchedCategory`: the nodes on
/// its paths (matched nodes and their ancestors), and the feed's own labels and hashtags folded.
struct LabelIds: Sendable {
    var pathNodes: [Int32] = []
    /// The feed's category, tags and hashtags, and path prefixes, folded.
    var given = FoldedLabels()
}

/// The fast tagger: one automaton pass over an item's units, then only the rules it woke.
///
/// For each item: the automaton finds every term and rule-leaf pattern in the item's units
/// (positions checked, so each hit is an exact match); a keyword node, tag or category is
/// evaluated only when one of its anchor patterns occurred (or it has no anchor: a pure NOT,
/// field or time rule). Exclusions are checked only for nodes that matched. The result equals
/// `ReferenceTagger` (every rule by `ItemMatcher`), which the tests hold it to.
/// Cost: O(units + hits + woken rules) per item, independent of the taxonomy's size.
public struct Tagger: Sendable {
    /// The compiled taxonomy.
    public let compiled: CompiledTaxonomy

    /// A tagger for a compiled taxonomy.
    public init(_ compiled: CompiledTaxonomy) {
        self.compiled = compiled
    }

    /// Compiles `taxonomy` for `analyzer` and makes a tagger.
    public init(taxonomy: Taxonomy, analyzer: Analyzer) {
        self.init(CompiledTaxonomy(taxonomy, analyzer: analyzer))
    }

    /// Tags `item` (analyzing its text).
    public func tag(_ item: Item) -> TaggingOutcome {
        var scratch = TaggingScratch()
        return tag(item, analysis: compiled.analyzer.analyze(item.text), scratch: &scratch)
    }

    /// Tags `item` from an analysis already made; `scratch` is reused across items of one thread.
    ///
    /// `item`'s own category, tags and keyword paths are the ones given in the feed: kept.
    public func tag(_ item: Item, analysis: AnalyzedText, scratch: inout TaggingScratch) -> TaggingOutcome {
        compiled.withHotView { t in tag(item, analysis: analysis, scratch: &scratch, t) }
    }

    private func tag(_ item: Item, analysis: AnalyzedText, scratch: inout TaggingScratch, _ t: HotView) -> TaggingOutcome {
        let c = compiled
        scratch.reset(for: c)
        scratch.units.build(analysis, automaton: c.automaton)
        let tags = analysis.tags(addingHashtagsTo: item.tags)
        scan(&scratch, t)
        let generation = scratch.generation
        let unitCount = scratch.units.count
        var context = RuleContext(item: item, tags: tags, compiled: c, foldCache: scratch.foldCache)
        scratch.foldCache = [:]
        defer { scratch.foldCache = context.foldCache }

        // 2. Keyword nodes woken by their patterns, and those no pattern anchors.
        var found = scratch.takeBuffer()
        func tryNode(_ n: Int32) {
            guard t.evaluate(t.nodePositive[Int(n)], scratch, &context) else { return }
            let exclusion = t.nodeExclusion[Int(n)]
            if exclusion >= 0, t.evaluate(exclusion, scratch, &context) { return }
            found.append(Int(n))
        }
        for n in scratch.nodeCandidates { tryNode(n) }
        for n in c.alwaysNodes where scratch.nodeStamp[Int(n)] != generation { tryNode(n) }
        found.sort()
        let matchedNodes = Array(found)
        scratch.returnBuffer(found)

        // 3. Tags see the tree's paths (matched nodes and their ancestors); 相关度's node part is
        //    summed on the way, in the order `TaggingAssembly.relevance` sums it.
        var nodeSum = 0.0
        var pathNodes: [Int32] = []
        pathNodes.reserveCapacity(matchedNodes.count * 3)
        for n in matchedNodes {
            var i = Int32(n)
            while i >= 0, scratch.pathStamp[Int(i)] != generation {
                scratch.pathStamp[Int(i)] = generation
                pathNodes.append(i)
                nodeSum += t.nodeWeight[Int(i)]
                i = t.nodeParent[Int(i)]
            }
        }
        var matchedTags: [Int] = []
        for k in scratch.tagCandidates where t.evaluate(t.tagRule[Int(k)], scratch, &context) { matchedTags.append(Int(k)) }
        for k in c.alwaysTags where scratch.tagStamp[Int(k)] != generation && t.evaluate(t.tagRule[Int(k)], scratch, &context) {
            matchedTags.append(Int(k))
        }
        matchedTags.sort()

        // 4. Categories see the tags; the feed's category wins, else the first rule in order.
        var matchedCategory: Int?
        if item.category == nil {
            for k in matchedTags { scratch.labelStamp[k] = generation }
            for k in c.alwaysCategories where scratch.categoryStamp[Int(k)] != generation { scratch.categoryCandidates.append(k) }
            scratch.categoryCandidates.sort()
            for k in scratch.categoryCandidates where t.evaluate(t.categoryRule[Int(k)], scratch, &context) {
                matchedCategory = Int(k)
                break
            }
        }

        // 5. The labels and the metrics.
        let labelled = TaggingAssembly.labelled(item, preparedTags: tags, nodes: matchedNodes, tags: matchedTags, category: matchedCategory, in: c)
        let covered = scratch.coveredUnits(matchedNodes: matchedNodes, t, unitCount: unitCount)
        let given = givenLabels(item, tags, &context)
        var relevance = nodeSum
        if item.keywordPaths.isEmpty {
            TaggingAssembly.addScenes(&relevance, tags: matchedTags, otherFoldedTags: given.tags, in: c)
        } else {
            relevance = TaggingAssembly.relevance(nodes: matchedNodes, givenFoldedPrefixes: given.keywordPrefixes, tags: matchedTags,
                                                  otherFoldedTags: given.tags, in: c)
        }
        let metrics = ContentMetrics(content: ContentMetrics.content(coveredUnits: covered, totalUnits: unitCount),
                                     relevance: relevance, influence: ContentMetrics.influence(labelled))
        let ids = LabelIds(pathNodes: pathNodes, given: given)
        return TaggingOutcome(item: labelled, matchedNodes: matchedNodes, matchedTags: matchedTags, matchedCategory: matchedCategory,
                              metrics: metrics, labelIds: ids)
    }

    /// The feed's own labels and the hashtags, folded (most items have none: nothing to fold).
    private func givenLabels(_ item: Item, _ tags: [String], _ context: inout RuleContext) -> FoldedLabels {
        var given = FoldedLabels()
        guard item.category != nil || !tags.isEmpty || !item.keywordPaths.isEmpty else { return given }
        if let category = item.category {
            let f = context.fold(category)
            given.category = f.isEmpty ? nil : f
        }
        for tag in tags {
            let f = context.fold(tag)
            if !f.isEmpty { given.tags.append(f) }
        }
        for path in item.keywordPaths { given.keywordPrefixes += KeywordPath.prefixes(context.fold(path)) }
        return given
    }

    /// An outcome's labels folded as the index's fields hold them, for
    /// `SearchIndex.add(_:analysis:foldedLabels:)`: taxonomy names were folded once, at compile time.
    public func foldedLabels(of outcome: TaggingOutcome) -> FoldedLabels {
        let c = compiled
        var folded = outcome.labelIds.given
        if folded.category == nil, let k = outcome.matchedCategory {
            let f = c.categories[k].foldedName
            folded.category = f.isEmpty ? nil : f
        }
        for k in outcome.matchedTags where !c.tags[k].foldedName.isEmpty { folded.tags.append(c.tags[k].foldedName) }
        for n in outcome.labelIds.pathNodes { folded.keywordPrefixes.append(c.nodes[Int(n)].foldedPath) }
        return folded
    }

    /// 1. Every pattern occurrence, positions checked; wakes the rules that watch the pattern.
    private func scan(_ scratch: inout TaggingScratch, _ t: HotView) {
        let c = compiled
        let generation = scratch.generation
        let positions = scratch.units.positions, symbols = scratch.units.symbols, count = scratch.units.count
        positions.withUnsafeBufferPointer { positions in
        symbols.withUnsafeBufferPointer { symbols in
            c.automaton.scan(UnsafeBufferPointer(rebasing: symbols[0..<count])) { pattern, start in
                let p = Int(pattern)
                let last = start + Int(t.patternLength[p]) - 1
                if t.patternConsecutive[p] {
                    guard positions[last] - positions[start] == Int32(last - start) else { return }
                } else {
                    let offsets = c.patterns[p].offsets
                    for k in 1..<offsets.count where positions[start + k] - positions[start] != offsets[k] { return }
                }
                scratch.hitPattern.append(pattern)
                scratch.hitStart.append(Int32(start))
                guard scratch.patternStamp[p] != generation else { return }
                scratch.patternStamp[p] = generation
                for k in Int(t.wakeStart[p])..<Int(t.wakeStart[p + 1]) {
                    let entry = t.wakeList[k]
                    let index = Int(entry & 0x1FFF_FFFF)
                    switch entry >> 29 {
                    case HotTables.WakeKind.node.rawValue:
                        if scratch.nodeStamp[index] != generation {
                            scratch.nodeStamp[index] = generation
                            scratch.nodeCandidates.append(Int32(index))
                        }
                    case HotTables.WakeKind.tag.rawValue:
                        if scratch.tagStamp[index] != generation {
                            scratch.tagStamp[index] = generation
                            scratch.tagCandidates.append(Int32(index))
                        }
                    default:
                        if scratch.categoryStamp[index] != generation {
                            scratch.categoryStamp[index] = generation
                            scratch.categoryCandidates.append(Int32(index))
                        }
                    }
                }
            }
        }
        }
    }
}
