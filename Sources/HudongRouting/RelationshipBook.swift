import HudongIndex

/// The message history per fan, and each fan's relationship as of any moment.
///
/// A message counts for the fan on the other side of the brand: the sender of an inbound message
/// (`direction: in`, 呼入), the receiver of an outbound one (`out`, 呼出). Messages without a
/// direction, a time or that party are ignored (and counted). Everything is keyed by the
/// messages' own times, never a wall clock: `relationship(of:at:)` counts only messages at or
/// before the moment asked, so replaying a feed gives the same answers in any order of arrival.
/// Cost: O(log n) per question for a fan with n messages; appending in time order is O(1).
public struct RelationshipBook: Sendable {
    public var thresholds: RelationshipThresholds
    private var slots: [String: Int32] = [:]
    private var histories: [History] = []
    /// Messages counted.
    public private(set) var messages = 0
    /// Messages ignored (no direction, time, or fan on the other side).
    public private(set) var ignored = 0

    public init(thresholds: RelationshipThresholds = RelationshipThresholds()) {
        self.thresholds = thresholds
    }

    /// Fans with at least one message.
    public var fans: [String] { Array(slots.keys) }

    /// Records a `type: message` item; returns the fan it counted for, or nil when ignored.
    @discardableResult
    public mutating func record(_ item: Item) -> String? {
        guard item.type == .message, let direction = item.direction, let time = item.time else { ignored += 1; return nil }
        let party = direction == .in ? item.from : item.to
        guard let fan = party?.trimmingSpaces(), !fan.isEmpty else { ignored += 1; return nil }
        record(fan: fan, direction: direction, time: time)
        return fan
    }

    /// Records one message between `fan` and the brand.
    public mutating func record(fan: String, direction: Direction, time: Int64) {
        let slot: Int32
        if let s = slots[fan] { slot = s } else {
            slot = Int32(histories.count)
            slots[fan] = slot
            histories.append(History())
        }
        histories[Int(slot)].insert(time: time, inbound: direction == .in)
        messages += 1
    }

    /// The slot of `fan`'s history, for repeated questions without hashing the id.
    func slot(of fan: String) -> Int32? { slots[fan] }

    /// `fan`'s relationship as of `now` (Unix seconds): only messages at or before `now` count.
    public func relationship(of fan: String, at now: Int64) -> Relationship {
        guard let slot = slots[fan] else { return .none }
        return relationship(slot: slot, at: now)
    }

    func relationship(slot: Int32, at now: Int64) -> Relationship {
        let h = histories[Int(slot)]
        let k = h.count(atOrBefore: now)
        guard k > 0 else { return .none }
        let inbound = Int(h.prefixInbound[k - 1])
        let j = h.count(atOrBefore: now - Int64(thresholds.intenseWindowDays) * 86_400)
        let recentInbound = inbound - (j > 0 ? Int(h.prefixInbound[j - 1]) : 0)
        return Relationship(inbound: inbound, outbound: k - inbound, recent: k - j, recentInbound: recentInbound,
                            firstContact: h.times[0], lastContact: h.times[k - 1],
                            activePeriods: Int(h.prefixPeriods[k - 1]), now: now, thresholds: thresholds)
    }
}

/// One fan's messages in time order, with running counts for questions at any moment.
struct History: Sendable {
    static let period: Int64 = 30 * 86_400
    private(set) var times: [Int64] = []
    private(set) var inbound: [Bool] = []
    /// Inbound messages among the first i + 1.
    private(set) var prefixInbound: [Int32] = []
    /// Distinct 30-day periods among the first i + 1.
    private(set) var prefixPeriods: [Int32] = []

    /// How many messages are at or before `t`.
    func count(atOrBefore t: Int64) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    mutating func insert(time: Int64, inbound isIn: Bool) {
        let at = count(atOrBefore: time)
        times.insert(time, at: at)
        inbound.insert(isIn, at: at)
        prefixInbound.insert(0, at: at)
        prefixPeriods.insert(0, at: at)
        for i in at..<times.count {
            let previousIn = i > 0 ? prefixInbound[i - 1] : 0
            prefixInbound[i] = previousIn + (inbound[i] ? 1 : 0)
            let previousPeriods = i > 0 ? prefixPeriods[i - 1] : 0
            let newPeriod = i == 0 || LocalTime.floorDivide(times[i], Self.period) != LocalTime.floorDivide(times[i - 1], Self.period)
            prefixPeriods[i] = previousPeriods + (newPeriod ? 1 : 0)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
