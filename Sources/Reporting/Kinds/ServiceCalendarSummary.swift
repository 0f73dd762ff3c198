import Analytics
import Foundation
import Rendering

/// How a report names its service calendar: the name, the weekly hours and the holidays of the period.
enum ServiceCalendarSummary {
    /// `mon-fri 08:00-18:00; sat 09:00-13:00` (runs of days with the same windows joined),
    /// `every day, all day` for 24x7, `no service hours` for an empty week.
    static func weeklyHours(_ calendar: ServiceCalendar) -> String {
        if calendar.isAlways { return "every day, all day" }
        var parts: [String] = []
        var run: [ServiceCalendar.Weekday] = []
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            let windows = calendar.windows(on: first)
            if !windows.isEmpty {
                let days = first == last ? first.key : (run.count == 2 ? "\(first.key), \(last.key)" : "\(first.key)-\(last.key)")
                parts.append(days + " " + windows.map(text).joined(separator: ", "))
            }
            run = []
        }
        for day in ServiceCalendar.Weekday.allCases {
            if let first = run.first, calendar.windows(on: first) != calendar.windows(on: day) { flush() }
            run.append(day)
        }
        flush()
        return parts.isEmpty ? "no service hours" : parts.joined(separator: "; ")
    }

    /// `08:00-18:00`, or `22:00-06:00 (next day)` for an overnight window.
    static func text(_ w: ServiceWindow) -> String {
        let hm = { (m: Int) in String(format: "%02d:%02d", m / 60, m % 60) }
        return "\(hm(w.startMinute))-\(hm(w.endMinute))" + (w.crossesMidnight ? " (next day)" : "")
    }

    /// The calendar's holidays that fall on the period's local days, sorted.
    static func holidays(_ calendar: ServiceCalendar, in period: ReportPeriod) -> [CivilDate] {
        guard let first = period.dayBuckets.first, let last = period.dayBuckets.last else { return [] }
        let from = period.clock.date(at: first.interval.start), to = period.clock.date(at: last.interval.start)
        return calendar.holidays.filter { $0 >= from && $0 <= to }.sorted()
    }

    /// The summary note naming everything: calendar, weekly windows, hours per week, the period's holidays, the zone.
    static func note(_ calendar: ServiceCalendar, period: ReportPeriod, zone: String) -> ReportMessage {
        let days = holidays(calendar, in: period)
        let english = "Measured in service time: calendar \(calendar.name), \(weeklyHours(calendar)) (\(perWeek(calendar)) h per week, \(zone)); "
            + "holidays in this period: \(days.isEmpty ? "none" : days.map(\.description).joined(separator: ", ")). "
            + "Availability, error budget, MTTR and MTBF count only service time; down time outside it is shown for information."
        // Holidays as ISO dates (unambiguous in every language); with none, the message says so in its own words.
        let holidayArgument = ReportMessage.Argument("holidays", .text(days.map(\.description).joined(separator: ", ")), .text)
        return ReportMessage(days.isEmpty ? "calendar.note_no_holidays" : "calendar.note", english: english, arguments: [
            .init("calendar", .text(calendar.name), .text), .init("hours", .text(weeklyHours(calendar)), .text),
            .init("per_week", .text(perWeek(calendar)), .text), .init("zone", .text(zone), .text), holidayArgument,
        ])
    }

    static func perWeek(_ calendar: ServiceCalendar) -> String {
        let hours = Double(calendar.nominalWeeklyMinutes) / 60
        return hours == hours.rounded() ? String(Int(hours)) : String(format: "%.1f", hours)
    }

    /// The summary KPIs: calendar name, weekly hours with nominal hours per week, the period's holidays and its service time.
    static func kpis(_ calendar: ServiceCalendar, period: ReportPeriod, serviceSeconds: Int64) -> [ReportKPI] {
        let hoursPerWeek = perWeek(calendar)
        let days = holidays(calendar, in: period)
        // Short values for the KPI cards; the full windows and dates are in the hints and in `note(...)`.
        var holidaysKPI = ReportKPI("service_holidays", "Holidays", .integer(Int64(days.count)), format: .integer,
                                    hint: days.isEmpty ? "none in this period" : days.map(\.description).joined(separator: ", "))
        if days.isEmpty { holidaysKPI.hintMessage = ReportMessage("calendar.hint_no_holidays", english: "none in this period") }
        var timeKPI = ReportKPI("service_time_s", "Service time", .integer(serviceSeconds), format: .duration, hint: "in this period")
        timeKPI.hintMessage = ReportMessage("calendar.hint_in_period", english: "in this period")
        return [
            ReportKPI("service_calendar", "Service calendar", .text(calendar.name), format: .text),
            ReportKPI("service_hours", "Service hours", .text("\(hoursPerWeek) h per week"), format: .text, hint: weeklyHours(calendar)),
            holidaysKPI, timeKPI,
        ]
    }
}
