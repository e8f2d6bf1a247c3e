import HudongIndex
import HudongText

/// A rule compiled for the fast tagger: text leaves are automaton patterns.
///
/// The same tree as `CompiledQuery`, except that a term or phrase is the id of a pattern the
/// automaton finds; whether it matched is then a lookup, not a scan.
indirect enum RuleExpression: Sendable {
    case pattern(Int32)
    case and([RuleExpression])
    case or([RuleExpression])
    case not(RuleExpression)
    case near(Int32, Int32, distance: Int32, ordered: Bool)
    case field(QueryField, String)
    /// `kw:value` where `value` is the folded path of taxonomy node `node` (-1: of no node).
    case keyword(String, node: Int32)
    /// `tag:value` where `value` is the folded name of the tag rules `labels` (empty: of none).
    case tag(String, labels: [Int32])
    case timeRange(lower: Int64?, upper: Int64?)
    case all
    case nothing

    /// Patterns of which at least one must occur for the expression to match, or nil when it
    /// can match without any (a NOT, a field, a time range). An empty list: it never matches.
    var anchors: [Int32]? {
        switch self {
        case let .pattern(p): return [p]
        case .nothing: return []
        case let .near(a, _, _, _): return [a]
        case .not, .field, .keyword, .tag, .timeRange, .all: return nil
        case let .or(children):
            var union: [Int32] = []
            for child in children {
                guard let a = child.anchors else { return nil }
                union += a
            }
            return union
        case let .and(children):
            var best: [Int32]?
            for child in children {
                if let a = child.anchors, best.map({ a.count < $0.count }) ?? true { best = a }
            }
            return best
        }
    }

    /// The expression with `kw:` and `tag:` leaves pointing at the nodes and tags they name, so
    /// the tagger tests them by index instead of building sets of strings.
    func resolved(nodes: [String: Int32], tags: [String: [Int32]]) -> RuleExpression {
        switch self {
        case let .field(.keyword, value): return .keyword(value, node: nodes[value] ?? -1)
        case let .field(.tag, value): return .tag(value, labels: tags[value] ?? [])
        case let .and(children): return .and(children.map { $0.resolved(nodes: nodes, tags: tags) })
        case let .or(children): return .or(children.map { $0.resolved(nodes: nodes, tags: tags) })
        case let .not(inner): return .not(inner.resolved(nodes: nodes, tags: tags))
        default: return self
        }
    }

    /// The fields the expression reads.
    var fields: Set<QueryField> {
        switch self {
        case let .field(field, _): return [field]
        case .keyword: return [.keyword]
        case .tag: return [.tag]
        case let .and(children), let .or(children): return children.reduce(into: []) { $0.formUnion($1.fields) }
        case let .not(inner): return inner.fields
        default: return []
        }
    }
}

/// Turns queries into `RuleExpression`s, numbering each distinct text leaf as a pattern.
///
/// Text is analyzed exactly as `ItemMatcher.compile` does it, so a pattern hit (with its
/// relative positions checked) is a match by the index's own definition.
struct PatternCompiler {
    let analyzer: Analyzer
    let matcher: ItemMatcher
    /// Keys and relative positions of each pattern.
    private(set) var patterns: [PatternShape] = []
    private var ids: [PatternShape: Int32] = [:]

    init(analyzer: Analyzer) {
        self.analyzer = analyzer
        self.matcher = ItemMatcher(analyzer: analyzer)
    }

    /// The pattern id of a literal term (matched like a quoted phrase), or nil when it has no units.
    mutating func pattern(_ text: String) -> Int32? {
        let units = UnitSequence(analyzer.analyze(text))
        guard units.count > 0 else { return nil }
        let base = units.positions[0]
        let shape = PatternShape(keys: units.keys, offsets: units.positions.map { $0 - base })
        if let id = ids[shape] { return id }
        let id = Int32(patterns.count)
        patterns.append(shape)
        ids[shape] = id
        return id
    }

    mutating func compile(_ node: QueryNode) -> RuleExpression {
        switch node {
        case let .term(text), let .phrase(text):
            return pattern(text).map(RuleExpression.pattern) ?? .nothing
        case let .and(children): return .and(children.map { compile($0) })
        case let .or(children): return .or(children.map { compile($0) })
        case let .not(inner): return .not(compile(inner))
        case let .near(left, right, distance, ordered):
            guard let l = Self.text(of: left), let r = Self.text(of: right) else {
                return .and([compile(left), compile(right)])
            }
            guard let a = pattern(l), let b = pattern(r) else { return .nothing }
            return .near(a, b, distance: Int32(distance), ordered: ordered)
        case let .field(field, value): return .field(field, matcher.foldFieldValue(field, value))
        case let .timeRange(lower, upper): return .timeRange(lower: lower, upper: upper)
        case .matchAll: return .all
        }
    }

    static func text(of node: QueryNode) -> String? {
        switch node {
        case let .term(t), let .phrase(t): return t
        default: return nil
        }
    }
}

/// A pattern's units: keys, and each unit's position relative to the first.
struct PatternShape: Sendable, Hashable {
    var keys: [UnitKey]
    var offsets: [Int32]

    /// Whether the units sit at consecutive positions (then checking the ends is enough).
    var isConsecutive: Bool { offsets.last.map { Int($0) == offsets.count - 1 } ?? true }
    /// Positions from the first unit to one past the last (what NEAR measures distance by).
    var span: Int32 { (offsets.last ?? 0) + 1 }
}

/// The NEAR test on two lists of match start positions (the index's `NearCheck`, restated).
enum NearTest {
    /// Whether some match of A and some match of B have at most `distance` positions between them.
    static func within(_ a: [Int32], _ spanA: Int32, _ b: [Int32], _ spanB: Int32, distance: Int32, ordered: Bool) -> Bool {
        for sa in a {
            for sb in b {
                let endA = sa + spanA, endB = sb + spanB
                if sb >= endA {
                    if sb - endA <= distance { return true }
                } else if sa >= endB {
                    if !ordered, sa - endB <= distance { return true }
                } else if !ordered || sa <= sb {
                    return true
                }
            }
        }
        return false
    }
}
