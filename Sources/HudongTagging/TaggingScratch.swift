import HudongIndex

/// Per-thread working memory of the tagger: stamps and hit lists reused from item to item.
///
/// Make one per thread and pass it to every `Tagger.tag` call of that thread; it sizes itself
/// to the taxonomy on first use (and again if the taxonomy changes).
public struct TaggingScratch: Sendable {
    /// Incremented per item: a stamp equal to it means "set for this item".
    var generation: UInt32 = 0
    var patternStamp: [UInt32] = []
    var nodeStamp: [UInt32] = []
    var tagStamp: [UInt32] = []
    var categoryStamp: [UInt32] = []
    var nodeCandidates: [Int32] = []
    var tagCandidates: [Int32] = []
    var categoryCandidates: [Int32] = []
    /// Every verified pattern occurrence: pattern and first unit.
    var hitPattern: [Int32] = []
    var hitStart: [Int32] = []
    var covered: [Bool] = []
    var matchedStamp: [UInt32] = []
    /// Nodes on the current item's paths (stage 2 on).
    var pathStamp: [UInt32] = []
    /// Tags the current item got from rules (stage 3).
    var labelStamp: [UInt32] = []
    /// The current item's units.
    var units = UnitStream()
    /// Folded field values (see `RuleContext.fold`).
    var foldCache: [String: String] = [:]
    /// A reusable list (lent out with `takeBuffer`).
    private var buffer: [Int] = []

    /// Lends the reusable list, emptied.
    mutating func takeBuffer() -> [Int] {
        var b: [Int] = []
        swap(&b, &buffer)
        b.removeAll(keepingCapacity: true)
        return b
    }

    /// Takes the list back.
    mutating func returnBuffer(_ b: [Int]) { buffer = b }

    /// Empty scratch; it sizes itself on first use.
    public init() {}

    mutating func reset(for c: CompiledTaxonomy) {
        if patternStamp.count != c.patterns.count || nodeStamp.count != c.nodes.count
            || tagStamp.count != c.tags.count || categoryStamp.count != c.categories.count || generation == UInt32.max {
            generation = 0
            patternStamp = [UInt32](repeating: 0, count: c.patterns.count)
            nodeStamp = [UInt32](repeating: 0, count: c.nodes.count)
            matchedStamp = [UInt32](repeating: 0, count: c.nodes.count)
            pathStamp = [UInt32](repeating: 0, count: c.nodes.count)
            labelStamp = [UInt32](repeating: 0, count: c.tags.count)
            tagStamp = [UInt32](repeating: 0, count: c.tags.count)
            categoryStamp = [UInt32](repeating: 0, count: c.categories.count)
        }
        generation += 1
        nodeCandidates.removeAll(keepingCapacity: true)
        tagCandidates.removeAll(keepingCapacity: true)
        categoryCandidates.removeAll(keepingCapacity: true)
        hitPattern.removeAll(keepingCapacity: true)
        hitStart.removeAll(keepingCapacity: true)
    }

    /// Whether `pattern` occurred in the current item.
    @inline(__always)
    func occurred(_ pattern: Int32) -> Bool { patternStamp[Int(pattern)] == generation }

    /// Units covered by the term occurrences of the matched nodes.
    mutating func coveredUnits(matchedNodes: [Int], _ t: HotView, unitCount: Int) -> Int {
        guard !matchedNodes.isEmpty, unitCount > 0 else { return 0 }
        for n in matchedNodes { matchedStamp[n] = generation }
        if covered.count < unitCount { covered = [Bool](repeating: false, count: unitCount) }
        var count = 0
        for h in hitPattern.indices {
            let p = Int(hitPattern[h])
            var owned = false
            for k in Int(t.ownerStart[p])..<Int(t.ownerStart[p + 1]) where matchedStamp[Int(t.ownerList[k])] == generation {
                owned = true
                break
            }
            guard owned else { continue }
            let start = Int(hitStart[h])
            for u in start..<(start + Int(t.patternLength[p])) where !covered[u] {
                covered[u] = true
                count += 1
            }
        }
        for u in 0..<unitCount { covered[u] = false }
        return count
    }
}

/// The hot tables and the rule program as buffers, for the per-item loop.
struct HotView {
    let patternLength: UnsafeBufferPointer<Int32>
    let patternConsecutive: UnsafeBufferPointer<Bool>
    let wakeStart: UnsafeBufferPointer<Int32>
    let wakeList: UnsafeBufferPointer<Int32>
    let ownerStart: UnsafeBufferPointer<Int32>
    let ownerList: UnsafeBufferPointer<Int32>
    let nodeParent: UnsafeBufferPointer<Int32>
    let nodeWeight: UnsafeBufferPointer<Double>
    let nodeSubtree: UnsafeBufferPointer<Int32>
    let nodePositive: UnsafeBufferPointer<Int32>
    let nodeExclusion: UnsafeBufferPointer<Int32>
    let tagRule: UnsafeBufferPointer<Int32>
    let categoryRule: UnsafeBufferPointer<Int32>
    let ops: UnsafeBufferPointer<RuleProgram.Op>
    let lists: UnsafeBufferPointer<Int32>

    /// Whether the rule rooted at `op` matches the item whose hits and stamps `scratch` holds.
    func evaluate(_ op: Int32, _ scratch: TaggingScratch, _ context: inout RuleContext) -> Bool {
        let o = ops[Int(op)]
        switch o.kind {
        case .pattern: return scratch.occurred(o.a)
        case .and:
            for k in Int(o.a)..<Int(o.a + o.b) where !evaluate(lists[k], scratch, &context) { return false }
            return true
        case .or:
            for k in Int(o.a)..<Int(o.a + o.b) where evaluate(lists[k], scratch, &context) { return true }
            return false
        case .not: return !evaluate(o.a, scratch, &context)
        case .near:
            guard scratch.occurred(o.a), scratch.occurred(o.b) else { return false }
            return context.near(o.a, o.b, distance: o.c >> 1, ordered: o.c & 1 == 1, scratch)
        case .keyword:
            if o.a >= 0, scratch.pathStamp[Int(o.a)] == scratch.generation { return true }
            return context.givenKeyword(value: o.b)
        case .tag:
            for k in Int(o.a)..<Int(o.a + o.b) where scratch.labelStamp[Int(lists[k])] == scratch.generation { return true }
            return context.givenTag(value: o.c)
        case .field: return context.field(o.a, value: o.b)
        case .timeRange: return context.time(o.a)
        case .all: return true
        case .nothing: return false
        }
    }
}

extension CompiledTaxonomy {
    /// Runs `body` with the hot tables and the program as buffers.
    func withHotView<R>(_ body: (HotView) -> R) -> R {
        let h = hot
        return h.patternLength.withUnsafeBufferPointer { patternLength in
        h.patternConsecutive.withUnsafeBufferPointer { patternConsecutive in
        h.wakeStart.withUnsafeBufferPointer { wakeStart in
        h.wakeList.withUnsafeBufferPointer { wakeList in
        h.ownerStart.withUnsafeBufferPointer { ownerStart in
        h.ownerList.withUnsafeBufferPointer { ownerList in
        h.nodeParent.withUnsafeBufferPointer { nodeParent in
        h.nodeWeight.withUnsafeBufferPointer { nodeWeight in
        h.nodeSubtree.withUnsafeBufferPointer { nodeSubtree in
        h.nodePositive.withUnsafeBufferPointer { nodePositive in
        h.nodeExclusion.withUnsafeBufferPointer { nodeExclusion in
        h.tagRule.withUnsafeBufferPointer { tagRule in
        h.categoryRule.withUnsafeBufferPointer { categoryRule in
        program.ops.withUnsafeBufferPointer { ops in
        program.lists.withUnsafeBufferPointer { lists in
            body(HotView(patternLength: patternLength, patternConsecutive: patternConsecutive, wakeStart: wakeStart,
                         wakeList: wakeList, ownerStart: ownerStart, ownerList: ownerList, nodeParent: nodeParent,
                         nodeWeight: nodeWeight, nodeSubtree: nodeSubtree, nodePositive: nodePositive,
                         nodeExclusion: nodeExclusion, tagRule: tagRule, categoryRule: categoryRule, ops: ops, lists: lists))
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
    }
}
