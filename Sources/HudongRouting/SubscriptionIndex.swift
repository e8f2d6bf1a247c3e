import HudongIndex

/// The exit index: stored subscriptions filed under the keys they require, Lucene Monitor style.
///
/// Each subscription's query is compiled once with `ItemMatcher` semantics, then filed under
/// the rarest set of keys a matching post must have (see `ProgramCompiler`): a unit or a pair of
/// adjacent units of its text, a field value such as `category=口碑` or `kw=品牌/小米`. A post
/// is checked only against the subscriptions filed under its own keys (every unit, every pair of
/// adjacent units, every field value, every prefix of its keyword paths) plus the few that
/// require nothing (`NOT`-only, `*`, time ranges alone). A candidate must also have its two
/// rarest other required keys (guards, one look-up each) before its flat program over integer
/// ids runs; the program equals `ItemMatcher.matches`. Subscriptions that are only "one of these
/// keys" (a category, tag, keyword node, one- or two-character word) or "all of these ≤ 3 keys"
/// (`手机 channel:weibo`) need no program at all; those decided by one key are copied out of
/// their posting list wholesale.
///
/// The index is immutable and `Sendable`; matching state lives in a `SubscriptionMatcher`, one per
/// thread. Build cost: one analysis per distinct term (about 8 s for 1M subscriptions). Memory:
/// about 35–45 bytes per subscription (see `Summary.memoryBytes`).
public struct SubscriptionIndex: Sendable {
    /// The semantics matched: its analyzer folds and segments query text and post fields.
    public let matcher: ItemMatcher
    /// How many subscriptions, numbered 0 ..< count in the order given.
    public let count: Int
    /// The interned keys, programs and postings, behind one reference (a matcher copies one pointer).
    let tables: IndexTables
    /// Fields some key refers to: only these are read from a post.
    let fields: [QueryField]
    /// Counts describing the build.
    public let summary: Summary

    /// What the build made of the subscriptions.
    public struct Summary: Sendable, Hashable {
        /// Filed under keys.
        public var keyed = 0
        /// Keyed and decided by their keys alone (no program run).
        public var exact = 0
        /// With nothing to look up: checked for every post.
        public var alwaysChecked = 0
        /// Can never match (their query has no searchable text left after analysis).
        public var never = 0
        /// Distinct keys (units, pairs, field values).
        public var keys = 0
        /// Posting entries (a subscription keyed by an OR counts once per key).
        public var postings = 0
        /// Approximate heap bytes of the index.
        public var memoryBytes = 0
    }

    /// Builds the index over `queries` (subscription `i` is `queries[i]`), choosing keys by `statistics`.
    public init(queries: [QueryNode], matcher: ItemMatcher, statistics: KeyStatistics = KeyStatistics()) {
        var compiler = QueryCompilerCache(matcher: matcher)
        self.init(compiled: queries.map { compiler.compile($0) }, matcher: matcher, statistics: statistics)
    }

    /// Builds the index over queries already compiled by `matcher`.
    public init(compiled: [CompiledQuery], matcher: ItemMatcher, statistics: KeyStatistics = KeyStatistics()) {
        self.matcher = matcher
        count = compiled.count
        var programs = ProgramCompiler(statistics: statistics)
        var plans: [FilingPlan] = []
        plans.reserveCapacity(compiled.count)
        for query in compiled { plans.append(programs.add(query)) }
        let keyCount = programs.keys.count
        var summary = Summary()
        var filedKeys = [UInt8](repeating: 0, count: keyCount)
        // Direct subscriptions (one key decides) as one flat array per key (CSR).
        var directStart = [Int32](repeating: 0, count: keyCount + 1)
        var recordStart = [Int32](repeating: 0, count: keyCount + 1)
        var always: [Int32] = []
        for (i, plan) in plans.enumerated() {
            switch plan.requirement {
            case .never: summary.never += 1
            case .always: always.append(Int32(i))
            case let .any(keys):
                summary.keyed += 1
                if plan.exact { summary.exact += 1 }
                if plan.isDirect { directStart[Int(keys[0]) + 1] += 1 } else { for k in keys { recordStart[Int(k) + 1] += 1 } }
                for k in keys { filedKeys[Int(k)] = 1 }
            }
        }
        for k in 0..<keyCount {
            directStart[k + 1] += directStart[k]
            recordStart[k + 1] += recordStart[k]
        }
        var direct = [Int32](repeating: 0, count: Int(directStart[keyCount]))
        var records = [Int32](repeating: 0, count: Record.width * Int(recordStart[keyCount]))
        // Subscriptions filed under several keys get dense slots for deduplication, in filing order.
        var slot = [Int32](repeating: -1, count: compiled.count)
        var slots: Int32 = 0
        var fillDirect = directStart, fillRecord = recordStart
        for (i, plan) in plans.enumerated() {
            guard case let .any(keys) = plan.requirement else { continue }
            if plan.isDirect {
                direct[Int(fillDirect[Int(keys[0])])] = Int32(i)
                fillDirect[Int(keys[0])] += 1
                continue
            }
            if keys.count > 1 {
                slot[i] = slots
                slots += 1
            }
            for k in keys {
                let r = Record.width * Int(fillRecord[Int(k)])
                fillRecord[Int(k)] += 1
                records[r] = Int32(i)
                records[r + 1] = plan.guards.count > 0 ? plan.guards[0] : -1
                records[r + 2] = plan.guards.count > 1 ? plan.guards[1] : -1
                records[r + 3] = plan.exact ? Record.exact : 0
                records[r + 4] = slot[i]
            }
        }
        // Programs laid out in the order they are checked (key by key), so a post's checks read
        // code mostly forward; exact subscriptions need none.
        var code: [Int32] = []
        var placed = [Int32](repeating: -1, count: compiled.count)
        func place(_ sub: Int) -> Int32 {
            if placed[sub] >= 0 { return placed[sub] }
            let from = Int(plans[sub].start), length = Int(programs.code[from + 1])
            placed[sub] = Int32(code.count)
            code += programs.code[from..<(from + length)]
            return placed[sub]
        }
        for r in stride(from: 0, to: records.count, by: Record.width) where records[r + 3] & Record.exact == 0 {
            records[r + 3] |= place(Int(records[r])) << Record.shift
        }
        let alwaysStart = always.map { place(Int($0)) }
        var used = Set<QueryField>()
        for kind in programs.keys.kinds { if case let .field(field, _) = kind { used.insert(field) } }
        tables = IndexTables(keys: programs.keys, code: code, filedKeys: filedKeys, directStart: directStart, direct: direct,
                             recordStart: recordStart, records: records, sharedSlots: Int(slots),
                             alwaysCheck: always, alwaysStart: alwaysStart)
        fields = FieldOrdinal.all.filter { used.contains($0) }
        summary.alwaysChecked = always.count
        summary.keys = keyCount
        summary.postings = direct.count + records.count / Record.width
        summary.memoryBytes = programs.keys.memoryBytes + code.count * 4 + filedKeys.count + directStart.count * 8
            + direct.count * 4 + records.count * 4 + always.count * 8
        self.summary = summary
    }

    var keys: KeyDictionary { tables.keys }
}

/// A posting record: `[subscription, guard, guard, programStart << shift | exact, slot]`.
///
/// Guards are keys (-1: none) a match must have; `exact`: the filing key and guards decide, no
/// program; `slot` ≥ 0 marks a subscription filed under several keys (an OR), which may come
/// up twice for one post and is deduplicated by its dense slot number.
enum Record {
    static let width = 5
    static let exact: Int32 = 1
    /// The program's start in the code arena, shifted left by this.
    static let shift: Int32 = 2
}

/// The immutable tables of a `SubscriptionIndex`.
final class IndexTables: Sendable {
    let keys: KeyDictionary
    /// The programs of subscriptions that need checking (see `ProgramOp`).
    let code: [Int32]
    /// Per key id, 1 when some subscription is filed under it.
    let filedKeys: [UInt8]
    /// Per key id, `direct[directStart[k] ..< directStart[k + 1]]`: subscriptions this key alone
    /// decides, filed nowhere else: every one is a match (copied out wholesale).
    let directStart: [Int32]
    let direct: [Int32]
    /// Per key id, records `recordStart[k] ..< recordStart[k + 1]` (see `Record`).
    let recordStart: [Int32]
    let records: [Int32]
    /// Subscriptions filed under several keys.
    let sharedSlots: Int
    /// Subscriptions with no key to look up, checked against every post, and their programs.
    let alwaysCheck: [Int32]
    let alwaysStart: [Int32]

    init(keys: KeyDictionary, code: [Int32], filedKeys: [UInt8], directStart: [Int32], direct: [Int32],
         recordStart: [Int32], records: [Int32], sharedSlots: Int, alwaysCheck: [Int32], alwaysStart: [Int32]) {
        self.keys = keys
        self.code = code
        self.filedKeys = filedKeys
        self.directStart = directStart
        self.direct = direct
        self.recordStart = recordStart
        self.records = records
        self.sharedSlots = sharedSlots
        self.alwaysCheck = alwaysCheck
        self.alwaysStart = alwaysStart
    }
}

/// `ItemMatcher.compile` with each distinct term, phrase, NEAR and field value compiled once.
///
/// It mirrors `ItemMatcher.compile` node for node and hands every leaf to it, so the result is
/// the same tree; only repeated leaves (the same word in thousands of subscriptions) are shared.
struct QueryCompilerCache {
    let matcher: ItemMatcher
    private var leaves: [QueryNode: CompiledQuery] = [:]

    init(matcher: ItemMatcher) { self.matcher = matcher }

    mutating func compile(_ node: QueryNode) -> CompiledQuery {
        switch node {
        case let .and(children): return .and(children.map { compile($0) })
        case let .or(children): return .or(children.map { compile($0) })
        case let .not(inner): return .not(compile(inner))
        case .timeRange, .matchAll: return matcher.compile(node)
        case .term, .phrase, .near, .field:
            var key = node
            if case let .phrase(text) = node { key = .term(text) } // compiled alike
            if let done = leaves[key] { return done }
            let compiled = matcher.compile(node)
            leaves[key] = compiled
            return compiled
        }
    }
}
