extension KeywordAutomaton {
    /// Builds the automaton for `patterns` (folded units, none empty; duplicates allowed).
    ///
    /// Steps: classes by frequency; a trie built from the patterns sorted in class order (children
    /// come out in ascending class order); double-array bases, nodes with most children first,
    /// first fit over a free-slot bitmap; failure links and output lists in breadth-first order.
    /// Cost: O(total pattern length × log) plus the placement search; about 10 ms for 10 K patterns.
    init(patterns: [[UInt16]]) {
        // Character classes, most frequent first.
        var frequency = [Int32](repeating: 0, count: 0x10000)
        for pattern in patterns { for unit in pattern { frequency[Int(unit)] += 1 } }
        let used = (0..<0x10000).filter { frequency[$0] > 0 }
            .sorted { (frequency[$0], $1) > (frequency[$1], $0) }
        var classOf = [UInt16](repeating: 0, count: 0x10000)
        for (rank, unit) in used.prefix(0xFFFF).enumerated() { classOf[unit] = UInt16(rank + 1) }
        let classCount = min(used.count, 0xFFFF) + 1
        let sequences: [[Int32]] = patterns.map { $0.map { Int32(classOf[Int($0)]) } }

        // The trie, from the patterns in lexicographic class order.
        let order = sequences.indices.sorted { sequences[$0].lexicographicallyPrecedes(sequences[$1]) }
        var trie = Trie()
        var path: [Int32] = [0]
        var previous: [Int32] = []
        for index in order {
            let sequence = sequences[index]
            var common = 0
            while common < min(sequence.count, previous.count), sequence[common] == previous[common] { common += 1 }
            path.removeLast(path.count - 1 - common)
            for c in sequence[common...] { path.append(trie.addChild(of: path[path.count - 1], class: c)) }
            trie.terminals[Int(path[path.count - 1])].append(Int32(index))
            previous = sequence
        }

        // Breadth-first order of the trie nodes (shallow states first).
        var queue: [Int32] = [0]
        var head = 0
        while head < queue.count {
            queue += trie.children(of: queue[head])
            head += 1
        }
        // Bases: a base depends only on which slots are taken, not on where its node sits, so
        // nodes with many children are placed first, while the array is sparse; single-child
        // nodes then fill the gaps at the first free slot. The root's base is 0.
        var placement = Placement()
        placement.occupy(0)
        var baseOf = [Int32](repeating: 0, count: trie.count)
        var childClasses = [[Int32]](repeating: [], count: trie.count)
        for node in queue { childClasses[Int(node)] = trie.children(of: node).map { trie.classOf[Int($0)] } }
        let placementOrder = queue.filter { $0 != 0 && !childClasses[Int($0)].isEmpty }
            .enumerated().sorted { (childClasses[Int($0.element)].count, $1.offset) > (childClasses[Int($1.element)].count, $0.offset) }
            .map(\.element)
        for c in childClasses[0] { placement.occupy(Int(c)) }
        for node in placementOrder {
            let classes = childClasses[Int(node)]
            let base = placement.findBase(for: classes)
            baseOf[Int(node)] = base
            for c in classes { placement.occupy(Int(base) + Int(c)) }
        }
        // Slots, top-down: a child sits at its parent's base plus its class.
        var slotOf = [Int32](repeating: -1, count: trie.count)
        slotOf[0] = 0
        let free = Slot(base: 0, check: -1)
        var slots = [Slot](repeating: free, count: placement.end)
        for node in queue {
            let slot = Int(slotOf[Int(node)])
            slots[slot].base = UInt32(baseOf[Int(node)])
            for child in trie.children(of: node) {
                let target = Int(baseOf[Int(node)]) + Int(trie.classOf[Int(child)])
                slots[target].check = Int32(slot)
                slotOf[Int(child)] = Int32(target)
            }
        }
        // Padding: any base + any class stays inside the array.
        let maxBase = slots.map { Int($0.base) }.max() ?? 0
        let size = max(slots.count, maxBase + classCount + 1)
        if slots.count < size { slots += repeatElement(free, count: size - slots.count) }

        self.slots = slots
        self.fail = Array(repeating: 0, count: size)
        self.outputHead = Array(repeating: -1, count: size)
        self.classOf = classOf
        self.outputs = []
        self.lengths = patterns.map { Int32($0.count) }
        self.nodeCount = trie.count
        self.classCount = classCount
        self.longestOutput = 0

        // Failure links and output lists, breadth first (a failure target is always shallower).
        for node in queue {
            let slot = Int(slotOf[Int(node)])
            var failure: Int32 = 0
            if node != 0 {
                let parentSlot = slotOf[Int(trie.parent[Int(node)])]
                let c = trie.classOf[Int(node)]
                if parentSlot != 0 {
                    var candidate = fail[Int(parentSlot)]
                    while true {
                        if let next = child(of: candidate, c) { failure = next; break }
                        if candidate == 0 { break }
                        candidate = fail[Int(candidate)]
                    }
                }
                fail[slot] = failure
                if failure != 0 { self.slots[slot].base |= KeywordAutomaton.failsDeeper }
            }
            var list: Int32 = node == 0 ? -1 : outputHead[Int(failure)]
            for pattern in trie.terminals[Int(node)].reversed() {
                outputs.append(Output(pattern: pattern, next: list))
                list = Int32(outputs.count - 1)
            }
            outputHead[slot] = list
            if list >= 0 { self.slots[slot].base |= KeywordAutomaton.hasOutput }
            var length = 0
            var entry = list
            while entry >= 0 {
                length += 1
                entry = outputs[Int(entry)].next
            }
            longestOutput = max(longestOutput, length)
        }
    }
}

/// A plain trie with first-child / next-sibling links, used only while building.
private struct Trie {
    var classOf: [Int32] = [0]
    var parent: [Int32] = [-1]
    var firstChild: [Int32] = [-1]
    var lastChild: [Int32] = [-1]
    var nextSibling: [Int32] = [-1]
    var terminals: [[Int32]] = [[]]

    var count: Int { classOf.count }

    /// The child of `node` on class `c`, created when it is not the last child added
    /// (patterns arrive sorted, so an existing child for `c` is always the last one).
    mutating func addChild(of node: Int32, class c: Int32) -> Int32 {
        let last = lastChild[Int(node)]
        if last >= 0, classOf[Int(last)] == c { return last }
        let id = Int32(classOf.count)
        classOf.append(c)
        parent.append(node)
        firstChild.append(-1)
        lastChild.append(-1)
        nextSibling.append(-1)
        terminals.append([])
        if last >= 0 { nextSibling[Int(last)] = id } else { firstChild[Int(node)] = id }
        lastChild[Int(node)] = id
        return id
    }

    func children(of node: Int32) -> [Int32] {
        var result: [Int32] = []
        var child = firstChild[Int(node)]
        while child >= 0 {
            result.append(child)
            child = nextSibling[Int(child)]
        }
        return result
    }
}

/// Free-slot bookkeeping for double-array placement: a bitmap of occupied slots.
private struct Placement {
    private var occupied: [UInt64] = []
    /// Every slot below this one is occupied.
    private var firstFree = 1

    func isOccupied(_ slot: Int) -> Bool {
        let word = slot >> 6
        return word < occupied.count && occupied[word] & (1 << UInt64(slot & 63)) != 0
    }

    mutating func occupy(_ slot: Int) {
        let word = slot >> 6
        if word >= occupied.count { occupied += Array(repeating: 0, count: word - occupied.count + 1) }
        occupied[word] |= 1 << UInt64(slot & 63)
        end = max(end, slot + 1)
        while isOccupied(firstFree) { firstFree += 1 }
    }

    /// One past the last occupied slot.
    private(set) var end = 1

    /// 64 occupancy bits starting at `slot` (bit i: slot + i is taken); free beyond the end.
    private func window(at slot: Int) -> UInt64 {
        let word = slot >> 6
        let shift = UInt64(slot & 63)
        let low = word < occupied.count ? occupied[word] : 0
        guard shift != 0 else { return low }
        let high = word + 1 < occupied.count ? occupied[word + 1] : 0
        return low >> shift | high << (64 - shift)
    }

    /// The smallest base ≥ 0 that puts every class of `classes` (ascending, ≥ 1) on a free slot.
    ///
    /// Tests 64 candidate bases at once: OR-ing the occupancy windows at `base + c` for every
    /// class leaves a zero bit exactly where all children fit. Cost: O(children) per 64 bases.
    func findBase(for classes: [Int32]) -> Int32 {
        let first = Int(classes[0])
        var base = max(0, firstFree - first)
        while true {
            var taken: UInt64 = 0
            for c in classes {
                taken |= window(at: base + Int(c))
                if taken == ~0 { break }
            }
            if taken != ~0 { return Int32(base + (~taken).trailingZeroBitCount) }
            base += 64
        }
    }
}
