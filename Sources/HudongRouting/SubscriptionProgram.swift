import HudongIndex

/// The operations of a compiled subscription, laid out flat in one `Int32` arena.
///
/// Every node is `[op, length, payload…]`, `length` counting the whole node, so a node can be
/// skipped without reading it:
/// - `key k`: the post has key `k` (a unit, a pair of adjacent units, or a field value);
/// - `text m (unit, offset)×m`: the units occur consecutively at these relative positions;
/// - `near distance ordered spanA spanB mA (unit, offset)×mA mB (unit, offset)×mB`;
/// - `time hasLower lowerHigh lowerLow hasUpper upperHigh upperLow`;
/// - `and`, `or` (children follow), `not` (one child), `all`, `nothing`.
enum ProgramOp: Int32 {
    case key = 1, text, near, time, and, or, not, all, nothing
}

/// A key with its estimated chance of being in a post.
struct WeightedKey: Equatable {
    var key: Int32
    var cost: Double
}

/// How a subscription is filed and checked.
struct FilingPlan: Equatable {
    /// What a matching post must have.
    enum Requirement: Equatable {
        /// Cannot match anything.
        case never
        /// Nothing to look up: check it against every post.
        case always
        /// The post has one of these keys (the subscription is filed under each).
        case any([Int32])
    }

    var start: Int32
    var requirement: Requirement
    /// Up to two more keys every match has: a candidate without them is dropped before its program runs.
    var guards: [Int32]
    /// Filing key(s) plus guards decide it: no program run.
    var exact: Bool

    /// One key decides it alone.
    var isDirect: Bool {
        if case let .any(keys) = requirement { return exact && keys.count == 1 && guards.isEmpty }
        return false
    }
}

/// Turns `CompiledQuery` trees into program code and works out what each one requires of a post.
///
/// The requirement is the presearcher's key set: a post that matches must have at least one of
/// these keys. A text leaf needs all of its units and unit pairs, so its rarest one suffices; an
/// AND needs what any one of its children needs, so its rarest child's key set suffices; an OR
/// needs one of each branch's key sets, so every branch must be keyed; NOT, `*` and time ranges
/// need nothing that can be looked up (`always`), and `nothing` can never match (`never`).
/// Besides the filing keys, every key a match must have (all units and pairs of a text, and
/// those of every AND child) is a candidate guard: the two rarest become cheap checks before a
/// program runs, and a plain AND of at most three keys needs no program at all.
struct ProgramCompiler {
    var keys = KeyDictionary()
    let statistics: KeyStatistics
    /// Arena of all programs.
    var code: [Int32] = []

    /// A compiled node.
    struct Node {
        var code: [Int32]
        /// The cheapest key set a match must hit, or nil: `never` when `probability` is 0, else `always`.
        var filing: (keys: [Int32], cost: Double)?
        var never = false
        /// The chance it holds (for ordering AND/OR children).
        var probability: Double
        /// Keys each match must have.
        var necessary: [WeightedKey] = []
        /// When the node is exactly "one of these keys" (a key, or an OR of such).
        var anyOf: [Int32]?
        /// When the node is exactly "all of these keys" (a key, or an AND of such).
        var allOf: [WeightedKey]?
    }

    init(statistics: KeyStatistics) {
        self.statistics = statistics
    }

    /// Compiles `query` into the arena and decides how it is filed and checked.
    mutating func add(_ query: CompiledQuery) -> FilingPlan {
        let node = compile(query)
        let start = Int32(code.count)
        code += node.code
        if node.never { return FilingPlan(start: start, requirement: .never, guards: [], exact: true) }
        if let anyOf = node.anyOf {
            return FilingPlan(start: start, requirement: anyOf.isEmpty ? .never : .any(anyOf), guards: [], exact: true)
        }
        if let allOf = node.allOf, (2...3).contains(allOf.count) {
            let sorted = allOf.sorted { $0.cost < $1.cost }
            return FilingPlan(start: start, requirement: .any([sorted[0].key]), guards: sorted.dropFirst().map(\.key), exact: true)
        }
        guard let filing = node.filing else { return FilingPlan(start: start, requirement: .always, guards: [], exact: false) }
        var guards: [Int32] = []
        for candidate in node.necessary.sorted(by: { $0.cost < $1.cost }) where guards.count < 2 {
            if !filing.keys.contains(candidate.key), !guards.contains(candidate.key) { guards.append(candidate.key) }
        }
        return FilingPlan(start: start, requirement: .any(filing.keys), guards: guards, exact: false)
    }

    mutating func compile(_ query: CompiledQuery) -> Node {
        switch query {
        case let .text(units, _) where units.count > 0:
            return text(units)
        case .text, .nothing:
            return Node(code: [ProgramOp.nothing.rawValue, 2], filing: nil, never: true, probability: 0, anyOf: [])
        case let .field(field, value):
            return key(keys.intern(field, value), statistics.probability(field: field, value))
        case let .near(a, b, _, _) where a.count == 0 || b.count == 0:
            return compile(.nothing)
        case let .near(a, b, distance, ordered):
            let left = unitPlan(a), right = unitPlan(b)
            let spanA = a.positions[a.count - 1] - a.positions[0] + 1
            let spanB = b.positions[b.count - 1] - b.positions[0] + 1
            var c: [Int32] = [ProgramOp.near.rawValue, 0, distance, ordered ? 1 : 0, spanA, spanB]
            c += left.payload
            c += right.payload
            c[1] = Int32(c.count)
            let necessary = left.necessary + right.necessary
            let best = necessary.min { $0.cost < $1.cost } ?? left.necessary[0]
            return Node(code: c, filing: ([best.key], best.cost), probability: best.cost, necessary: necessary)
        case let .timeRange(lower, upper):
            let lo = lower ?? 0, hi = upper ?? 0
            let c: [Int32] = [ProgramOp.time.rawValue, 8,
                              lower == nil ? 0 : 1, Int32(truncatingIfNeeded: lo >> 32), Int32(truncatingIfNeeded: lo),
                              upper == nil ? 0 : 1, Int32(truncatingIfNeeded: hi >> 32), Int32(truncatingIfNeeded: hi)]
            return Node(code: c, filing: nil, probability: 0.5)
        case .all:
            return Node(code: [ProgramOp.all.rawValue, 2], filing: nil, probability: 1)
        case let .not(inner):
            let child = compile(inner)
            return Node(code: [ProgramOp.not.rawValue, Int32(2 + child.code.count)] + child.code, filing: nil,
                        probability: 1 - child.probability)
        case let .and(children):
            return and(children.map { compile($0) })
        case let .or(children):
            return or(children.map { compile($0) })
        }
    }

    private func key(_ id: Int32, _ p: Double) -> Node {
        let weighted = WeightedKey(key: id, cost: p)
        return Node(code: [ProgramOp.key.rawValue, 3, id], filing: ([id], p), probability: p,
                    necessary: [weighted], anyOf: [id], allOf: [weighted])
    }

    /// AND: the most selective child first (it fails fastest); filed under the rarest filed child;
    /// needs what every child needs.
    private func and(_ children: [Node]) -> Node {
        if children.count == 1, let only = children.first { return only }
        let sorted = children.sorted { $0.probability < $1.probability }
        var c: [Int32] = [ProgramOp.and.rawValue, 0]
        var node = Node(code: [], filing: nil, probability: 1, allOf: [])
        for child in sorted {
            c += child.code
            node.probability = min(node.probability, child.probability)
            node.never = node.never || child.never
            node.necessary += child.necessary
            if let f = child.filing, f.cost < node.filing?.cost ?? .infinity { node.filing = f }
            if let all = child.allOf, node.allOf != nil { node.allOf? += all } else { node.allOf = nil }
        }
        c[1] = Int32(c.count)
        node.code = c
        if node.never { node.filing = nil; node.probability = 0 }
        return node
    }

    /// OR: the likeliest branch first; filed under the union of every branch's filing keys.
    private func or(_ children: [Node]) -> Node {
        if children.count == 1, let only = children.first { return only }
        let sorted = children.sorted { $0.probability > $1.probability }
        var c: [Int32] = [ProgramOp.or.rawValue, 0]
        var union: [Int32] = [], cost = 0.0, keyable = true
        var anyOf: [Int32]? = []
        for child in sorted {
            c += child.code
            if !child.never {
                if let f = child.filing { union += f.keys; cost += f.cost } else { keyable = false }
            }
            if let e = child.anyOf, anyOf != nil { anyOf? += e } else { anyOf = nil }
        }
        c[1] = Int32(c.count)
        let never = keyable && union.isEmpty
        let filing: ([Int32], Double)? = keyable && !union.isEmpty ? (Array(Set(union)).sorted(), cost) : nil
        return Node(code: c, filing: filing, never: never, probability: min(1, sorted.reduce(0) { $0 + $1.probability }),
                    anyOf: anyOf.map { Array(Set($0)).sorted() })
    }

    /// A term or phrase: one unit is a key, two adjacent units a pair key, longer ones a text op.
    private mutating func text(_ units: UnitSequence) -> Node {
        let plan = unitPlan(units)
        if units.count == 1 {
            return key(plan.ids[0], statistics.probability(unit: units.keys[0]))
        }
        if units.count == 2, units.positions[1] == units.positions[0] + 1 {
            return key(keys.internPair(plan.ids[0], plan.ids[1]), statistics.probability(pair: units.keys[0], units.keys[1]))
        }
        let best = plan.necessary.min { $0.cost < $1.cost } ?? plan.necessary[0]
        let c = [ProgramOp.text.rawValue, Int32(2 + plan.payload.count)] + plan.payload
        return Node(code: c, filing: ([best.key], best.cost), probability: best.cost, necessary: plan.necessary)
    }

    /// The ids of a unit sequence, its `m (unit, offset)×m` payload, and every unit and adjacent
    /// pair as a necessary key.
    private mutating func unitPlan(_ units: UnitSequence) -> (ids: [Int32], payload: [Int32], necessary: [WeightedKey]) {
        let ids = units.keys.map { keys.intern($0) }
        var payload: [Int32] = [Int32(units.count)]
        let base = units.positions[0]
        var necessary: [WeightedKey] = []
        for (i, id) in ids.enumerated() {
            payload += [id, units.positions[i] - base]
            necessary.append(WeightedKey(key: id, cost: statistics.probability(unit: units.keys[i])))
            if i + 1 < ids.count, units.positions[i + 1] == units.positions[i] + 1 {
                let pair = keys.internPair(id, ids[i + 1])
                necessary.append(WeightedKey(key: pair, cost: statistics.probability(pair: units.keys[i], units.keys[i + 1])))
            }
        }
        return (ids, payload, necessary)
    }
}
