import Foundation

extension PeriodSpec {
    /// Parses a period spec; the one parser of `--period` and of a definition's `period:`.
    ///
    /// Accepted (case-sensitive, surrounding whitespace ignored):
    /// - `previous-day`, `previous-week` (ISO week), `previous-month`;
    /// - `YYYY-MM-DD`, `YYYY-Www` (ISO week, `W` upper-case), `YYYY-MM`;
    /// - `FROM..TO`: local days `YYYY-MM-DD..YYYY-MM-DD`, both included.
    /// Throws `invalidPeriod` whose message quotes the spec and says what is wrong with it; the
    /// caller adds where the spec came from (an option, a file and line).
    public init(parsing spec: String) throws(AnalyticsError) {
        do throws(AnalyticsError) {
            self = try PeriodSpec.parse(spec.trimmingCharacters(in: .whitespaces))
        } catch {
            throw AnalyticsError(.invalidPeriod, "period \"\(spec)\": \(error.message)")
        }
    }

    private static func parse(_ text: String) throws(AnalyticsError) -> PeriodSpec {
        switch text {
        case "previous-day": return .previousDay
        case "previous-week": return .previousWeek
        case "previous-month": return .previousMonth
        default: break
        }
        if let sep = text.range(of: "..") {
            let from = try date(String(text[text.startIndex..<sep.lowerBound]), role: "range start")
            let to = try date(String(text[sep.upperBound...]), role: "range end")
            return try range(from: from, to: to)
        }
        let fields = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(fields.count), number(fields[0], digits: 4) != nil else { throw expectedSpec }
        if fields.count == 2, fields[1].hasPrefix("W") {
            guard let y = number(fields[0], digits: 4), let w = number(String(fields[1].dropFirst()), digits: 2) else {
                throw AnalyticsError(.invalidPeriod, "expected an ISO week like 2026-W43")
            }
            return try isoWeek(year: y, week: w)
        }
        if fields.count == 2 {
            guard let y = number(fields[0], digits: 4), let m = number(fields[1], digits: 2) else {
                throw AnalyticsError(.invalidPeriod, "expected a month like 2026-10")
            }
            return try month(year: y, month: m)
        }
        return day(try date(text, role: "day"))
    }

    private static var expectedSpec: AnalyticsError {
        AnalyticsError(.invalidPeriod, "expected previous-day, previous-week, previous-month, YYYY-MM-DD, YYYY-Www, YYYY-MM or FROM..TO")
    }

    /// `YYYY-MM-DD` (4, 2 and 2 ASCII digits) as a validated date; `role` names it in the error.
    static func date(_ text: String, role: String?) throws(AnalyticsError) -> CivilDate {
        let f = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 3, let y = number(f[0], digits: 4), let m = number(f[1], digits: 2), let d = number(f[2], digits: 2) else {
            throw AnalyticsError(.invalidPeriod, "\(role.map { $0 + " " } ?? "")\"\(text)\" is not a date like 2026-10-05")
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
