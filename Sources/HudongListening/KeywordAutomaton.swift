/// A double-array Aho–Corasick automaton over folded UTF-16 units.
///
/// Units are first mapped to dense character classes (class 0: the unit occurs in no pattern,
/// which sends the walk back to the root at once); classes are numbered by frequency in the
/// patterns so the common characters get small numbers and pack well. State `s` goes on class `c`
/// to `t = base(s) + c` when `check[t] == s`, else follows its failure link. Each 8-byte slot
/// holds `check` and the base of the state in it, with two flags in the base's top bits (the state
/// has output; its failure link is not the root), so a step usually touches one slot. Output lists
/// hold a state's own patterns, then those of its longest proper suffix that has any (lists
/// share their tails).
///
/// Memory: 8 bytes per double-array slot (about 1.1 slots per trie node) plus 8 bytes per state
/// for failure links and output heads, 128 KB for the class table, 8 bytes per pattern.
/// Scanning allocates nothing beyond appending raw matches.
struct KeywordAutomaton: Sendable {
    /// One double-array slot.
    struct Slot: Sendable {
        /// Base of the state in this slot (low 30 bits) and its flags (`hasOutput`, `failsDeeper`).
        var base: UInt32
        /// The parent state of the state in this slot; -1 when the slot is free.
        var check: Int32
    }

    static let baseMask: UInt32 = 0x3FFF_FFFF
    static let hasOutput: UInt32 = 0x8000_0000
    static let failsDeeper: UInt32 = 0x4000_0000

    /// One entry of an output list.
    struct Output: Sendable {
        var pattern: Int32
        var next: Int32
    }

    /// A pattern found: it ends just before unit `end`.
    struct RawMatch: Sendable {
        var pattern: Int32
        var end: Int32
    }

    var slots: [Slot]
    /// Failure link of the state in each slot.
    var fail: [Int32]
    /// Head of the output list of the state in each slot, or -1.
    var outputHead: [Int32]
    var classOf: [UInt16]
    var outputs: [Output]
    /// Length of each pattern in units.
    var lengths: [Int32]
    /// Number of trie nodes (states in use).
    var nodeCount: Int
    /// Number of character classes, class 0 included.
    var classCount: Int
    /// The longest output list (patterns ending at one position of one state).
    var longestOutput: Int

    /// Bytes held by the automaton's tables.
    var memoryBytes: Int {
        slots.count * MemoryLayout<Slot>.stride + (fail.count + outputHead.count) * 4 + classOf.count * 2
            + outputs.count * MemoryLayout<Output>.stride + lengths.count * 4
    }

    /// Writes every occurrence (overlapping ones included) of every pattern in a text, given as
    /// the character classes of its folded units, into `raw` from index 0; returns how many.
    ///
    /// `raw` is storage that only grows: the loop writes through a pointer and makes no call, so
    /// its state stays in registers; when fewer than `longestOutput` entries are left it stops,
    /// grows the storage and resumes where it was.
    func run(_ classes: UnsafeBufferPointer<UInt16>, into raw: inout [RawMatch]) -> Int {
        var walker = Walker()
        var position = 0
        var count = 0
        let reserve = longestOutput + 1
        while true {
            if raw.count < count + reserve + 64 {
                raw += repeatElement(RawMatch(pattern: 0, end: 0), count: max(raw.count, count + reserve + 64))
            }
            let finished = slots.withUnsafeBufferPointer { slots in
                fail.withUnsafeBufferPointer { fail in
                    outputHead.withUnsafeBufferPointer { heads in
                        outputs.withUnsafeBufferPointer { outputs in
                            raw.withUnsafeMutableBufferPointer { out in
                                let limit = out.count - reserve
                                while position < classes.count {
                                    let hasOutput = walker.step(Int(classes[position]), slots, fail)
                                    position &+= 1
                                    guard hasOutput else { continue }
                                    let end = Int32(truncatingIfNeeded: position)
                                    var next = heads[Int(walker.state)]
                                    while next >= 0 {
                                        let entry = outputs[Int(next)]
                                        out[count] = RawMatch(pattern: entry.pattern, end: end)
                                        count &+= 1
                                        next = entry.next
                                    }
                                    if count >= limit { return false }
                                }
                                return true
                            }
                        }
                    }
                }
            }
            if finished { return count }
        }
    }

    /// One walk through the automaton: the current state and its slot's base (with flags).
    struct Walker {
        var state: Int32 = 0
        var base: UInt32 = 0

        /// Moves on class `c`; returns whether the new state has output.
        ///
        /// The common cases — a trie edge, or a miss from the root or from a state whose failure
        /// link is the root — load both candidate slots and select without a branch; only a miss
        /// from a deeper state walks the failure links. Class 0 never matches a slot (no state has
        /// a child there), so it falls back to the root the same way.
        @inline(__always)
        mutating func step(_ c: Int, _ slots: UnsafeBufferPointer<Slot>, _ fail: UnsafeBufferPointer<Int32>) -> Bool {
            let target = Int(base & KeywordAutomaton.baseMask) &+ c
            let edge = slots[target]
            let rootEdge = slots[c]
            let hit = edge.check == state
            // Tested first: almost every state fails to the root, so this branch is predictable.
            if base & KeywordAutomaton.failsDeeper != 0 && !hit {
                walkFailureLinks(c, slots, fail)
            } else {
                let rootHit = rootEdge.check == 0
                state = hit ? Int32(truncatingIfNeeded: target) : (rootHit ? Int32(truncatingIfNeeded: c) : 0)
                base = hit ? edge.base : (rootHit ? rootEdge.base : 0)
            }
            return base & KeywordAutomaton.hasOutput != 0
        }

        /// The general case: follow failure links until a state has an edge on `c`, or the root.
        mutating func walkFailureLinks(_ c: Int, _ slots: UnsafeBufferPointer<Slot>, _ fail: UnsafeBufferPointer<Int32>) {
            state = fail[Int(state)]
            base = slots[Int(state)].base
            while true {
                let target = Int(base & KeywordAutomaton.baseMask) &+ c
                let slot = slots[target]
                if slot.check == state {
                    state = Int32(truncatingIfNeeded: target)
                    base = slot.base
                    return
                }
                if state == 0 { return }
                state = fail[Int(state)]
                base = slots[Int(state)].base
            }
        }
    }

    /// The state reached from `state` on class `c` by a trie edge, if there is one.
    func child(of state: Int32, _ c: Int32) -> Int32? {
        let target = Int(slots[Int(state)].base & KeywordAutomaton.baseMask) + Int(c)
        guard target < slots.count, slots[target].check == state else { return nil }
        return Int32(target)
    }
}
