import HudongIndex

/// All rules of a compiled taxonomy as one flat program of plain-value instructions.
///
/// `RuleExpression` trees are lowered here so that evaluating a rule touches no reference
/// counts: operands are indices into the program's lists, patterns, nodes and tags.
struct RuleProgram: Sendable {
    enum Kind: UInt8, Sendable {
        case pattern, and, or, not, near, keyword, tag, field, timeRange, all, nothing
    }

    /// One instruction; the meaning of `a`, `b`, `c` depends on `kind`:
    /// pattern (a: pattern), and/or (a: first child in `lists`, b: count), not (a: child op),
    /// near (a, b: patterns, c: distance << 1 | ordered), keyword (a: node or -1, b: value),
    /// tag (a: first tag in `lists`, b: count, c: value), field (a: field, b: value),
    /// timeRange (a: bounds index).
    struct Op: Sendable {
        var kind: Kind
        var a: Int32 = 0
        var b: Int32 = 0
        var c: Int32 = 0
    }

    private(set) var ops: [Op] = []
    private(set) var lists: [Int32] = []
    /// Folded field values (`kw:`, `tag:` and other fields).
    private(set) var values: [String] = []
    private(set) var fields: [QueryField] = []
    /// Time bounds; `Int64.min` / `Int64.max` for an open end.
    private(set) var bounds: [(lower: Int64, upper: Int64, hasLower: Bool, hasUpper: Bool)] = []

    /// Appends `e` and returns the index of its root instruction.
    mutating func emit(_ e: RuleExpression) -> Int32 {
        switch e {
        case let .pattern(p): return push(Op(kind: .pattern, a: p))
        case let .and(children), let .or(children):
            let roots = children.map { emit($0) }
            let start = Int32(lists.count)
            lists += roots
            let kind: Kind = if case .and = e { .and } else { .or }
            return push(Op(kind: kind, a: start, b: Int32(roots.count)))
        case let .not(inner):
            let child = emit(inner)
            return push(Op(kind: .not, a: child))
        case let .near(a, b, distance, ordered):
            return push(Op(kind: .near, a: a, b: b, c: distance << 1 | (ordered ? 1 : 0)))
        case let .keyword(value, node):
            return push(Op(kind: .keyword, a: node, b: intern(value)))
        case let .tag(value, labels):
            let start = Int32(lists.count)
            lists += labels
            return push(Op(kind: .tag, a: start, b: Int32(labels.count), c: intern(value)))
        case let .field(field, value):
            fields.append(field)
            return push(Op(kind: .field, a: Int32(fields.count - 1), b: intern(value)))
        case let .timeRange(lower, upper):
            bounds.append((lower ?? Int64.min, upper ?? Int64.max, lower != nil, upper != nil))
            return push(Op(kind: .timeRange, a: Int32(bounds.count - 1)))
        case .all: return push(Op(kind: .all))
        case .nothing: return push(Op(kind: .nothing))
        }
    }

    private mutating func push(_ op: Op) -> Int32 {
        ops.append(op)
        return Int32(ops.count - 1)
    }

    private mutating func intern(_ text: String) -> Int32 {
        values.append(text)
        return Int32(values.count - 1)
    }
}
