import Foundation
import HudongRouting

/// Renders routed posts as text or JSON lines, and the closing summary.
struct RoutePrinter {
    let subscribers: Subscribers
    let json: Bool
    let showSkipped: Bool

    /// One JSON line per delivery.
    struct DeliveryJSON: Encodable {
        var post: String
        var fan: String
        var subscription: String
        var kind: String
        var reason: String
        var priority: Int
        var stage: String
        var trust: Int
        var channel: String
        var deliver_at: Int64
        var deliver_at_local: String
        var deferred: Bool
        var same_city: Bool
        var other_matches: Int
    }

    /// One JSON line per held-back match (with `--show-skipped`).
    struct SkipJSON: Encodable {
        var post: String
        var fan: String
        var subscription: String
        var skipped: String
        var reason: String
    }

    func print(_ routed: RoutedPost, to out: inout StandardOutput) {
        if json {
            for d in routed.deliveries {
                let zone = subscribers.fans[d.fanIndex].timeZone
                out.write(JSONLine.encode(DeliveryJSON(
                    post: d.post, fan: d.fan, subscription: d.subscription, kind: d.kind.rawValue, reason: d.reason,
                    priority: d.priority, stage: d.stage.chinese, trust: d.trust, channel: d.channel, deliver_at: d.deliverAt,
                    deliver_at_local: zone.format(d.deliverAt), deferred: d.deferred, same_city: d.sameCity, other_matches: d.otherMatches)))
                out.write("\n")
            }
            if showSkipped {
                for s in routed.skipped {
                    out.write(JSONLine.encode(SkipJSON(post: s.post, fan: s.fan, subscription: s.subscription, skipped: s.reason.code, reason: s.reason.description)))
                    out.write("\n")
                }
            }
            return
        }
        guard !routed.deliveries.isEmpty || (showSkipped && !routed.skipped.isEmpty) else { return }
        out.write("\(routed.post) → \(routed.deliveries.count) fan\(routed.deliveries.count == 1 ? "" : "s")\n")
        for d in routed.deliveries {
            let zone = subscribers.fans[d.fanIndex].timeZone
            let when = d.deferred ? "at \(zone.format(d.deliverAt)) (quiet hours)" : "now"
            let more = d.otherMatches > 0 ? " (+\(d.otherMatches) more)" : ""
            out.write("  \(d.priority). \(d.fan)  \(d.stage.chinese) trust \(d.trust)  \(d.channel)  \(when)  \(d.reason)\(more)\n")
        }
        if showSkipped {
            for s in routed.skipped { out.write("  –  \(s.fan)  held back: \(s.reason)  (\(s.subscription))\n") }
        }
    }

    func summary(_ router: Router, buildTime: Duration, routeTime: Duration, top: Int) -> String {
        let s = router.summary
        let index = router.index.summary
        let stages = RelationshipStage.allCases.filter { s.perStage[$0.rawValue] > 0 }
            .map { "\($0.chinese) \(s.perStage[$0.rawValue])" }.joined(separator: ", ")
        let fans = s.topFans(top).map { "\(subscribers.fans[$0.fan].id) \($0.deliveries)" }.joined(separator: ", ")
        let seconds = Double(routeTime.components.seconds) + Double(routeTime.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(s.posts) / seconds) : 0
        var text = "── summary ──\n"
        text += "posts \(s.posts) (\(s.postsDelivered) delivered to someone), messages \(s.messages) (\(s.ignoredMessages) ignored)\n"
        text += "subscriptions \(router.index.count) of \(subscribers.fans.count) fans: \(index.keyed) keyed (\(index.exact) by key alone), "
        text += "\(index.alwaysChecked) checked on every post, \(index.never) can never match; \(index.keys) keys\n"
        text += "matches \(s.matches); deliveries \(s.deliveries): \(s.immediate) now, \(s.deferred) deferred by quiet hours\n"
        text += "held back: \(s.capped) capped, \(s.noChannel) no opted-in channel, \(s.categoryNotOptedIn) category not opted in\n"
        if !stages.isEmpty { text += "by relationship: \(stages)\n" }
        if !fans.isEmpty { text += "top fans: \(fans)\n" }
        text += "time: setup \(Self.milliseconds(buildTime)), routing \(Self.milliseconds(routeTime)) (\(rate) posts/s incl. analysis)\n"
        return text
    }

    static func milliseconds(_ d: Duration) -> String {
        let ms = (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) * 1000
        return String(format: "%.1f ms", ms)
    }
}
