import Foundation

/// How strong a fan's relationship with the brand is, from the in/out message history.
///
/// Stages, weakest first (see `RelationshipThresholds` for the numbers):
/// 无关系 none → 潜在 potential → 弱 weak → 强 strong → 长 long-term → 亢 intense.
public enum RelationshipStage: Int, Sendable, Hashable, Comparable, CaseIterable, Codable {
    /// 无关系: no message yet.
    case none
    /// 潜在: some contact, but one-way only, or long silent.
    case potential
    /// 弱: two-way, recent enough, but thin or lopsided.
    case weak
    /// 强: two-way, balanced, with some volume and recent.
    case strong
    /// 长: strong and sustained over months.
    case longTerm
    /// 亢: a burst of two-way traffic in the last days.
    case intense

    /// The Chinese name: 无关系, 潜在, 弱, 强, 长, 亢.
    public var chinese: String {
        switch self {
        case .none: return "无关系"
        case .potential: return "潜在"
        case .weak: return "弱"
        case .strong: return "强"
        case .longTerm: return "长"
        case .intense: return "亢"
        }
    }

    public static func < (a: RelationshipStage, b: RelationshipStage) -> Bool { a.rawValue < b.rawValue }
}

/// Which way the traffic mostly goes.
public enum RelationshipBalance: String, Sendable, Hashable, Codable {
    /// No messages.
    case none
    /// The fan writes far more than the brand answers (inbound share ≥ `mostlyShare`).
    case mostlyIn
    /// The brand writes far more than the fan answers (outbound share ≥ `mostlyShare`).
    case mostlyOut
    /// Neither way dominates.
    case balanced
}

/// The numbers that map a message history to a stage and a trust score; the defaults are documented in the README.
public struct RelationshipThresholds: Sendable, Hashable {
    /// A share of one direction at or above this is "mostly" that way. Default 0.8.
    public var mostlyShare = 0.8
    /// Weak: at least one message each way, the last within this many days. Default 180.
    public var weakMaxSilenceDays = 180
    /// Strong: at least this many messages in all… Default 10.
    public var strongMessages = 10
    /// …at least this many each way… Default 3.
    public var strongEachWay = 3
    /// …balanced, and the last within this many days. Default 30.
    public var strongMaxSilenceDays = 30
    /// Long-term: the strong volume and balance, over at least this many days since the first message… Default 180.
    public var longSpanDays = 180
    /// …with messages in at least this many distinct 30-day periods… Default 4.
    public var longActivePeriods = 4
    /// …and the last within this many days. Default 90.
    public var longMaxSilenceDays = 90
    /// Intense: at least this many messages in the last `intenseWindowDays`… Default 20.
    public var intenseMessages = 20
    /// …at least this many each way in that window… Default 5.
    public var intenseEachWay = 5
    /// The burst window, in days. Default 7.
    public var intenseWindowDays = 7

    public init() {}
}

/// A fan's relationship at one moment: counts, balance, recency, stage and trust.
public struct Relationship: Sendable, Hashable, Codable {
    public var stage: RelationshipStage
    public var balance: RelationshipBalance
    /// Messages from the fan (入, 呼入) up to the moment.
    public var inbound: Int
    /// Messages to the fan (出, 呼出) up to the moment.
    public var outbound: Int
    /// Messages in the intense window (both ways), and inbound among them.
    public var recent: Int
    public var recentInbound: Int
    /// Unix seconds of the first and last message up to the moment.
    public var firstContact: Int64?
    public var lastContact: Int64?
    /// Distinct 30-day periods (since 1970) with a message.
    public var activePeriods: Int
    /// 0…100: the stage's band plus balance, recency and volume within it.
    public var trust: Int

    /// No history.
    public static let none = Relationship(inbound: 0, outbound: 0, recent: 0, recentInbound: 0,
                                          firstContact: nil, lastContact: nil, activePeriods: 0, now: 0)

    /// Classifies counts taken at `now` (Unix seconds).
    ///
    /// Trust = the stage's base (none 0, potential 10, weak 25, strong 50, long 70, intense 80) +
    /// 15 × (0.4 × balance + 0.3 × recency + 0.3 × volume), where balance = 1 − |in − out| / total,
    /// recency = 2^(−days since last / 30), volume = min(1, log2(1 + total) / log2(201)).
    public init(inbound: Int, outbound: Int, recent: Int, recentInbound: Int, firstContact: Int64?, lastContact: Int64?,
                activePeriods: Int, now: Int64, thresholds t: RelationshipThresholds = RelationshipThresholds()) {
        self.inbound = inbound
        self.outbound = outbound
        self.recent = recent
        self.recentInbound = recentInbound
        self.firstContact = firstContact
        self.lastContact = lastContact
        self.activePeriods = activePeriods
        let total = inbound + outbound
        guard total > 0, let last = lastContact else {
            stage = .none; balance = .none; trust = 0
            return
        }
        let inShare = Double(inbound) / Double(total)
        balance = inShare >= t.mostlyShare ? .mostlyIn : 1 - inShare >= t.mostlyShare ? .mostlyOut : .balanced
        let silence = Double(max(0, now - last)) / 86_400
        let span = Double(max(0, last - (firstContact ?? last))) / 86_400
        let twoWay = inbound >= 1 && outbound >= 1
        let solid = total >= t.strongMessages && inbound >= t.strongEachWay && outbound >= t.strongEachWay && balance == .balanced
        let recentOutbound = recent - recentInbound
        if twoWay, recent >= t.intenseMessages, recentInbound >= t.intenseEachWay, recentOutbound >= t.intenseEachWay {
            stage = .intense
        } else if solid, span >= Double(t.longSpanDays), activePeriods >= t.longActivePeriods, silence <= Double(t.longMaxSilenceDays) {
            stage = .longTerm
        } else if solid, silence <= Double(t.strongMaxSilenceDays) {
            stage = .strong
        } else if twoWay, silence <= Double(t.weakMaxSilenceDays) {
            stage = .weak
        } else {
            stage = .potential
        }
        let base: Double = [0, 10, 25, 50, 70, 80][stage.rawValue]
        let balanceScore = 1 - Double(abs(inbound - outbound)) / Double(total)
        let recency = exp2(-silence / 30)
        let volume = min(1, log2(1 + Double(total)) / log2(201))
        trust = Int((base + 15 * (0.4 * balanceScore + 0.3 * recency + 0.3 * volume)).rounded())
    }
}
