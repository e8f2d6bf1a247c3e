import Foundation

/// A time zone for quiet hours and daily caps: a fixed offset, or a named zone with its rules.
///
/// Fixed offsets (`+08:00`, `UTC`) are plain arithmetic; named zones (`Asia/Shanghai`,
/// `Europe/Berlin`) ask Foundation for the offset at each instant, so daylight saving applies.
public enum RoutingTimeZone: Sendable, Hashable, CustomStringConvertible {
    /// Seconds east of UTC.
    case fixed(Int)
    /// A zone from the system's time-zone database.
    case named(TimeZone)

    /// China time, +08:00: the default for fans that name no zone.
    public static let china = RoutingTimeZone.fixed(8 * 3600)

    /// Reads `+08:00`, `+0800`, `+08`, `+8`, `-05:30`, `UTC`, `Z`, `GMT`, `UTC+8`, or a zone id
    /// such as `Asia/Shanghai`; nil when it is none of them.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        let upper = t.uppercased()
        if upper == "UTC" || upper == "Z" || upper == "GMT" { self = .fixed(0); return }
        var rest = Substring(t)
        if upper.hasPrefix("UTC") || upper.hasPrefix("GMT") { rest = rest.dropFirst(3) }
        if let sign = rest.first, sign == "+" || sign == "-" {
            guard let seconds = Self.offsetSeconds(rest.dropFirst()) else { return nil }
            self = .fixed(sign == "-" ? -seconds : seconds)
            return
        }
        guard t.contains("/"), let zone = TimeZone(identifier: t) else { return nil }
        self = .named(zone)
    }

    private static func offsetSeconds(_ text: Substring) -> Int? {
        let digits = text.filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let hours: Int?, minutes: Int?
        if digits.count <= 2 {
            hours = Int(digits); minutes = 0
        } else {
            hours = Int(digits.dropLast(2)); minutes = Int(digits.suffix(2))
        }
        guard let hours, let minutes, hours <= 14, minutes < 60 else { return nil }
        guard text.contains(":") == false || text.split(separator: ":").count == 2 else { return nil }
        return hours * 3600 + minutes * 60
    }

    /// Seconds east of UTC at Unix time `t`.
    public func offset(at t: Int64) -> Int {
        switch self {
        case let .fixed(seconds): return seconds
        case let .named(zone): return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))
        }
    }

    /// The local day number of `t` (days since 1970-01-01 in this zone).
    public func day(of t: Int64) -> Int64 {
        LocalTime.floorDivide(t + Int64(offset(at: t)), 86_400)
    }

    /// `2026-11-02 08:00 +08:00`: Unix time `t` as a local date and time in this zone, to the minute.
    public func format(_ t: Int64) -> String { LocalTime.render(t, in: self) }

    /// The Unix time of local wall-clock second `local` (seconds since the local epoch).
    func instant(ofLocal local: Int64) -> Int64 {
        let guess = local - Int64(offset(at: local))
        return local - Int64(offset(at: guess))
    }

    public var description: String {
        switch self {
        case let .fixed(seconds):
            if seconds == 0 { return "UTC" }
            let sign = seconds < 0 ? "-" : "+"
            let a = abs(seconds)
            return sign + LocalTime.twoDigits(a / 3600) + ":" + LocalTime.twoDigits(a % 3600 / 60)
        case let .named(zone): return zone.identifier
        }
    }
}

/// Quiet hours: a daily window of local time when nothing is delivered, e.g. `22:00-08:00 +08:00`.
///
/// A delivery whose time falls inside the window is deferred to the window's end, not dropped.
/// The window may cross midnight (`22:00-08:00`); `end` may be `24:00`. A window of zero length
/// or of the whole day is refused by the parser.
public struct QuietHours: Sendable, Hashable, CustomStringConvertible {
    /// Minutes after local midnight, 0 ..< 1440.
    public var start: Int
    /// Minutes after local midnight, 0 ... 1440.
    public var end: Int
    /// The zone the window is in.
    public var timeZone: RoutingTimeZone

    public init(start: Int, end: Int, timeZone: RoutingTimeZone) {
        self.start = start
        self.end = end
        self.timeZone = timeZone
    }

    /// Reads `HH:MM-HH:MM` with an optional zone after a space; `defaultZone` applies without one.
    /// Returns the reason it cannot be read on failure.
    public static func parse(_ text: String, defaultZone: RoutingTimeZone) -> Result<QuietHours, QuietHoursFailure> {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 1 || parts.count == 2 else { return .failure(.init("expected `HH:MM-HH:MM` and an optional zone such as `+08:00`")) }
        var zone = defaultZone
        if parts.count == 2 {
            guard let z = RoutingTimeZone(parsing: String(parts[1])) else {
                return .failure(.init("`\(parts[1])` is not a time zone; expected `+08:00`, `UTC` or a zone id such as `Asia/Shanghai`"))
            }
            zone = z
        }
        let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let start = minutes(bounds[0]), let end = minutes(bounds[1]) else {
            return .failure(.init("expected quiet hours as `HH:MM-HH:MM` (e.g. `22:00-08:00 +08:00`), found `\(parts[0])`"))
        }
        guard start < 1440 else { return .failure(.init("quiet hours cannot start at 24:00")) }
        if end % 1440 == start {
            return .failure(.init(end == start ? "quiet hours `\(parts[0])` are empty (start equals end)"
                                               : "quiet hours `\(parts[0])` cover the whole day, so nothing could ever be delivered"))
        }
        return .success(QuietHours(start: start, end: end, timeZone: zone))
    }

    private static func minutes(_ text: Substring) -> Int? {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count == 2, (1...2).contains(pieces[0].count), pieces[1].count == 2,
              pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let h = Int(pieces[0]), let m = Int(pieces[1]), m < 60, h < 24 || (h == 24 && m == 0) else { return nil }
        return h * 60 + m
    }

    /// When a delivery due at `t` may go out: nil when `t` is outside the window, else the window's end.
    public func deferral(of t: Int64) -> Int64? {
        let local = t + Int64(timeZone.offset(at: t))
        let dayStart = LocalTime.floorDivide(local, 86_400) * 86_400
        let second = local - dayStart
        let s = Int64(start) * 60, e = Int64(end) * 60
        let localEnd: Int64
        if s < e {
            guard second >= s, second < e else { return nil }
            localEnd = dayStart + e
        } else {
            if second >= s { localEnd = dayStart + 86_400 + e } else if second < e { localEnd = dayStart + e } else { return nil }
        }
        return max(t, timeZone.instant(ofLocal: localEnd))
    }

    public var description: String {
        "\(LocalTime.clock(start))-\(LocalTime.clock(end)) \(timeZone)"
    }
}

/// Why quiet hours could not be read.
public struct QuietHoursFailure: Error, Sendable, Hashable {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Calendar arithmetic on Unix seconds, without a wall clock.
enum LocalTime {
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func clock(_ minutes: Int) -> String { twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60) }

    /// `2026-11-02 08:00 +08:00`: Unix time `t` in `zone`, to the minute.
    static func render(_ t: Int64, in zone: RoutingTimeZone) -> String {
        let local = t + Int64(zone.offset(at: t))
        let days = floorDivide(local, 86_400)
        let second = local - days * 86_400
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return "\(y)-\(twoDigits(Int(m)))-\(twoDigits(Int(d))) \(clock(Int(second / 60))) \(zone)"
    }
}
