/// Reads and writes ISO-8601 dates and date-times as Unix seconds, for queries and feeds.
///
/// Accepted: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `YYYY-MM-DDTHH:MM:SS` with optional fraction
/// (`.123`, dropped), a space instead of `T`, and an optional offset `Z`, `+08:00`, `+0800` or
/// `+08`. Without an offset the caller's default offset applies (China time, +08:00, by default).
/// Years run from 0001 to 9999; the calendar is the proleptic Gregorian one, no leap seconds.
enum TimeText {
    /// How finely a time was written: it decides where an inclusive upper bound ends.
    enum Precision: Sendable, Equatable {
        case day, minute, second

        /// The length in seconds of one unit of this precision.
        var seconds: Int64 {
            switch self {
            case .day: return 86_400
            case .minute: return 60
            case .second: return 1
            }
        }
    }

    /// A parsed time: the instant it starts at and how finely it was written.
    struct Parsed: Sendable, Equatable {
        var seconds: Int64
        var precision: Precision
    }

    /// Why a text is not a time, and the 0-based character offset in it that is wrong.
    struct Failure: Error, Sendable, Equatable {
        var offset: Int
        var reason: String
    }

    /// Parses `text` as a date or a date-time; a failure's offset counts Characters.
    static func parse(_ text: Substring, defaultOffsetSeconds: Int) -> Result<Parsed, Failure> {
        let run = { (bytes: UnsafeBufferPointer<UInt8>) -> Result<Parsed, Failure> in
            switch parse(bytes: bytes, defaultOffsetSeconds: defaultOffsetSeconds) {
            case let .success(parsed):
                return .success(parsed)
            case let .failure(failure):
                // Byte offsets to Character offsets (only non-ASCII text makes them differ).
                let prefix = UnsafeBufferPointer(rebasing: bytes[0..<min(failure.offset, bytes.count)])
                return .failure(Failure(offset: String(decoding: prefix, as: UTF8.self).count, reason: failure.reason))
            }
        }
        if let result = text.utf8.withContiguousStorageIfAvailable(run) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(run)
    }

    /// The parser proper, over UTF-8 bytes; failure offsets are byte offsets.
    private static func parse(bytes: UnsafeBufferPointer<UInt8>, defaultOffsetSeconds: Int) -> Result<Parsed, Failure> {
        var i = 0
        let n = bytes.count
        func at(_ k: Int) -> UInt8 { k < n ? bytes[k] : 0 }
        func shown(_ k: Int) -> String {
            guard k < n else { return "the end" }
            let end = min(n, k + 4)
            return "`\(String(decoding: UnsafeBufferPointer(rebasing: bytes[k..<end]), as: UTF8.self).prefix(1))`"
        }
        func digits(_ count: Int, _ what: String) throws(Failure) -> Int {
            var value = 0
            for k in 0..<count {
                let b = at(i + k)
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else {
                    throw Failure(offset: min(i + k, n), reason: "expected \(count) digits for the \(what), found \(shown(i + k))")
                }
                value = value * 10 + Int(b - UInt8(ascii: "0"))
            }
            i += count
            return value
        }
        func expect(_ c: Character, _ why: String) throws(Failure) {
            guard let ascii = c.asciiValue, at(i) == ascii else {
                throw Failure(offset: i, reason: "expected `\(c)` \(why), found \(shown(i))")
            }
            i += 1
        }
        do throws(Failure) {
            let year = try digits(4, "year")
            try expect("-", "after the year (YYYY-MM-DD)")
            let month = try digits(2, "month")
            guard (1...12).contains(month) else { throw Failure(offset: i - 2, reason: "month \(month) is not 1…12") }
            try expect("-", "after the month (YYYY-MM-DD)")
            let day = try digits(2, "day")
            guard year >= 1, (1...daysIn(month: month, year: year)).contains(day) else {
                throw Failure(offset: i - 2, reason: year < 1 ? "year 0000 is not a calendar year" : "day \(day) does not exist in \(pad(year, 4))-\(pad(month, 2))")
            }
            let date = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400
            if i == n {
                return .success(Parsed(seconds: date - Int64(defaultOffsetSeconds), precision: .day))
            }
            guard at(i) == UInt8(ascii: "T") || at(i) == UInt8(ascii: " ") || at(i) == UInt8(ascii: "t") else {
                throw Failure(offset: i, reason: "expected `T` and a time after the date, or the end of the date, found \(shown(i))")
            }
            i += 1
            let hour = try digits(2, "hour")
            guard hour < 24 else { throw Failure(offset: i - 2, reason: "hour \(hour) is not 0…23") }
            try expect(":", "between hour and minute (HH:MM)")
            let minute = try digits(2, "minute")
            guard minute < 60 else { throw Failure(offset: i - 2, reason: "minute \(minute) is not 0…59") }
            var second = 0
            var precision = Precision.minute
            if at(i) == UInt8(ascii: ":") {
                i += 1
                second = try digits(2, "second")
                guard second < 60 else { throw Failure(offset: i - 2, reason: "second \(second) is not 0…59") }
                precision = .second
                if at(i) == UInt8(ascii: ".") || at(i) == UInt8(ascii: ",") {
                    i += 1
                    let start = i
                    while at(i) >= UInt8(ascii: "0"), at(i) <= UInt8(ascii: "9") { i += 1 }
                    guard i > start else { throw Failure(offset: i, reason: "expected digits after the decimal point") }
                }
            }
            var offset = defaultOffsetSeconds
            if i < n {
                if at(i) == UInt8(ascii: "Z") || at(i) == UInt8(ascii: "z") {
                    offset = 0
                    i += 1
                } else if at(i) == UInt8(ascii: "+") || at(i) == UInt8(ascii: "-") {
                    let sign = at(i) == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    let oh = try digits(2, "offset hours")
                    var om = 0
                    if at(i) == UInt8(ascii: ":") { i += 1 }
                    if i < n { om = try digits(2, "offset minutes") }
                    guard oh <= 23, om <= 59 else { throw Failure(offset: i - 2, reason: "offset out of range (±23:59)") }
                    offset = sign * (oh * 3600 + om * 60)
                } else {
                    throw Failure(offset: i, reason: "expected an offset (`Z`, `+08:00`) or the end of the time, found \(shown(i))")
                }
            }
            guard i == n else { throw Failure(offset: i, reason: "unexpected \(shown(i)) after the time") }
            let local = date + Int64(hour * 3600 + minute * 60 + second)
            return .success(Parsed(seconds: local - Int64(offset), precision: precision))
        } catch {
            return .failure(error)
        }
    }

    /// `seconds` as `YYYY-MM-DDTHH:MM:SS±HH:MM` at the given offset (China time by default).
    static func format(_ seconds: Int64, offsetSeconds: Int = 8 * 3600) -> String {
        let local = seconds + Int64(offsetSeconds)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = Int(local - days * 86_400)
        let (year, month, day) = civilFromDays(Int(days))
        let sign = offsetSeconds < 0 ? "-" : "+"
        let magnitude = abs(offsetSeconds)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + "\(sign)\(pad(magnitude / 3600, 2)):\(pad(magnitude / 60 % 60, 2))"
    }

    /// Whether `seconds` falls within years 0001…9999, the range `format` can write.
    static func isRepresentable(_ seconds: Int64) -> Bool {
        // 0001-01-01T00:00:00Z … 9999-12-31T23:59:59Z, with a day of slack for offsets.
        seconds >= -62_135_596_800 + 86_400 && seconds <= 253_402_300_799 - 86_400
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
