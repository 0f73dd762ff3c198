import Foundation

extension ServiceCalendar {
    /// Parses the stored form: `weekly` maps `mon`...`sun` to windows `["HH:MM","HH:MM"]`
    /// (a missing day has none), `holidays` are `YYYY-MM-DD` dates.
    ///
    /// Throws `invalidCalendar` whose message names the calendar and the field
    /// (`weekly.mon[0][1]`, `holidays[2]`): an unknown weekday, a window that is not two
    /// times, a time that is not `H:MM`/`HH:MM` within 00:00...23:59 (`24:00` included: end
    /// such a window at `00:00`, which makes it an overnight window ending at the next
    /// midnight), an empty window, overlapping windows of one day, an impossible date.
    public static func parse(name: String, weekly: [String: [[String]]], holidays: [String] = []) throws(AnalyticsError) -> ServiceCalendar {
        try parse(name: name, days: weekly.mapValues { $0.map { $0.map { $0 as Any } } as Any }, holidays: holidays)
    }

    /// Parses `weekly` given as JSON text (a `jsonb` column read as text), otherwise as
    /// `parse(name:weekly:holidays:)`; invalid JSON or a value of the wrong type is an
    /// `invalidCalendar` error naming the field.
    public static func parse(name: String, weeklyJSON: String, holidays: [String] = []) throws(AnalyticsError) -> ServiceCalendar {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(weeklyJSON.utf8), options: [.fragmentsAllowed])
        } catch {
            throw invalid(name, "weekly", "is not valid JSON (\(error.localizedDescription))")
        }
        guard let days = value as? [String: Any] else {
            throw invalid(name, "weekly", "expected a JSON object of weekdays mon...sun")
        }
        return try parse(name: name, days: days, holidays: holidays)
    }

    private static func parse(name: String, days: [String: Any], holidays: [String]) throws(AnalyticsError) -> ServiceCalendar {
        let keys = Weekday.allCases.map(\.key).joined(separator: ", ")
        if let unknown = days.keys.filter({ Weekday(key: $0) == nil }).sorted().first {
            throw invalid(name, "weekly.\(unknown)", "unknown weekday \"\(unknown)\" (expected one of \(keys))")
        }
        var weekly: [Weekday: [ServiceWindow]] = [:]
        for day in Weekday.allCases {
            guard let value = days[day.key] else { continue }
            let field = "weekly.\(day.key)"
            guard let list = value as? [Any] else {
                throw invalid(name, field, "expected a list of windows [[\"HH:MM\",\"HH:MM\"], ...]")
            }
            var windows: [ServiceWindow] = []
            for (i, item) in list.enumerated() {
                windows.append(try window(item, calendar: name, field: "\(field)[\(i)]"))
            }
            weekly[day] = windows
        }
        var dates: Set<CivilDate> = []
        for (i, text) in holidays.enumerated() {
            do throws(AnalyticsError) {
                dates.insert(try CivilDate(parsing: text.trimmingCharacters(in: .whitespaces)))
            } catch {
                throw invalid(name, "holidays[\(i)]", "\"\(text)\" is not a date YYYY-MM-DD (\(error.message))")
            }
        }
        return try ServiceCalendar(name: name, weekly: weekly, holidays: dates)
    }

    private static func window(_ item: Any, calendar: String, field: String) throws(AnalyticsError) -> ServiceWindow {
        guard let pair = item as? [Any], pair.count == 2 else {
            throw invalid(calendar, field, "a window is two times [\"HH:MM\",\"HH:MM\"]")
        }
        let start = try minute(pair[0], calendar: calendar, field: "\(field)[0]")
        let end = try minute(pair[1], calendar: calendar, field: "\(field)[1]")
        guard start != end else {
            throw invalid(calendar, field, "the window is empty (start equals end)")
        }
        do throws(AnalyticsError) {
            return try ServiceWindow(startMinute: start, endMinute: end)
        } catch {
            throw invalid(calendar, field, error.message)
        }
    }

    /// Minutes after midnight of `H:MM` or `HH:MM` within 00:00...23:59.
    private static func minute(_ item: Any, calendar: String, field: String) throws(AnalyticsError) -> Int {
        guard let text = item as? String else {
            throw invalid(calendar, field, "expected a time \"HH:MM\" as a string")
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let hour = PeriodSpec.number(String(parts[0]), digits: parts[0].count),
              let minute = PeriodSpec.number(String(parts[1]), digits: 2) else {
            throw invalid(calendar, field, "\"\(text)\" is not a time HH:MM")
        }
        if hour == 24 && minute == 0 {
            throw invalid(calendar, field, "\"24:00\" is not a time of day: end the window at \"00:00\" of the next day "
                          + "instead (an end earlier than the start makes an overnight window, e.g. [\"18:00\",\"00:00\"])")
        }
        guard hour < 24, minute < 60 else {
            throw invalid(calendar, field, "\"\(text)\" is not a time of day (hours 00-23, minutes 00-59)")
        }
        return hour * 60 + minute
    }
}
