/// Counts of one series in time windows: the last `B + 1` windows in a ring, plus totals.
///
/// Windows are numbered `floor((time + utcOffset) / windowSeconds)` from the items' own times,
/// so replaying a feed gives the same counts. The newest window seen is "current"; an item for an
/// older window still in the ring is counted there (it feeds later baselines) but raises nothing;
/// an item older than the ring only counts in the totals.
struct SeriesCounter: Sendable {
    private(set) var current: Int64 = .min
    private var ring: [Int32]
    private(set) var total = 0
    /// Ids of the latest items of the current window, oldest first.
    private(set) var samples: [String] = []
    /// Complaint phrases in the current window, with counts.
    private(set) var phrases: [String: Int] = [:]
    /// Count per window, for summaries (only for series that keep history).
    private(set) var history: [Int64: Int32]?
    let sampleLimit: Int

    init(baselineWindows: Int, sampleLimit: Int, keepsHistory: Bool) {
        ring = Array(repeating: 0, count: baselineWindows + 1)
        self.sampleLimit = sampleLimit
        history = keepsHistory ? [:] : nil
    }

    private func slot(_ window: Int64) -> Int {
        let size = Int64(ring.count)
        return Int(((window % size) + size) % size)
    }

    /// The count of `window` if it is in the ring, else 0.
    func count(of window: Int64) -> Int {
        guard current != .min, window <= current, window > current - Int64(ring.count) else { return 0 }
        return Int(ring[slot(window)])
    }

    /// Counts of the `count` windows before `window`, oldest first.
    func trailing(_ count: Int, before window: Int64) -> [Int] {
        (1...max(count, 1)).reversed().map { self.count(of: window - Int64($0)) }
    }

    /// Counts one item without a time (totals only).
    mutating func countUntimed() { total += 1 }

    /// Counts one item in `window`; returns the window's new count when it is the current window.
    mutating func add(window: Int64, id: String, phrases newPhrases: [String]) -> Int? {
        total += 1
        if let _ = history { history?[window, default: 0] += 1 }
        if current == .min || window > current {
            let gap = current == .min ? Int64(ring.count) : window - current
            if gap >= Int64(ring.count) {
                for index in ring.indices { ring[index] = 0 }
            } else {
                for step in 1...gap { ring[slot(current + step)] = 0 }
            }
            current = window
            samples.removeAll(keepingCapacity: true)
            phrases.removeAll(keepingCapacity: true)
        }
        guard window > current - Int64(ring.count) else { return nil }
        ring[slot(window)] += 1
        guard window == current else { return nil }
        if sampleLimit > 0 {
            if samples.count == sampleLimit { samples.removeFirst() }
            samples.append(id)
        }
        for phrase in newPhrases { phrases[phrase, default: 0] += 1 }
        return Int(ring[slot(window)])
    }

    /// The window with the most items (earliest on ties), from the history.
    var peak: (window: Int64, count: Int)? {
        guard let history, let best = history.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { return nil }
        return (best.key, Int(best.value))
    }
}
