import Foundation

extension ReportPeriod {
    /// Parses a `--period` spec relative to `reference` (normally "now") in `timeZone`.
    ///
    /// Accepted (case-sensitive, surrounding whitespace ignored):
    /// - `previous-day`: the local day before the one containing `reference`;
    /// - `previous-week`: the ISO week (Monday-Sunday) before the one containing `reference`;
    /// - `previous-month`: the calendar month before the one containing `reference`;
    /// - `YYYY-MM-DD`, `YYYY-Www` (ISO week, `W` upper-case), `YYYY-MM`;
    /// - `FROM..TO`: local days `YYYY-MM-DD..YYYY-MM-DD`, both included.
    /// Throws `invalidPeriod` naming the spec and what is wrong with it.
    public static func parse(_ spec: String, relativeTo reference: Date, in timeZone: TimeZone) throws(AnalyticsError) -> ReportPeriod {
        let text = spec.trimmingCharacters(in: .whitespaces)
        let clock = LocalClock(timeZone)
        let today = clock.date(at: Int64(epochSecondsOf: reference))
        do throws(AnalyticsError) {
            switch text {
            case "previous-day":
                return day(today.adding(days: -1), in: timeZone)
            case "previous-week":
                let w = today.adding(days: -7).isoWeek
                return try isoWeek(year: w.year, week: w.week, in: timeZone)
            case "previous-month":
                let first = today.firstOfMonth(addingMonths: -1)
                return try month(year: first.year, month: first.month, in: timeZone)
            default:
                break
            }
            if let sep = text.range(of: "..") {
                let from = try parseDate(String(text[text.startIndex..<sep.lowerBound]), role: "range start")
                let to = try parseDate(String(text[sep.upperBound...]), role: "range end")
                return try range(from: from, to: to, in: timeZone)
            }
            let fields = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            if fields.count == 2, fields[1].hasPrefix("W") {
                guard let y = number(fields[0], digits: 4), let w = number(String(fields[1].dropFirst()), digits: 2) else {
                    throw AnalyticsError(.invalidPeriod, "expected an ISO week like 2026-W43")
                }
                return try isoWeek(year: y, week: w, in: timeZone)
            }
            if fields.count == 2 {
                guard let y = number(fields[0], digits: 4), let m = number(fields[1], digits: 2) else {
                    throw AnalyticsError(.invalidPeriod, "expected a month like 2026-10")
                }
                return try month(year: y, month: m, in: timeZone)
            }
            if fields.count == 3 {
                return day(try parseDate(text, role: "day"), in: timeZone)
            }
            throw AnalyticsError(.invalidPeriod, "expected previous-day, previous-week, previous-month, YYYY-MM-DD, YYYY-Www, YYYY-MM or FROM..TO")
        } catch {
            throw AnalyticsError(.invalidPeriod, "period \"\(spec)\": \(error.message)")
        }
    }

    /// `parse(_:relativeTo:in:)` with the zone given by its IANA identifier (as stored in
    /// `tenant_settings.timezone`); throws `invalidTimeZone` for an unknown one.
    public static func parse(_ spec: String, relativeTo reference: Date, timeZoneIdentifier: String) throws(AnalyticsError) -> ReportPeriod {
        try parse(spec, relativeTo: reference, in: LocalClock(identifier: timeZoneIdentifier).timeZone)
    }

    /// Parses `YYYY-MM-DD` into a validated date.
    static func parseDate(_ text: String, role: String) throws(AnalyticsError) -> CivilDate {
        let f = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 3, let y = number(f[0], digits: 4), let m = number(f[1], digits: 2), let d = number(f[2], digits: 2) else {
            throw AnalyticsError(.invalidPeriod, "\(role) \"\(text)\" is not a date like 2026-10-05")
        }
        return try CivilDate(year: y, month: m, day: d)
    }

    /// A non-negative decimal of exactly `digits` ASCII digits, else nil.
    static func number(_ text: String, digits: Int) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == digits, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}
