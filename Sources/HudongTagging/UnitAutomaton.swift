import HudongIndex

/// A multi-pattern (Aho–Corasick) automaton over index units: finds every occurrence of every
/// pattern in one pass over an item's units.
///
/// Patterns and texts are `UnitSequence` keys, the units the index matches by (one per CJK
/// character, one per other token), so a hit here is a candidate match with the index's own
/// semantics; the caller checks relative positions (punctuation leaves position gaps). Symbols
/// are BMP characters (their code unit) and the tokens that occur in patterns (numbered from
/// 0x10000); any other token cannot continue a match and resets the scan.
/// Cost: build O(total pattern units); scan O(units + hits), one array read per unit that
/// starts no pattern (most of a text).
final class UnitAutomaton: Sendable {
    /// Marks a token no pattern contains.
    static let breakSymbol = UInt32.max

    /// Next state from the root for each BMP character (-1: stay at the root).
    private let rootNext: [Int32]
    /// Transitions of state s (other than the root's BMP ones): symbols, ascending, in
    /// `edgeSymbol[edgeStart[s]..<edgeStart[s + 1]]`, targets in `edgeTarget`.
    private let edgeStart: [Int32]
    private let edgeSymbol: [UInt32]
    private let edgeTarget: [Int32]
    /// Failure link of each state.
    private let failure: [Int32]
    /// Patterns ending at each state: `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// The nearest state on the failure chain that has outputs (-1: none).
    private let outputLink: [Int32]
    /// Symbols of the tokens that occur in patterns.
    private let tokenSymbols: [String: UInt32]
    /// Units of each pattern.
    let patternLengths: [Int32]

    /// Builds the automaton for `patterns` (each a non-empty key sequence); pattern ids are their indices.
    init(patterns: [[UnitKey]]) {
        var tokenSymbols: [String: UInt32] = [:]
        func symbol(_ key: UnitKey) -> UInt32 {
            switch key {
            case let .character(u): return UInt32(u)
            case let .token(s):
                if let id = tokenSymbols[s] { return id }
                let id = UInt32(0x10000 + tokenSymbols.count)
                tokenSymbols[s] = id
                return id
            }
        }
        // Trie.
        var edges: [UInt64: Int32] = [:]
        var children: [[(UInt32, Int32)]] = [[]]
        var own: [[Int32]] = [[]]
        for (id, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state: Int32 = 0
            for key in pattern {
                let s = symbol(key)
                let edge = UInt64(UInt32(state)) << 32 | UInt64(s)
                if let next = edges[edge] {
                    state = next
                } else {
                    let next = Int32(children.count)
                    children.append([])
                    own.append([])
                    edges[edge] = next
                    children[Int(state)].append((s, next))
                    state = next
                }
            }
            own[Int(state)].append(Int32(id))
        }
        // Failure links, breadth first.
        let count = children.count
        var failure = [Int32](repeating: 0, count: count)
        var outputLink = [Int32](repeating: -1, count: count)
        var queue: [Int32] = children[0].map(\.1)
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (s, child) in children[Int(state)] {
                var f = failure[Int(state)]
                var target: Int32 = 0
                if state != 0 {
                    while true {
                        if let next = edges[UInt64(UInt32(f)) << 32 | UInt64(s)] { target = next; break }
                        if f == 0 { break }
                        f = failure[Int(f)]
                    }
                }
                failure[Int(child)] = target
                outputLink[Int(child)] = own[Int(target)].isEmpty ? outputLink[Int(target)] : target
                queue.append(child)
            }
        }
        var rootNext = [Int32](repeating: -1, count: 0x10000)
        var edgeStart: [Int32] = [0]
        var edgeSymbol: [UInt32] = []
        var edgeTarget: [Int32] = []
        for state in 0..<count {
            for (s, next) in children[state].sorted(by: { $0.0 < $1.0 }) {
                if state == 0, s < 0x10000 {
                    rootNext[Int(s)] = next
                } else {
                    edgeSymbol.append(s)
                    edgeTarget.append(next)
                }
            }
            edgeStart.append(Int32(edgeSymbol.count))
        }
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for list in own {
            outputs += list
            outputStart.append(Int32(outputs.count))
        }
        self.rootNext = rootNext
        self.edgeStart = edgeStart
        self.edgeSymbol = edgeSymbol
        self.edgeTarget = edgeTarget
        self.failure = failure
        self.outputStart = outputStart
        self.outputs = outputs
        self.outputLink = outputLink
        self.tokenSymbols = tokenSymbols
        self.patternLengths = patterns.map { Int32($0.count) }
    }

    /// Whether any pattern holds a token unit (if not, every token is a break).
    var hasTokens: Bool { !tokenSymbols.isEmpty }

    /// The symbol of a token unit: its number if a pattern holds it, else `breakSymbol`.
    @inline(__always)
    func symbol(forToken token: String) -> UInt32 {
        tokenSymbols.isEmpty ? Self.breakSymbol : (tokenSymbols[token] ?? Self.breakSymbol)
    }

    /// Calls `report(pattern, startUnit)` for every occurrence of every pattern in `symbols`
    /// (a `UnitStream`'s), in order of where occurrences end.
    func scan(_ symbols: UnsafeBufferPointer<UInt32>, _ report: (Int32, Int) -> Void) {
        var state: Int32 = 0
        rootNext.withUnsafeBufferPointer { rootNext in
        edgeStart.withUnsafeBufferPointer { edgeStart in
        edgeSymbol.withUnsafeBufferPointer { edgeSymbol in
        edgeTarget.withUnsafeBufferPointer { edgeTarget in
        failure.withUnsafeBufferPointer { failure in
            /// The transition of `state` on `s`, or -1 (edges are sorted: short lists scanned, long ones bisected).
            @inline(__always) func next(_ state: Int32, _ s: UInt32) -> Int32 {
                var lo = Int(edgeStart[Int(state)])
                let end = Int(edgeStart[Int(state) + 1])
                var hi = end
                while hi - lo > 8 {
                    let mid = (lo + hi) / 2
                    if edgeSymbol[mid] < s { lo = mid + 1 } else { hi = mid }
                }
                while lo < end {
                    let symbol = edgeSymbol[lo]
                    if symbol == s { return edgeTarget[lo] }
                    if symbol > s { return -1 }
                    lo += 1
                }
                return -1
            }
            for i in 0..<symbols.count {
                let s = symbols[i]
                if s == Self.breakSymbol { state = 0; continue }
                while true {
                    if state == 0 {
                        state = s < 0x10000 ? max(0, rootNext[Int(s)]) : max(0, next(0, s))
                        break
                    }
                    let n = next(state, s)
                    if n >= 0 { state = n; break }
                    state = failure[Int(state)]
                }
                if state != 0 { emit(state, end: i, report) }
            }
        }
        }
        }
        }
        }
    }

    @inline(__always)
    private func emit(_ state: Int32, end: Int, _ report: (Int32, Int) -> Void) {
        var s = state
        if outputStart[Int(s)] == outputStart[Int(s) + 1] { s = outputLink[Int(s)] }
        while s >= 0 {
            for k in Int(outputStart[Int(s)])..<Int(outputStart[Int(s) + 1]) {
                let pattern = outputs[k]
                report(pattern, end + 1 - Int(patternLengths[Int(pattern)]))
            }
            s = outputLink[Int(s)]
        }
    }
}

