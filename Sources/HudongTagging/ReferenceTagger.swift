import HudongIndex
import HudongText

/// The brute-force tagger: every keyword node, tag and category rule evaluated by `ItemMatcher`.
///
/// The reference answer for `Tagger` (the tests and the benchmark compare them item by item).
/// Stages as `Taxonomy` describes: nodes see the feed's labels; tags also see the tree's paths;
/// categories also see the rule tags. Cost: O(rules × units) per item.
public struct ReferenceTagger: Sendable {
    /// The taxonomy (its rules are evaluated by `ItemMatcher`, not by the compiled program).
    public let compiled: CompiledTaxonomy
    let matcher: ItemMatcher
    private let nodeRules: [(positive: CompiledQuery, terms: [UnitSequence], exclusions: CompiledQuery?)]
    private let tagRules: [CompiledQuery]
    private let categoryRules: [CompiledQuery]

    /// A reference tagger for `compiled`'s taxonomy and analyzer.
    public init(_ compiled: CompiledTaxonomy) {
        self.compiled = compiled
        let matcher = ItemMatcher(analyzer: compiled.analyzer)
        self.matcher = matcher
        var nodeRules: [(CompiledQuery, [UnitSequence], CompiledQuery?)] = []
        for (node, _) in compiled.taxonomy.flattenedNodes() {
            var positive = node.allTerms.map { matcher.compile(.phrase($0)) }
            if let rule = node.rule { positive.append(matcher.compile(rule.query)) }
            let terms = node.allTerms.map { UnitSequence(compiled.analyzer.analyze($0)) }.filter { $0.count > 0 }
            let exclusions = node.exclusions.isEmpty ? nil : CompiledQuery.or(node.exclusions.map { matcher.compile($0.query) })
            nodeRules.append((.or(positive), terms, exclusions))
        }
        func label(_ l: LabelRule) -> CompiledQuery {
            .or(l.terms.map { matcher.compile(.phrase($0)) } + l.rules.map { matcher.compile($0.query) })
        }
        self.nodeRules = nodeRules
        self.tagRules = compiled.taxonomy.tags.map(label)
        self.categoryRules = compiled.taxonomy.categories.map(label)
    }

    /// Tags `item` (analyzing its text).
    public func tag(_ item: Item) -> TaggingOutcome {
        tag(item, analysis: compiled.analyzer.analyze(item.text))
    }

    /// Tags `item` from an analysis already made.
    public func tag(_ item: Item, analysis: AnalyzedText) -> TaggingOutcome {
        let c = compiled
        let prepared = matcher.prepare(item, analysis: analysis)
        var nodes: [Int] = []
        for (i, rule) in nodeRules.enumerated() where matcher.matches(rule.positive, prepared) {
            if let exclusions = rule.exclusions, matcher.matches(exclusions, prepared) { continue }
            nodes.append(i)
        }
        var staged = item
        for n in nodes { staged.keywordPaths.append(c.nodes[n].path) }
        let withPaths = matcher.prepare(staged, analysis: analysis)
        let tags = tagRules.indices.filter { matcher.matches(tagRules[$0], withPaths) }
        var category: Int?
        if item.category == nil {
            staged.tags = withPaths.tags + tags.map { c.tags[$0].name }
            let withTags = matcher.prepare(staged, analysis: analysis)
            category = categoryRules.indices.first { matcher.matches(categoryRules[$0], withTags) }
        }
        let labelled = TaggingAssembly.labelled(item, preparedTags: prepared.tags, nodes: nodes, tags: tags, category: category, in: c)
        // 内容度: units inside occurrences of matched nodes' terms, found by brute force.
        let units = prepared.units
        var covered = [Bool](repeating: false, count: units.count)
        for n in nodes {
            for term in nodeRules[n].terms {
                for start in Self.occurrences(of: term, in: units) {
                    for u in start..<(start + term.count) { covered[u] = true }
                }
            }
        }
        let metrics = ContentMetrics(
            content: ContentMetrics.content(coveredUnits: covered.filter { $0 }.count, totalUnits: units.count),
            relevance: TaggingAssembly.relevance(
                nodes: nodes, givenFoldedPrefixes: item.keywordPaths.flatMap { KeywordPath.prefixes(c.analyzer.fold($0)) },
                tags: tags, otherFoldedTags: prepared.tags.map(c.analyzer.fold).filter { !$0.isEmpty }, in: c),
            influence: ContentMetrics.influence(labelled))
        return TaggingOutcome(item: labelled, matchedNodes: nodes, matchedTags: tags, matchedCategory: category, metrics: metrics)
    }

    /// An outcome's labels folded the slow way: as the index folds and splits an item's labels.
    public func foldedLabels(of outcome: TaggingOutcome) -> FoldedLabels {
        let analyzer = compiled.analyzer
        let item = outcome.item
        var folded = FoldedLabels(category: item.category.map(analyzer.fold).flatMap { $0.isEmpty ? nil : $0 },
                                  tags: item.tags.map(analyzer.fold).filter { !$0.isEmpty })
        for path in item.keywordPaths { folded.keywordPrefixes += KeywordPath.prefixes(analyzer.fold(path)) }
        return folded
    }

    /// Unit indices where `phrase` occurs in `document`: same keys at the same relative positions.
    static func occurrences(of phrase: UnitSequence, in document: UnitSequence) -> [Int] {
        let m = phrase.count, n = document.count
        guard m > 0, n >= m else { return [] }
        var out: [Int] = []
        outer: for i in 0...(n - m) {
            for k in 0..<m {
                if document.keys[i + k] != phrase.keys[k]
                    || document.positions[i + k] - document.positions[i] != phrase.positions[k] - phrase.positions[0] {
                    continue outer
                }
            }
            out.append(i)
        }
        return out
    }
}
