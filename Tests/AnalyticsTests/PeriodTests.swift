import Foundation
import Testing
@testable import Analytics

@Suite struct PeriodParsingTests {
    let berlin = zone("Europe/Berlin")
    // 2026-11-03 10:00 UTC, a Tuesday.
    let reference = Date(timeIntervalSince1970: TimeInterval(utc("2026-11-03T10:00:00Z")))

    @Test func previousDayWeekMonth() throws {
        let day = try ReportPeriod.parse("previous-day", relativeTo: reference, in: berlin)
        #expect(day.kind == .day)
        #expect(day.label == "2026-11-02")
        #expect(day.interval == EpochInterval(start: utc("2026-11-01T23:00:00Z"), end: utc("2026-11-02T23:00:00Z")))

        let week = try ReportPeriod.parse("previous-week", relativeTo: reference, in: berlin)
        #expect(week.label == "2026-W44")
        #expect(week.firstDay.description == "2026-10-26")
        #expect(week.lastDay.description == "2026-11-01")
        #expect(week.interval.start == utc("2026-10-25T23:00:00Z"))

        let month = try ReportPeriod.parse("previous-month", relativeTo: reference, in: berlin)
        #expect(month.label == "2026-10")
        // October 2026 in Berlin: starts CEST (+2), ends CET (+1): 31 days + 1 hour.
        #expect(month.interval == EpochInterval(start: utc("2026-09-30T22:00:00Z"), end: utc("2026-10-31T23:00:00Z")))
        #expect(month.interval.seconds == 31 * 86_400 + 3600)
    }

    @Test func referenceDayIsReadInTheZone() throws {
        // 23:30 UTC on Nov 2 is already Nov 3 in Berlin, still Nov 2 in New York.
        let ref = Date(timeIntervalSince1970: TimeInterval(utc("2026-11-02T23:30:00Z")))
        #expect(try ReportPeriod.parse("previous-day", relativeTo: ref, in: berlin).label == "2026-11-02")
        #expect(try ReportPeriod.parse("previous-day", relativeTo: ref, in: zone("America/New_York")).label == "2026-11-01")
    }

    @Test func previousMonthAcrossYearStart() throws {
        let jan = Date(timeIntervalSince1970: TimeInterval(utc("2027-01-15T12:00:00Z")))
        let p = try ReportPeriod.parse("previous-month", relativeTo: jan, in: berlin)
        #expect(p.label == "2026-12")
        #expect(p.dayCount == 31)
        let w = try ReportPeriod.parse("previous-week", relativeTo: Date(timeIntervalSince1970: TimeInterval(utc("2027-01-06T12:00:00Z"))), in: berlin)
        #expect(w.label == "2026-W53")  // 2026 has 53 ISO weeks
    }

    @Test func explicitSpecs() throws {
        let d = try ReportPeriod.parse("2026-10-05", relativeTo: reference, in: berlin)
        #expect(d.label == "2026-10-05" && d.kind == .day)
        let w = try ReportPeriod.parse("2026-W43", relativeTo: reference, in: berlin)
        #expect(w.label == "2026-W43" && w.firstDay.description == "2026-10-19" && w.lastDay.description == "2026-10-25")
        let m = try ReportPeriod.parse(" 2026-02 ", relativeTo: reference, in: berlin)
        #expect(m.label == "2026-02" && m.dayCount == 28)
        let r = try ReportPeriod.parse("2026-10-01..2026-10-07", relativeTo: reference, in: berlin)
        #expect(r.kind == .range && r.label == "2026-10-01..2026-10-07" && r.dayCount == 7)
        let one = try ReportPeriod.parse("2026-10-01..2026-10-01", relativeTo: reference, in: berlin)
        #expect(one.dayCount == 1)
        let w1 = try ReportPeriod.parse("2026-W01", relativeTo: reference, in: berlin)
        #expect(w1.firstDay.description == "2025-12-29")
    }

    @Test func leapDayAndMonthEnds() throws {
        let leap = try ReportPeriod.parse("2028-02-29", relativeTo: reference, in: berlin)
        #expect(leap.interval == EpochInterval(start: utc("2028-02-28T23:00:00Z"), end: utc("2028-02-29T23:00:00Z")))
        let feb = try ReportPeriod.parse("2028-02", relativeTo: reference, in: berlin)
        #expect(feb.dayCount == 29)
        #expect(feb.lastDay.description == "2028-02-29")
        #expect(feb.preceding.label == "2028-01")
        let mar = try ReportPeriod.month(year: 2028, month: 3, in: berlin)
        #expect(mar.preceding == feb)
        #expect(try ReportPeriod.month(year: 2026, month: 4, in: berlin).dayCount == 30)
        #expect(try ReportPeriod.month(year: 2100, month: 2, in: berlin).dayCount == 28)
        #expect(try ReportPeriod.month(year: 2000, month: 2, in: berlin).dayCount == 29)
        // previous-day on March 1st of a leap year is Feb 29.
        let mar1 = Date(timeIntervalSince1970: TimeInterval(utc("2028-03-01T12:00:00Z")))
        #expect(try ReportPeriod.parse("previous-day", relativeTo: mar1, in: berlin).label == "2028-02-29")
        #expect(throws: AnalyticsError.self) { try ReportPeriod.parse("2026-02-29", relativeTo: reference, in: berlin) }
    }

    @Test func precedingPeriods() throws {
        let d = try ReportPeriod.parse("2026-03-01", relativeTo: reference, in: berlin)
        #expect(d.preceding.label == "2026-02-28")
        let w = try ReportPeriod.parse("2026-W01", relativeTo: reference, in: berlin)
        #expect(w.preceding.label == "2025-W52")
        let r = try ReportPeriod.parse("2026-10-01..2026-10-07", relativeTo: reference, in: berlin)
        #expect(r.preceding.label == "2026-09-24..2026-09-30")
        let m = try ReportPeriod.parse("2026-01", relativeTo: reference, in: berlin)
        #expect(m.preceding.label == "2025-12")
    }

    @Test(arguments: [
        ("yesterday", "expected previous-day"),
        ("2026-13", "month 13"),
        ("2026-02-30", "day 30 does not exist"),
        ("2025-W53", "weeks 1...52"),
        ("2026-W00", "weeks 1...53"),
        ("2026-10-07..2026-10-01", "before its start"),
        ("2026-1-05", "not a date"),
        ("2026-10-01..", "range end"),
        ("", "expected previous-day"),
        ("2026-w43", "month"),
    ])
    func badSpecsSayWhy(spec: String, reason: String) {
        do {
            _ = try ReportPeriod.parse(spec, relativeTo: reference, in: berlin)
            Issue.record("\(spec) was accepted")
        } catch {
            #expect(error.code == .invalidPeriod)
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.message.contains("\"\(spec)\""))
        }
    }

    @Test func zoneByIdentifier() throws {
        let p = try ReportPeriod.parse("2026-10", relativeTo: reference, timeZoneIdentifier: "America/New_York")
        #expect(p.interval.start == utc("2026-10-01T04:00:00Z"))
        #expect(throws: AnalyticsError.self) { try ReportPeriod.parse("2026-10", relativeTo: reference, timeZoneIdentifier: "Nowhere/City") }
    }

    @Test func unknownTimeZone() {
        #expect(throws: AnalyticsError(.invalidTimeZone, "unknown time zone \"Mars/Olympus\" (expected an IANA name such as Europe/Berlin)")) {
            try LocalClock(identifier: "Mars/Olympus")
        }
    }
}

@Suite struct PeriodBucketTests {
    @Test func berlinSpringForwardDayHas23Hours() throws {
        let p = ReportPeriod.day(try CivilDate(year: 2026, month: 3, day: 29), in: zone("Europe/Berlin"))
        #expect(p.interval.seconds == 23 * 3600)
        let hours = p.hourBuckets
        #expect(hours.count == 23)
        #expect(hours.allSatisfy { $0.seconds == 3600 })
        #expect(hours[1].label == "2026-03-29T01:00+01:00")
        #expect(hours[2].label == "2026-03-29T03:00+02:00")
        #expect(hours[2].interval.start == utc("2026-03-29T01:00:00Z"))
    }

    @Test func berlinFallBackDayHas25Hours() throws {
        let p = ReportPeriod.day(try CivilDate(year: 2026, month: 10, day: 25), in: zone("Europe/Berlin"))
        #expect(p.interval == EpochInterval(start: utc("2026-10-24T22:00:00Z"), end: utc("2026-10-25T23:00:00Z")))
        let hours = p.hourBuckets
        #expect(hours.count == 25)
        #expect(hours.map(\.label)[2...3] == ["2026-10-25T02:00+02:00", "2026-10-25T02:00+01:00"])
        let days = try ReportPeriod.parse("2026-10-24..2026-10-26", relativeTo: Date(), in: zone("Europe/Berlin")).dayBuckets
        #expect(days.map(\.seconds) == [86_400, 90_000, 86_400])
        #expect(days.map(\.label) == ["2026-10-24", "2026-10-25", "2026-10-26"])
        #expect(days.map(\.utcOffsetSeconds) == [7200, 7200, 3600])
    }

    @Test func newYorkSwitchDays() throws {
        let ny = zone("America/New_York")
        let spring = ReportPeriod.day(try CivilDate(year: 2026, month: 3, day: 8), in: ny)
        #expect(spring.interval == EpochInterval(start: utc("2026-03-08T05:00:00Z"), end: utc("2026-03-09T04:00:00Z")))
        #expect(spring.hourBuckets.count == 23)
        #expect(spring.hourBuckets[2].label == "2026-03-08T03:00-04:00")
        let fall = ReportPeriod.day(try CivilDate(year: 2026, month: 11, day: 1), in: ny)
        #expect(fall.interval.seconds == 25 * 3600)
        #expect(fall.hourBuckets.count == 25)
        let month = try ReportPeriod.month(year: 2026, month: 3, in: ny)
        #expect(month.interval.seconds == 31 * 86_400 - 3600)
        #expect(month.hourBuckets.count == 31 * 24 - 1)
        #expect(month.dayBuckets.count == 31)
    }

    @Test func kolkataHoursStartAtHalfPastUTC() throws {
        let p = ReportPeriod.day(try CivilDate(year: 2026, month: 10, day: 5), in: zone("Asia/Kolkata"))
        #expect(p.interval.start == utc("2026-10-04T18:30:00Z"))
        let hours = p.hourBuckets
        #expect(hours.count == 24)
        #expect(hours.allSatisfy { ($0.interval.start - 1800) % 3600 == 0 })
        #expect(hours[0].label == "2026-10-05T00:00+05:30")
    }

    @Test func lordHoweHalfHourShiftAndSantiagoMissingMidnight() throws {
        // Lord Howe moves 30 minutes: the day has 23.5 hours and one 30-minute hour bucket.
        let lh = ReportPeriod.day(try CivilDate(year: 2026, month: 10, day: 4), in: zone("Australia/Lord_Howe"))
        #expect(lh.interval.seconds == 23 * 3600 + 1800)
        #expect(lh.hourBuckets.map(\.seconds).reduce(0, +) == lh.interval.seconds)
        #expect(lh.hourBuckets.contains { $0.seconds == 1800 })
        // Santiago skips 00:00 on 2026-09-06: the day starts at 01:00 local (-03).
        let cl = ReportPeriod.day(try CivilDate(year: 2026, month: 9, day: 6), in: zone("America/Santiago"))
        #expect(cl.interval.start == utc("2026-09-06T04:00:00Z"))
        #expect(cl.interval.seconds == 23 * 3600)
        #expect(cl.preceding.interval.end == cl.interval.start)
    }

    @Test func weekBucketsClipToTheMonth() throws {
        let p = try ReportPeriod.month(year: 2026, month: 10, in: zone("Europe/Berlin"))
        let weeks = p.weekBuckets
        #expect(weeks.map(\.label) == ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"])
        #expect(weeks.first?.interval.start == p.interval.start)
        #expect(weeks.last?.interval.end == p.interval.end)
        #expect(weeks.map(\.seconds).reduce(0, +) == p.interval.seconds)
    }

    @Test func bucketsTileThePeriodInManyZones() throws {
        for id in ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham"] {
            let p = try ReportPeriod.parse("2026-01-01..2026-12-31", relativeTo: Date(), in: zone(id))
            for buckets in [p.dayBuckets, p.hourBuckets, p.weekBuckets] {
                #expect(buckets.first?.interval.start == p.interval.start, "\(id)")
                #expect(buckets.last?.interval.end == p.interval.end, "\(id)")
                for (a, b) in zip(buckets, buckets.dropFirst()) where a.interval.end != b.interval.start {
                    Issue.record("\(id): gap between \(a.label) and \(b.label)")
                }
            }
            #expect(p.dayBuckets.count == 365)
        }
    }

    @Test func civilDateArithmetic() throws {
        var d = CivilDate(daysSinceEpoch: -800_000)
        for _ in 0..<2_000 {
            #expect(CivilDate(daysSinceEpoch: d.daysSinceEpoch) == d)
            let next = d.adding(days: 523)
            #expect(next > d)
            d = next
        }
        #expect(try CivilDate(year: 2026, month: 10, day: 25).isoWeekday == 7)
        #expect(try CivilDate(year: 2027, month: 1, day: 1).isoWeek == (2026, 53))
        #expect(CivilDate.isoWeeksIn(year: 2026) == 53)
        #expect(CivilDate.isoWeeksIn(year: 2027) == 52)
    }

    @Test func elapsedPartOfARunningPeriod() throws {
        let p = try ReportPeriod.month(year: 2026, month: 10, in: zone("UTC"))
        let now = Date(timeIntervalSince1970: TimeInterval(utc("2026-10-10T12:00:00Z")))
        #expect(p.isOpen(at: now))
        #expect(p.elapsed(at: now) == EpochInterval(start: utc("2026-10-01T00:00:00Z"), end: utc("2026-10-10T12:00:00Z")))
    }
}

/// The typed period spec: parsed once, validated completely, resolved per zone without failing.
@Suite struct PeriodSpecTests {
    let berlin = zone("Europe/Berlin")
    // 2026-11-03 10:00 UTC, a Tuesday.
    let reference = Date(timeIntervalSince1970: TimeInterval(utc("2026-11-03T10:00:00Z")))

    @Test(arguments: [
        ("previous-day", "previous-day", true, "2026-11-02"),
        ("previous-week", "previous-week", true, "2026-W44"),
        ("previous-month", "previous-month", true, "2026-10"),
        ("2026-10-05", "2026-10-05", false, "2026-10-05"),
        ("2026-W43", "2026-W43", false, "2026-W43"),
        (" 2026-02 ", "2026-02", false, "2026-02"),
        ("2026-10-01..2026-10-07", "2026-10-01..2026-10-07", false, "2026-10-01..2026-10-07"),
        ("2020-W53", "2020-W53", false, "2020-W53"),
    ])
    func goodSpecsParseResolveAndPrintBack(text: String, canonical: String, relative: Bool, label: String) throws {
        let spec = try PeriodSpec(parsing: text)
        #expect(spec.description == canonical)
        #expect(try PeriodSpec(parsing: spec.description) == spec)
        #expect(spec.isRelative == relative)
        let period = spec.resolve(relativeTo: reference, in: berlin)
        #expect(period.label == label)
        #expect(period == (try ReportPeriod.parse(text, relativeTo: reference, in: berlin)))
        if !relative { #expect(PeriodSpec(period) == spec) }
    }

    @Test func namedSpecsAndFactoriesAgreeWithTheParser() throws {
        #expect(try PeriodSpec(parsing: "previous-month") == .previousMonth)
        #expect(try PeriodSpec(parsing: "2026-10-05") == .day(try CivilDate(year: 2026, month: 10, day: 5)))
        #expect(try PeriodSpec(parsing: "2026-W43") == (try .isoWeek(year: 2026, week: 43)))
        #expect(try PeriodSpec(parsing: "2026-10") == (try .month(year: 2026, month: 10)))
        #expect(try PeriodSpec(parsing: "2026-10-01..2026-10-07")
                == (try .range(from: CivilDate(year: 2026, month: 10, day: 1), to: CivilDate(year: 2026, month: 10, day: 7))))
    }

    /// The same spec read in two zones: the same local days, other instants.
    @Test func oneSpecResolvesPerZone() throws {
        let spec = PeriodSpec.previousDay
        let justAfterMidnightInBerlin = Date(timeIntervalSince1970: TimeInterval(utc("2026-11-02T23:30:00Z")))
        #expect(spec.resolve(relativeTo: justAfterMidnightInBerlin, in: berlin).label == "2026-11-02")
        #expect(spec.resolve(relativeTo: justAfterMidnightInBerlin, in: zone("UTC")).label == "2026-11-01")
        let month = try PeriodSpec(parsing: "2026-10")
        #expect(month.resolve(relativeTo: reference, in: berlin).interval.start == utc("2026-09-30T22:00:00Z"))
        #expect(month.resolve(relativeTo: reference, in: zone("America/New_York")).interval.start == utc("2026-10-01T04:00:00Z"))
    }

    /// Every bad spec is rejected at parse time; the message quotes the spec as it came and says why.
    @Test(arguments: [
        ("yesterday", "expected previous-day"),
        ("2026-13", "month 13 is not in 1...12"),
        ("2026-02-30", "day 30 does not exist in 2026-02"),
        ("2025-W53", "weeks 1...52"),
        ("2026-10-07..2026-10-01", "before its start"),
        ("2000-01-01..2026-01-01", "at most 3700"),
        ("2026-1-05", "not a date like 2026-10-05"),
        ("..2026-10-01", "range start"),
        ("Previous-Day", "expected previous-day"),
    ])
    func badSpecsAreRejectedWithTheSpecAndTheReason(text: String, reason: String) {
        do {
            let spec = try PeriodSpec(parsing: text)
            Issue.record("\(text) was accepted as \(spec)")
        } catch {
            #expect(error.code == .invalidPeriod)
            #expect(error.message.hasPrefix("period \"\(text)\": "), "\(error.message)")
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    @Test func civilDatesParseStrictly() throws {
        #expect(try CivilDate(parsing: "2028-02-29") == CivilDate(year: 2028, month: 2, day: 29))
        #expect(throws: AnalyticsError(.invalidPeriod, "day 30 does not exist in 2026-02 (it has 28 days)")) { try CivilDate(parsing: "2026-02-30") }
        #expect(throws: AnalyticsError(.invalidPeriod, "\"2026-2-3\" is not a date like 2026-10-05")) { try CivilDate(parsing: "2026-2-3") }
    }

    /// A resolved period's JSON form (as in report.ready and job messages) decodes back to the same period.
    @Test func resolvedPeriodsRoundTripThroughJSON() throws {
        for text in ["2026-10-25", "2026-W43", "2026-10", "2026-10-24..2026-10-26"] {
            let period = try ReportPeriod.parse(text, relativeTo: reference, in: berlin)
            let json = try JSONEncoder().encode(period)
            let object = try JSONSerialization.jsonObject(with: json) as? [String: String]
            #expect(object?["label"] == text)
            #expect(object?["timezone"] == "Europe/Berlin")
            #expect(object?["start"] == ISO8601DateFormatter().string(from: period.start))
            #expect(try JSONDecoder().decode(ReportPeriod.self, from: json) == period)
        }
        let day = try JSONDecoder().decode(ReportPeriod.self, from: Data("""
            {"label": "2026-10-25", "start": "2026-10-24T22:00:00Z", "end": "2026-10-25T23:00:00Z", "timezone": "Europe/Berlin"}
            """.utf8))
        #expect(day.end.timeIntervalSince(day.start) == 25 * 3600, "the fall-back day has 25 hours")
    }

    @Test(arguments: [
        #"{"label": "previous-day", "start": "2026-10-24T22:00:00Z", "end": "2026-10-25T23:00:00Z", "timezone": "Europe/Berlin"}"#,
        #"{"label": "2026-10-25", "start": "2026-10-25T00:00:00Z", "end": "2026-10-25T23:00:00Z", "timezone": "Europe/Berlin"}"#,
        #"{"label": "2026-10-25", "start": "2026-10-24T22:00:00Z", "end": "2026-10-25T23:00:00Z", "timezone": "Mars/Olympus"}"#,
        #"{"label": "2026-13", "start": "2026-10-24T22:00:00Z", "end": "2026-10-25T23:00:00Z", "timezone": "Europe/Berlin"}"#,
        #"{"label": "2026-10-25", "timezone": "Europe/Berlin"}"#,
    ])
    func inconsistentPeriodJSONIsRefused(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReportPeriod.self, from: Data(json.utf8)) }
    }
}
