import HudongIndex
import HudongText

/// A taxonomy made ready for one analyzer: every term and rule leaf as an automaton pattern,
/// every rule in one flat `RuleProgram`, and the pre-filter that says which rules a pattern wakes.
///
/// Immutable and `Sendable`: share one across tagging threads. Compile again when the taxonomy
/// or the analyzer's user dictionary changes (`dictionaryVersion` records the one used).
/// Cost: one analysis per distinct term and rule leaf.
public final class CompiledTaxonomy: Sendable {
    /// The taxonomy as written.
    public let taxonomy: Taxonomy
    /// The analyzer terms were analyzed with.
    public let analyzer: Analyzer
    /// The user-dictionary version at compile time (nil without a user dictionary).
    public let dictionaryVersion: Int?

    let patterns: [PatternShape]
    let automaton: UnitAutomaton
    let nodes: [CompiledNode]
    let tags: [CompiledLabel]
    let categories: [CompiledLabel]
    /// Every rule, flat; the roots below index into it.
    let program: RuleProgram
    /// Plain-value tables for the per-item loop.
    let hot: HotTables
    /// Rules no pattern anchors: evaluated for every item.
    let alwaysNodes: [Int32]
    let alwaysTags: [Int32]
    let alwaysCategories: [Int32]
    /// Node index by folded path (`酒店/房间`).
    let nodeByFoldedPath: [String: Int32]
    /// Folded tag name → scene weight, for tags that are business scenes.
    let sceneWeights: [String: Double]
    /// Whether a node's path, or a tag's name, already appeared earlier (then it is not repeated in labels).
    let nodeRepeatsPath: [Bool]
    let tagRepeatsName: [Bool]

    /// Compiles `taxonomy` for `analyzer`.
    public init(_ taxonomy: Taxonomy, analyzer: Analyzer) {
        self.taxonomy = taxonomy
        self.analyzer = analyzer
        self.dictionaryVersion = analyzer.userDictionary?.snapshot.version
        var compiler = PatternCompiler(analyzer: analyzer)
        let matcher = ItemMatcher(analyzer: analyzer)

        // Keyword nodes in pre-order.
        var nodes: [CompiledNode] = []
        func walk(_ node: KeywordNode, parent: Int32, path: [String]) {
            let path = path + [node.name]
            let index = nodes.count
            var termPatterns: [Int32] = []
            for term in node.allTerms {
                if let p = compiler.pattern(term), !termPatterns.contains(p) { termPatterns.append(p) }
            }
            var positive: [RuleExpression] = termPatterns.map(RuleExpression.pattern)
            if let rule = node.rule { positive.append(compiler.compile(rule.query)) }
            let exclusions = node.exclusions.map { compiler.compile($0.query) }
            let display = path.joined(separator: "/")
            nodes.append(CompiledNode(
                name: node.name, path: display, foldedPath: matcher.foldFieldValue(.keyword, display),
                parent: parent, depth: path.count, subtreeSize: 1, weight: node.weight ?? Double(path.count),
                termPatterns: termPatterns, positive: .or(positive), exclusion: exclusions.isEmpty ? nil : .or(exclusions)))
            for child in node.children { walk(child, parent: Int32(index), path: path) }
            nodes[index].subtreeSize = nodes.count - index
        }
        for root in taxonomy.keywords { walk(root, parent: -1, path: []) }

        func labels(_ list: [LabelRule]) -> [CompiledLabel] {
            list.map { label in
                var parts: [RuleExpression] = []
                for term in label.terms { parts.append(compiler.pattern(term).map(RuleExpression.pattern) ?? .nothing) }
                for rule in label.rules { parts.append(compiler.compile(rule.query)) }
                return CompiledLabel(name: label.name, foldedName: analyzer.fold(label.name), expression: .or(parts), sceneWeight: label.sceneWeight)
            }
        }
        var byPath: [String: Int32] = [:]
        for (i, node) in nodes.enumerated() where byPath[node.foldedPath] == nil { byPath[node.foldedPath] = Int32(i) }
        var tags = labels(taxonomy.tags)
        var tagsByName: [String: [Int32]] = [:]
        for (i, tag) in tags.enumerated() { tagsByName[tag.foldedName, default: []].append(Int32(i)) }
        var categories = labels(taxonomy.categories)
        // `kw:` and `tag:` leaves by index.
        for i in nodes.indices {
            nodes[i].positive = nodes[i].positive.resolved(nodes: byPath, tags: tagsByName)
            nodes[i].exclusion = nodes[i].exclusion?.resolved(nodes: byPath, tags: tagsByName)
        }
        for i in tags.indices { tags[i].expression = tags[i].expression.resolved(nodes: byPath, tags: tagsByName) }
        for i in categories.indices { categories[i].expression = categories[i].expression.resolved(nodes: byPath, tags: tagsByName) }

        // The pre-filter: what each pattern wakes, and the rules no pattern anchors.
        var wakes = [[Int32]](repeating: [], count: compiler.patterns.count)
        var owners = [[Int32]](repeating: [], count: compiler.patterns.count)
        func anchor(_ e: RuleExpression, _ entry: Int32, always: inout [Int32], index: Int32) {
            if let anchors = e.anchors {
                for p in Set(anchors) { wakes[Int(p)].append(entry) }
            } else {
                always.append(index)
            }
        }
        var alwaysNodes: [Int32] = [], alwaysTags: [Int32] = [], alwaysCategories: [Int32] = []
        for (i, node) in nodes.enumerated() {
            anchor(node.positive, HotTables.wake(.node, i), always: &alwaysNodes, index: Int32(i))
            for p in node.termPatterns { owners[Int(p)].append(Int32(i)) }
        }
        for (i, tag) in tags.enumerated() { anchor(tag.expression, HotTables.wake(.tag, i), always: &alwaysTags, index: Int32(i)) }
        for (i, category) in categories.enumerated() {
            anchor(category.expression, HotTables.wake(.category, i), always: &alwaysCategories, index: Int32(i))
        }
        var scenes: [String: Double] = [:]
        for tag in tags { if let w = tag.sceneWeight { scenes[tag.foldedName] = w } }

        var program = RuleProgram()
        let nodePositive = nodes.map { program.emit($0.positive) }
        let nodeExclusion = nodes.map { $0.exclusion.map { program.emit($0) } ?? -1 }
        let tagRule = tags.map { program.emit($0.expression) }
        let categoryRule = categories.map { program.emit($0.expression) }
        self.program = program
        self.hot = HotTables(patterns: compiler.patterns, wakes: wakes, owners: owners, nodes: nodes,
                             nodePositive: nodePositive, nodeExclusion: nodeExclusion, tagRule: tagRule, categoryRule: categoryRule)
        var seenPaths = Set<String>(), seenNames = Set<String>()
        self.nodeRepeatsPath = nodes.map { !seenPaths.insert($0.path).inserted }
        self.tagRepeatsName = tags.map { !seenNames.insert($0.name).inserted }
        self.patterns = compiler.patterns
        self.automaton = UnitAutomaton(patterns: compiler.patterns.map(\.keys))
        self.nodes = nodes
        self.tags = tags
        self.categories = categories
        self.alwaysNodes = alwaysNodes
        self.alwaysTags = alwaysTags
        self.alwaysCategories = alwaysCategories
        self.nodeByFoldedPath = byPath
        self.sceneWeights = scenes
    }

    /// Number of distinct automaton patterns (terms and rule leaves).
    public var patternCount: Int { patterns.count }

    /// Whether the analyzer's user dictionary changed since this was compiled.
    public var isStale: Bool { analyzer.userDictionary?.snapshot.version != dictionaryVersion }

    /// The full path of every keyword node, in pre-order.
    public var nodePaths: [String] { nodes.map(\.path) }
}

/// The taxonomy's per-item tables as arrays of plain values (no reference counting when read
/// through `withBuffers`): pattern shapes, what each pattern wakes, term owners, node tree, rule roots.
struct HotTables: Sendable {
    enum WakeKind: Int32 { case node = 0, tag = 1, category = 2 }

    /// A wake entry: kind in the top two bits, index below.
    static func wake(_ kind: WakeKind, _ index: Int) -> Int32 { kind.rawValue << 29 | Int32(index) }

    var patternLength: [Int32] = []
    var patternConsecutive: [Bool] = []
    var patternSpan: [Int32] = []
    /// Entries of pattern p: `wakeList[wakeStart[p]..<wakeStart[p + 1]]`.
    var wakeStart: [Int32] = [0]
    var wakeList: [Int32] = []
    /// Nodes whose own terms include pattern p: `ownerList[ownerStart[p]..<ownerStart[p + 1]]`.
    var ownerStart: [Int32] = [0]
    var ownerList: [Int32] = []
    var nodeParent: [Int32] = []
    var nodeWeight: [Double] = []
    var nodeSubtree: [Int32] = []
    var nodePositive: [Int32] = []
    var nodeExclusion: [Int32] = []
    var tagRule: [Int32] = []
    var categoryRule: [Int32] = []

    init(patterns: [PatternShape], wakes: [[Int32]], owners: [[Int32]], nodes: [CompiledNode],
         nodePositive: [Int32], nodeExclusion: [Int32], tagRule: [Int32], categoryRule: [Int32]) {
        patternLength = patterns.map { Int32($0.offsets.count) }
        patternConsecutive = patterns.map(\.isConsecutive)
        patternSpan = patterns.map(\.span)
        for list in wakes {
            wakeList += list
            wakeStart.append(Int32(wakeList.count))
        }
        for list in owners {
            ownerList += list
            ownerStart.append(Int32(ownerList.count))
        }
        nodeParent = nodes.map(\.parent)
        nodeWeight = nodes.map(\.weight)
        nodeSubtree = nodes.map { Int32($0.subtreeSize) }
        self.nodePositive = nodePositive
        self.nodeExclusion = nodeExclusion
        self.tagRule = tagRule
        self.categoryRule = categoryRule
    }
}

/// One keyword node, compiled.
struct CompiledNode: Sendable {
    let name: String
    /// `酒店/房间/隔音`, as written.
    let path: String
    /// The path folded like the index's `kw:` values.
    let foldedPath: String
    /// Index of the parent node, -1 for a root.
    let parent: Int32
    /// 1 for a root.
    let depth: Int
    /// This node and its descendants (they follow it in pre-order).
    var subtreeSize: Int
    /// Weight in 相关度.
    let weight: Double
    /// Patterns of its terms, synonyms and variants.
    let termPatterns: [Int32]
    /// Terms OR rule.
    var positive: RuleExpression
    /// Any exclusion.
    var exclusion: RuleExpression?
}

/// A category or tag, compiled.
struct CompiledLabel: Sendable {
    let name: String
    let foldedName: String
    var expression: RuleExpression
    let sceneWeight: Double?
}
