import HudongRouting
import Testing

@Suite("quiet hours and time zones")
struct LocalTimeTests {
    func quiet(_ text: String, zone: RoutingTimeZone = .china) -> QuietHours? {
        if case let .success(q) = QuietHours.parse(text, defaultZone: zone) { return q }
        return nil
    }

    @Test("zones: offsets, UTC, named")
    func zones() {
        #expect(RoutingTimeZone(parsing: "+08:00") == .fixed(28_800))
        #expect(RoutingTimeZone(parsing: "+0800") == .fixed(28_800))
        #expect(RoutingTimeZone(parsing: "+8") == .fixed(28_800))
        #expect(RoutingTimeZone(parsing: "-05:30") == .fixed(-19_800))
        #expect(RoutingTimeZone(parsing: "UTC+8") == .fixed(28_800))
        #expect(RoutingTimeZone(parsing: "UTC") == .fixed(0) && RoutingTimeZone(parsing: "Z") == .fixed(0))
        #expect(RoutingTimeZone(parsing: "+25:00") == nil && RoutingTimeZone(parsing: "8") == nil && RoutingTimeZone(parsing: "Mars/Base") == nil)
        #expect(RoutingTimeZone(parsing: "Asia/Shanghai")?.offset(at: Fixtures.nov1) == 28_800)
        #expect(RoutingTimeZone.china.format(Fixtures.time(day: 2, 8)) == "2026-11-02 08:00 +08:00")
        #expect(RoutingTimeZone.fixed(0).format(Fixtures.time(day: 2, 8)) == "2026-11-02 00:00 UTC")
        #expect(RoutingTimeZone.china.day(of: Fixtures.time(day: 2, 0)) == RoutingTimeZone.china.day(of: Fixtures.time(day: 2, 23, 59)))
        #expect(RoutingTimeZone.fixed(0).day(of: Fixtures.time(day: 2, 7)) != RoutingTimeZone.fixed(0).day(of: Fixtures.time(day: 2, 9)))
    }

    @Test("parsing: forms and refusals")
    func parsing() {
        #expect(quiet("22:00-08:00 +08:00") == QuietHours(start: 1320, end: 480, timeZone: .fixed(28_800)))
        #expect(quiet("9:30-12:00", zone: .fixed(0)) == QuietHours(start: 570, end: 720, timeZone: .fixed(0)))
        #expect(quiet("20:00-24:00")?.end == 1440)
        for bad in ["22:00-22:00", "00:00-24:00", "24:00-08:00", "22:00", "22-08", "22:60-08:00", "22:00-08:00 +08:00 x", "22:00-08:00 moon"] {
            #expect(quiet(bad) == nil, "\(bad)")
        }
    }

    @Test("a delivery inside quiet hours waits for their end, across midnight too")
    func deferral() throws {
        let night = try #require(quiet("22:00-08:00 +08:00"))
        #expect(night.deferral(of: Fixtures.time(day: 1, 23, 30)) == Fixtures.time(day: 2, 8))
        #expect(night.deferral(of: Fixtures.time(day: 2, 3)) == Fixtures.time(day: 2, 8))
        #expect(night.deferral(of: Fixtures.time(day: 1, 22)) == Fixtures.time(day: 2, 8))
        #expect(night.deferral(of: Fixtures.time(day: 2, 8)) == nil)
        #expect(night.deferral(of: Fixtures.time(day: 2, 12)) == nil)
        #expect(night.deferral(of: Fixtures.time(day: 1, 21, 59)) == nil)
        let lunch = try #require(quiet("12:00-13:30 +08:00"))
        #expect(lunch.deferral(of: Fixtures.time(day: 1, 12, 10)) == Fixtures.time(day: 1, 13, 30))
        #expect(lunch.deferral(of: Fixtures.time(day: 1, 13, 30)) == nil)
        // The same window in UTC is 8 hours later in China time.
        let utcNight = try #require(quiet("22:00-08:00 UTC"))
        #expect(utcNight.deferral(of: Fixtures.time(day: 2, 7)) == Fixtures.time(day: 2, 16))
        #expect(utcNight.deferral(of: Fixtures.time(day: 2, 17)) == nil)
        // A named zone with daylight saving: the window ends at 07:00 local time, summer (UTC+2) or winter (UTC+1).
        let berlin = try #require(quiet("00:00-07:00 Europe/Berlin"))
        let july1 = Int64(1_782_864_000) // 2026-07-01 00:00 UTC = 02:00 in Berlin (UTC+2)
        #expect(berlin.deferral(of: july1) == july1 + 5 * 3600)
        let jan1 = Int64(1_767_225_600) // 2026-01-01 00:00 UTC = 01:00 in Berlin (UTC+1)
        #expect(berlin.deferral(of: jan1) == jan1 + 6 * 3600)
    }
}
