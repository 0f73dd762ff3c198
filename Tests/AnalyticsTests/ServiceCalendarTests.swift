import Foundation
import Testing
@testable import Analytics

/// Parsing and validation of service calendars: every bad input is rejected with
/// `invalidCalendar` naming the calendar and the field.
@Suite struct ServiceCalendarTests {
    /// Parses `weekly` (and holidays), expecting an error whose message names `field`.
    func rejects(_ weekly: [String: [[String]]], holidays: [String] = [], field: String, mentioning: [String] = [],
                 sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let c = try ServiceCalendar.parse(name: "office", weekly: weekly, holidays: holidays)
            Issue.record("accepted \(c)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .invalidCalendar, sourceLocation: sourceLocation)
            #expect(error.message.contains("\"office\""), "names the calendar: \(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.contains(field + ":"), "names \(field): \(error.message)", sourceLocation: sourceLocation)
            for m in mentioning { #expect(error.message.contains(m), "mentions \(m): \(error.message)", sourceLocation: sourceLocation) }
        }
    }

    func rejectsJSON(_ text: String, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let c = try ServiceCalendar.parse(name: "office", weeklyJSON: text)
            Issue.record("accepted \(c)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .invalidCalendar && error.message.contains(field + ":"), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func parsesTheStoredForm() throws {
        let c = try ServiceCalendar.parse(name: "business-hours",
                                          weekly: ["mon": [["08:00", "18:00"]], "tue": [["13:00", "18:00"], ["8:00", "12:30"]],
                                                   "fri": [["22:00", "06:00"]], "sat": [], "sun": []],
                                          holidays: ["2026-12-25", "2026-12-26", "2026-12-25"])
        #expect(c.name == "business-hours" && !c.isAlways)
        #expect(c.windows(on: .monday) == [try ServiceWindow(startMinute: 480, endMinute: 1080)])
        // Sorted by start, whatever the stored order.
        #expect(c.windows(on: .tuesday).map(\.startMinute) == [480, 780])
        #expect(c.windows(on: .tuesday).map(\.endMinute) == [750, 1080])
        #expect(c.windows(on: .friday).first?.crossesMidnight == true && c.windows(on: .friday).first?.nominalMinutes == 480)
        #expect(c.windows(on: .wednesday).isEmpty && c.windows(on: .sunday).isEmpty)
        #expect(c.holidays == [try CivilDate(year: 2026, month: 12, day: 25), try CivilDate(year: 2026, month: 12, day: 26)])
        #expect(c.windows(startingOn: try CivilDate(year: 2026, month: 12, day: 25)).isEmpty)  // a Friday holiday
        #expect(c.windows(startingOn: try CivilDate(year: 2026, month: 12, day: 18)).count == 1)  // an ordinary Friday
        #expect(c.nominalWeeklyMinutes == 600 + 270 + 300 + 480)
        #expect(c.description.contains("fri: [[\"22:00\",\"06:00\"]]") && c.description.contains("2026-12-25"))
    }

    @Test func parsesJSONText() throws {
        let c = try ServiceCalendar.parse(name: "x", weeklyJSON: #"{"mon": [["08:00","18:00"]], "sun": []}"#, holidays: ["2027-01-01"])
        #expect(c.windows(on: .monday).count == 1 && c.holidays.count == 1)
        rejectsJSON("{\"mon\": [[\"08:00\",", field: "weekly")
        rejectsJSON("[1, 2]", field: "weekly")
        rejectsJSON(#"{"mon": "08:00-18:00"}"#, field: "weekly.mon")
        rejectsJSON(#"{"mon": [["08:00", 18]]}"#, field: "weekly.mon[0][1]")
        rejectsJSON(#"{"mon": [["08:00"]]}"#, field: "weekly.mon[0]")
        rejectsJSON(#"{"mon": [null]}"#, field: "weekly.mon[0]")
    }

    @Test func alwaysIs24x7() {
        #expect(ServiceCalendar.always.isAlways && ServiceCalendar.always.name == "24x7")
        #expect(ServiceCalendar.always.nominalWeeklyMinutes == 7 * 24 * 60)
        #expect(ServiceCalendar.always.description == "24x7")
    }

    @Test func rejectsAnUnknownWeekday() {
        rejects(["mon": [["08:00", "18:00"]], "monday": []], field: "weekly.monday", mentioning: ["unknown weekday", "mon, tue"])
        rejects(["Mon": [["08:00", "18:00"]]], field: "weekly.Mon")
    }

    @Test func rejectsBadTimes() {
        rejects(["mon": [["7:60", "18:00"]]], field: "weekly.mon[0][0]", mentioning: ["7:60"])
        rejects(["tue": [["08:00", "18:00"], ["19:00", "25:00"]]], field: "weekly.tue[1][1]", mentioning: ["25:00"])
        rejects(["wed": [["8", "18:00"]]], field: "weekly.wed[0][0]")
        rejects(["wed": [["08:00:00", "18:00"]]], field: "weekly.wed[0][0]")
        rejects(["wed": [["08:0", "18:00"]]], field: "weekly.wed[0][0]")
        rejects(["wed": [["-1:00", "18:00"]]], field: "weekly.wed[0][0]")
        rejects(["wed": [[" 8:00", "18:00"]]], field: "weekly.wed[0][0]")
        rejects(["thu": [["08:00", ""]]], field: "weekly.thu[0][1]")
        // 24:00 is not a time of day: the message says to end at 00:00 with an overnight window.
        rejects(["fri": [["18:00", "24:00"]]], field: "weekly.fri[0][1]", mentioning: ["24:00", "00:00", "overnight"])
    }

    @Test func rejectsMalformedWindows() {
        rejects(["mon": [["08:00"]]], field: "weekly.mon[0]", mentioning: ["two times"])
        rejects(["mon": [["08:00", "12:00", "18:00"]]], field: "weekly.mon[0]")
        rejects(["sat": [["10:00", "10:00"]]], field: "weekly.sat[0]", mentioning: ["empty"])
    }

    @Test func rejectsOverlappingWindowsOfOneDay() {
        rejects(["mon": [["08:00", "12:00"], ["11:00", "18:00"]]], field: "weekly.mon[1]", mentioning: ["overlaps", "weekly.mon[0]"])
        // Reported at the later index whatever the sort order.
        rejects(["mon": [["11:00", "18:00"], ["08:00", "12:00"]]], field: "weekly.mon[1]")
        rejects(["tue": [["09:00", "10:00"], ["09:00", "09:30"]]], field: "weekly.tue[1]")
        // An overnight window overlapping a later window of the same day (both start on Tuesday).
        rejects(["tue": [["22:00", "06:00"], ["23:00", "23:30"]]], field: "weekly.tue[1]")
        rejects(["tue": [["20:00", "02:00"], ["22:00", "01:00"]]], field: "weekly.tue[1]")
    }

    @Test func acceptsTouchingAndCrossDayOverlaps() throws {
        // Touching windows of one day are fine.
        let touching = try ServiceCalendar.parse(name: "x", weekly: ["mon": [["08:00", "12:00"], ["12:00", "18:00"]]])
        #expect(touching.windows(on: .monday).count == 2)
        // An overnight window of Wednesday overlapping Thursday's early window: allowed, the union is taken.
        let crossing = try ServiceCalendar.parse(name: "x", weekly: ["wed": [["22:00", "06:00"]], "thu": [["05:00", "09:00"]]])
        #expect(crossing.windows(on: .wednesday).count == 1 && crossing.windows(on: .thursday).count == 1)
        // A window in the small hours and an overnight window of the same day do not overlap.
        let night = try ServiceCalendar.parse(name: "x", weekly: ["fri": [["01:00", "03:00"], ["22:00", "02:00"]]])
        #expect(night.windows(on: .friday).map(\.startMinute) == [60, 1320])
        // A whole day is two windows ending at the next midnight.
        let whole = try ServiceCalendar.parse(name: "x", weekly: ["sun": [["00:00", "12:00"], ["12:00", "00:00"]]])
        #expect(whole.nominalWeeklyMinutes == 1440)
    }

    @Test func rejectsBadHolidays() {
        rejects(["mon": []], holidays: ["2026-12-25", "2026-02-30"], field: "holidays[1]", mentioning: ["2026-02-30"])
        rejects([:], holidays: ["25.12.2026"], field: "holidays[0]")
        rejects([:], holidays: ["2026-1-01"], field: "holidays[0]")
    }

    @Test func typedWindowsAreValidated() throws {
        #expect(throws: AnalyticsError.self) { try ServiceWindow(startMinute: 0, endMinute: 1440) }
        #expect(throws: AnalyticsError.self) { try ServiceWindow(startMinute: 600, endMinute: 600) }
        #expect(throws: AnalyticsError.self) { try ServiceWindow(startMinute: -1, endMinute: 60) }
        let a = try ServiceWindow(startMinute: 480, endMinute: 720)
        let b = try ServiceWindow(startMinute: 600, endMinute: 1080)
        #expect(throws: AnalyticsError.self) { try ServiceCalendar(name: "typed", weekly: [.monday: [a, b]]) }
        #expect(a.description == "[\"08:00\",\"12:00\"]")
        #expect(ServiceCalendar.Weekday(key: "sun") == .sunday && ServiceCalendar.Weekday(key: "Sun") == nil)
        #expect(ServiceCalendar.Weekday(of: try CivilDate(year: 2026, month: 10, day: 25)) == .sunday)
    }
}
