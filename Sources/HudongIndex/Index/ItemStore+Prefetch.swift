import CHeap

extension Array {
    /// Brings element `i` into the cache, without waiting for it (a hint: nothing is read back,
    /// and an index outside the array asks for nothing).
    @inline(__always)
    func prefetch(_ i: Int) {
        withUnsafeBufferPointer { elements in
            if i >= 0, i < elements.count { hudong_prefetch(elements.baseAddress! + i) }
        }
    }
}

extension ItemStore {
    /// Brings what reading the items at `indices` (`self[i]`) touches into the cache before
    /// any of them is read: their rows and times first, all at once, then the id and text bytes
    /// each row points at. A page of hits, cold in a large index, then waits for two rounds
    /// of overlapping cache misses rather than a few misses in a row for each item.
    /// Only a hint: it reads nothing back and changes nothing.
    func prefetch(_ indices: [Int]) {
        rows.withUnsafeBufferPointer { rows in
            for i in indices where i >= 0 && i < rows.count {
                hudong_prefetch(rows.baseAddress! + i)
                times.prefetch(i)
            }
            bytes.withUnsafeBufferPointer { arena in
                guard let base = arena.baseAddress else { return }
                for i in indices where i >= 0 && i < rows.count {
                    let r = rows[i]
                    // (The first 4 KB at most: a longer text's rest is read in order anyway.)
                    let end = Swift.min(r.start + Int(r.idLength) + Int(r.storedTextLength), r.start + 4_096, arena.count)
                    var line = r.start & ~63
                    while line < end {
                        hudong_prefetch(base + line)
                        line += 64
                    }
                }
            }
        }
    }
}
