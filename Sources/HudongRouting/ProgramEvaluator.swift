/// Runs a subscription's program (see `ProgramOp`) against one post's keys and units.
///
/// Equal to `ItemMatcher.matches` on the same compiled query: a key is present exactly when
/// `ItemMatcher` would find that unit, adjacent pair or field value; a text op walks the
/// occurrences of its first unit and checks the following units and their relative positions,
/// as `UnitMatching.starts` does; NEAR compares every pair of starts with the same rules as
/// `NearCheck.within`; time ranges are half-open `[lower, upper)`.
struct ProgramEvaluator {
    let code: UnsafeBufferPointer<Int32>
    let seen: UnsafeBufferPointer<UInt32>
    let generation: UInt32
    let first: UnsafeBufferPointer<Int32>
    let next: UnsafeBufferPointer<Int32>
    let units: UnsafeBufferPointer<Int32>
    let positions: UnsafeBufferPointer<Int32>
    let time: Int64?
    let startsA: UnsafeMutableBufferPointer<Int32>
    let startsB: UnsafeMutableBufferPointer<Int32>

    /// Whether the node at `pc` holds for the post.
    func evaluate(_ pc: Int) -> Bool {
        switch ProgramOp(rawValue: code[pc]) {
        case .key:
            return seen[Int(code[pc + 2])] == generation
        case .text:
            return firstStart(pc + 2) >= 0
        case .and:
            let end = pc + Int(code[pc + 1])
            var child = pc + 2
            while child < end {
                if !evaluate(child) { return false }
                child += Int(code[child + 1])
            }
            return true
        case .or:
            let end = pc + Int(code[pc + 1])
            var child = pc + 2
            while child < end {
                if evaluate(child) { return true }
                child += Int(code[child + 1])
            }
            return false
        case .not:
            return !evaluate(pc + 2)
        case .all:
            return true
        case .nothing, .none:
            return false
        case .time:
            guard let t = time else { return false }
            let lower = Int64(code[pc + 3]) << 32 | Int64(UInt32(bitPattern: code[pc + 4]))
            let upper = Int64(code[pc + 6]) << 32 | Int64(UInt32(bitPattern: code[pc + 7]))
            return (code[pc + 2] == 0 || t >= lower) && (code[pc + 5] == 0 || t < upper)
        case .near:
            return near(pc)
        }
    }

    /// The first unit index where the `m (unit, offset)×m` sequence at `p` occurs, or -1.
    private func firstStart(_ p: Int) -> Int32 {
        var found: Int32 = -1
        forEachStart(p) { found = $0; return false }
        return found
    }

    /// Calls `body` with each unit index where the sequence at `p` occurs, ascending, while it returns true.
    @inline(__always)
    private func forEachStart(_ p: Int, _ body: (Int32) -> Bool) {
        let m = Int(code[p])
        let u0 = code[p + 1]
        guard seen[Int(u0)] == generation else { return }
        let n = units.count
        var i = first[Int(u0)]
        while i >= 0 {
            let start = Int(i)
            if start + m <= n {
                let base = positions[start]
                var k = 1
                while k < m {
                    let j = start + k
                    if units[j] != code[p + 1 + 2 * k] || positions[j] - base != code[p + 2 + 2 * k] { break }
                    k += 1
                }
                if k == m, !body(i) { return }
            }
            i = next[start]
        }
    }

    /// NEAR: some start of A and some start of B within `distance` positions (A first when ordered).
    private func near(_ pc: Int) -> Bool {
        let distance = code[pc + 2], ordered = code[pc + 3] != 0
        let spanA = code[pc + 4], spanB = code[pc + 5]
        let pa = pc + 6
        let pb = pa + 1 + 2 * Int(code[pa])
        var countA = 0, countB = 0
        let startsA = self.startsA, startsB = self.startsB
        forEachStart(pa) { startsA[countA] = positions[Int($0)]; countA += 1; return true }
        guard countA > 0 else { return false }
        forEachStart(pb) { startsB[countB] = positions[Int($0)]; countB += 1; return true }
        guard countB > 0 else { return false }
        for x in 0..<countA {
            let sa = startsA[x], endA = sa + spanA
            for y in 0..<countB {
                let sb = startsB[y], endB = sb + spanB
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
