import Foundation
import Testing
@testable import Analytics

/// Hand-worked service time S: DST days, overnight windows, holidays, unions, 24x7.
@Suite struct ServiceTimeTests {
    func calendar(_ weekly: [String: [[String]]], holidays: [String] = []) throws -> ServiceCalendar {
        try ServiceCalendar.parse(name: "test", weekly: weekly, holidays: holidays)
    }

    /// S of `calendar` over local days `from...to` in `tz`.
    func service(_ c: ServiceCalendar, _ tz: String, _ from: String, _ to: String) throws -> [EpochInterval] {
        let p = try ReportPeriod.parse("\(from)..\(to)", relativeTo: Date(), in: zone(tz))
        return ServiceTime(calendar: c, clock: p.clock, over: p.interval).intervals(in: p.interval)
    }

    func iv(_ a: String, _ b: String) -> EpochInterval { EpochInterval(start: utc(a), end: utc(b)) }

    @Test func springForwardShortensWindows() throws {
        // Berlin, Sunday 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z).
        let long = try calendar(["sun": [["01:00", "05:00"]]])
        #expect(try service(long, "Europe/Berlin", "2026-03-29", "2026-03-29") == [iv("2026-03-29T00:00:00Z", "2026-03-29T03:00:00Z")])
        // 02:30 is skipped: the window opens when the clock jumps past it (01:00Z) and closes at 03:30 CEST.
        let skipped = try calendar(["sun": [["02:30", "03:30"]]])
        #expect(try service(skipped, "Europe/Berlin", "2026-03-29", "2026-03-29") == [iv("2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z")])
        // Entirely inside the gap: nothing.
        let gap = try calendar(["sun": [["02:10", "02:50"]]])
        #expect(try service(gap, "Europe/Berlin", "2026-03-29", "2026-03-29").isEmpty)
        // An overnight window into the short night: 22:00 CET Saturday to 06:00 CEST Sunday = 7 h.
        let night = try calendar(["sat": [["22:00", "06:00"]]])
        #expect(try service(night, "Europe/Berlin", "2026-03-28", "2026-03-29") == [iv("2026-03-28T21:00:00Z", "2026-03-29T04:00:00Z")])
    }

    @Test func fallBackLengthensWindows() throws {
        // Berlin, Sunday 2026-10-25: 03:00 CEST falls back to 02:00 CET (01:00Z).
        let long = try calendar(["sun": [["01:00", "05:00"]]])
        #expect(try service(long, "Europe/Berlin", "2026-10-25", "2026-10-25") == [iv("2026-10-24T23:00:00Z", "2026-10-25T04:00:00Z")])
        // From the first 02:30 (CEST) to the only 03:30 (CET): 2 h.
        let twice = try calendar(["sun": [["02:30", "03:30"]]])
        #expect(try service(twice, "Europe/Berlin", "2026-10-25", "2026-10-25") == [iv("2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z")])
        // New York, Sunday 2026-11-01: 02:00 EDT falls back to 01:00 EST (06:00Z); 01:00-05:00 is 5 h.
        #expect(try service(long, "America/New_York", "2026-11-01", "2026-11-01") == [iv("2026-11-01T05:00:00Z", "2026-11-01T10:00:00Z")])
    }

    @Test func halfHourZone() throws {
        let c = try calendar(["thu": [["09:30", "18:30"]]])
        #expect(try service(c, "Asia/Kolkata", "2026-10-01", "2026-10-01") == [iv("2026-10-01T04:00:00Z", "2026-10-01T13:00:00Z")])
    }

    @Test func holidaysRemoveTheWindowsStartingOnThem() throws {
        // Friday 2026-10-09 overnight into Saturday 2026-10-10 (a holiday): it still runs; Saturday's window does not.
        let c = try calendar(["thu": [["22:00", "02:00"]], "fri": [["22:00", "06:00"]], "sat": [["10:00", "12:00"]]],
                             holidays: ["2026-10-10"])
        #expect(try service(c, "UTC", "2026-10-09", "2026-10-11") == [iv("2026-10-09T00:00:00Z", "2026-10-09T02:00:00Z"),
                                                                    iv("2026-10-09T22:00:00Z", "2026-10-10T06:00:00Z")])
        // Friday a holiday instead: Thursday's overnight still runs into Friday, Friday's own window is gone.
        let f = try calendar(["thu": [["22:00", "02:00"]], "fri": [["22:00", "06:00"]], "sat": [["10:00", "12:00"]]],
                             holidays: ["2026-10-09"])
        #expect(try service(f, "UTC", "2026-10-09", "2026-10-11") == [iv("2026-10-09T00:00:00Z", "2026-10-09T02:00:00Z"),
                                                                    iv("2026-10-10T10:00:00Z", "2026-10-10T12:00:00Z")])
    }

    @Test func unionAcrossDaysAndTouchingWindows() throws {
        // Wednesday's overnight overlaps Thursday's early window; Thursday's two windows touch.
        let c = try calendar(["wed": [["22:00", "06:00"]], "thu": [["05:00", "09:00"], ["09:00", "10:00"]]])
        #expect(try service(c, "UTC", "2026-10-07", "2026-10-08") == [iv("2026-10-07T22:00:00Z", "2026-10-08T10:00:00Z")])
        // A whole-day schedule is one interval over the period, on DST days too.
        let whole = ["00:00", "12:00"], rest = ["12:00", "00:00"]
        let all = try calendar(Dictionary(uniqueKeysWithValues: ServiceCalendar.Weekday.allCases.map { ($0.key, [whole, rest]) }))
        let p = try ReportPeriod.parse("2026-10-24..2026-10-26", relativeTo: Date(), in: zone("Europe/Berlin"))
        #expect(try service(all, "Europe/Berlin", "2026-10-24", "2026-10-26") == [p.interval])
    }

    @Test func clippedToTheBoundsAndStreamedDayByDay() throws {
        let c = try calendar(["mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]], "wed": [["22:00", "06:00"]]])
        let clock = LocalClock(zone("UTC"))
        // From Monday 12:00 to Thursday 03:00.
        let bounds = iv("2026-10-05T12:00:00Z", "2026-10-08T03:00:00Z")
        let lazy = Array(c.serviceIntervals(in: bounds, clock: clock))
        #expect(lazy == [iv("2026-10-05T12:00:00Z", "2026-10-05T18:00:00Z"), iv("2026-10-06T08:00:00Z", "2026-10-06T18:00:00Z"),
                         iv("2026-10-07T22:00:00Z", "2026-10-08T03:00:00Z")])
        // The overnight window of the day before the bounds reaches in.
        #expect(Array(c.serviceIntervals(in: iv("2026-10-08T01:00:00Z", "2026-10-08T12:00:00Z"), clock: clock))
                == [iv("2026-10-08T01:00:00Z", "2026-10-08T06:00:00Z")])
        #expect(Array(c.serviceIntervals(in: iv("2026-10-08T01:00:00Z", "2026-10-08T01:00:00Z"), clock: clock)).isEmpty)
        let s = ServiceTime(calendar: c, clock: clock, over: bounds)
        #expect(s.seconds(in: bounds) == 6 * 3600 + 10 * 3600 + 5 * 3600)
        #expect(s.contains(utc("2026-10-05T12:00:00Z")) && !s.contains(utc("2026-10-05T18:00:00Z")))
        #expect(s.intervals(in: iv("2026-10-06T17:00:00Z", "2026-10-07T23:00:00Z"))
                == [iv("2026-10-06T17:00:00Z", "2026-10-06T18:00:00Z"), iv("2026-10-07T22:00:00Z", "2026-10-07T23:00:00Z")])
    }

    @Test func alwaysIsEveryInstant() throws {
        let bounds = iv("2026-10-05T12:00:00Z", "2026-10-08T03:00:00Z")
        #expect(Array(ServiceCalendar.always.serviceIntervals(in: bounds, clock: LocalClock(zone("Europe/Berlin")))) == [bounds])
        let s = ServiceTime(calendar: .always, clock: LocalClock(zone("UTC")), over: bounds)
        #expect(s.isAlways && s == .always && s.intervals(in: bounds) == [bounds] && s.seconds(in: bounds) == bounds.seconds)
        // Given intervals are normalised.
        let n = ServiceTime([EpochInterval(start: 50, end: 60), EpochInterval(start: 0, end: 10), EpochInterval(start: 5, end: 20),
                             EpochInterval(start: 20, end: 30), EpochInterval(start: 40, end: 40)])
        #expect(!n.isAlways && n.intervals(in: EpochInterval(start: 0, end: 100)) == [EpochInterval(start: 0, end: 30), EpochInterval(start: 50, end: 60)])
    }
}
