import Foundation
import Testing
@testable import Analytics

/// The day and second-of-day arithmetic of `CivilDate`, checked against Foundation's Gregorian calendar in UTC.
@Suite struct CivilDateEpochSecondsTests {
    static func utcCalendar() -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
        return calendar
    }

    @Test func dayAndSecondOfDayMatchFoundation() {
        let calendar = Self.utcCalendar()
        var seed: UInt64 = 7
        for _ in 0..<3_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            // 1601-01-01 ... 2286-11-20: Foundation's Gregorian calendar is Julian before 1582.
            let t = Int64(bitPattern: seed >> 1) % 21_600_000_000 - 11_600_000_000
            let date = CivilDate(epochSeconds: t)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(t)))
            #expect((date.year, date.month, date.day) == (c.year!, c.month!, c.day!), "\(t)")
            #expect(CivilDate.secondOfDay(t) == Int64(c.hour! * 3600 + c.minute! * 60 + c.second!), "\(t)")
            #expect(CivilDate.daysSinceEpoch(year: c.year!, month: c.month!, day: c.day!) * 86_400 + CivilDate.secondOfDay(t) == t)
        }
    }

    @Test func negativeSecondsFloorToTheDayBefore() throws {
        #expect(CivilDate(epochSeconds: -1) == (try CivilDate(year: 1969, month: 12, day: 31)))
        #expect(CivilDate.secondOfDay(-1) == 86_399)
        #expect(CivilDate(epochSeconds: -86_400) == (try CivilDate(year: 1969, month: 12, day: 31)))
        #expect(CivilDate.secondOfDay(-86_400) == 0)
        #expect(CivilDate(epochSeconds: 0) == (try CivilDate(year: 1970, month: 1, day: 1)))
        #expect(CivilDate(epochSeconds: 86_399) == (try CivilDate(year: 1970, month: 1, day: 1)))
        #expect(CivilDate.secondOfDay(86_399) == 86_399)
    }

    @Test func uncheckedDayCountsMatchTheInstanceAndRunOn() throws {
        var d = CivilDate(daysSinceEpoch: -900_000)
        for _ in 0..<2_000 {
            #expect(CivilDate.daysSinceEpoch(year: d.year, month: d.month, day: d.day) == d.daysSinceEpoch)
            d = d.adding(days: 611)
        }
        #expect(CivilDate.daysSinceEpoch(year: 2026, month: 2, day: 30) == (try CivilDate(year: 2026, month: 3, day: 2)).daysSinceEpoch)
        #expect(CivilDate.daysSinceEpoch(year: 2024, month: 2, day: 30) == (try CivilDate(year: 2024, month: 3, day: 1)).daysSinceEpoch)
        #expect(CivilDate.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
    }

    @Test func localClockDateUsesTheWallClockDay() throws {
        let clock = try LocalClock(identifier: "Pacific/Auckland")
        // 2026-10-03T12:30:00Z is 2026-10-04 01:30 in Auckland (UTC+13 in October).
        let t = utc("2026-10-03T12:30:00Z")
        #expect(clock.date(at: t) == (try CivilDate(year: 2026, month: 10, day: 4)))
        #expect(clock.date(at: t) == CivilDate(epochSeconds: clock.wallClock(at: t)))
    }
}
