import Foundation

/// Human text of values for HTML and PDF in the report's locale: grouped numbers, `99,950 %`,
/// `2 Std., 5 Min.`, local dates and times (all through `ValueFormatter`, i.e. ICU).
struct HTMLValueText {
    let zone: TimeZone
    let zoneID: String
    let maxCharacters: Int
    let formatter: ValueFormatter
    let words: ReportLocalization

    init(zone: TimeZone, zoneID: String, maxCharacters: Int, formatter: ValueFormatter) {
        self.zone = zone
        self.zoneID = zoneID
        self.maxCharacters = maxCharacters
        self.formatter = formatter
        self.words = formatter.localization
    }

    /// English (en-US) formatting with the built-in words.
    init(zone: TimeZone, zoneID: String, maxCharacters: Int) {
        self.init(zone: zone, zoneID: zoneID, maxCharacters: maxCharacters,
                  formatter: ReportLocalization.builtInEnglish.formatter(timeZone: zone))
    }

    mutating func text(_ value: ReportValue, _ format: ValueFormat) -> String {
        if case .text(let s) = value { return clip(s) }
        return formatter.text(value, format)
    }

    /// Local (tenant zone) or UTC date and time, without the zone: `01.11.2026, 14:05`.
    mutating func dateTime(_ date: Date, local: Bool) -> String { formatter.dateTime(date, local: local) }

    /// A date with the month's name: `1. Oktober 2026`.
    mutating func longDate(_ date: Date) -> String { formatter.longDate(date) }

    /// The period as people name it: `Oktober 2026` for a calendar month, `Sonntag, 1. November 2026`
    /// for a day, `KW 41/2026`-like for an ISO week (catalog `period.week`), else the first and last day.
    mutating func periodRange(_ period: ReportDocument.Period) -> String {
        let label = period.label
        let lastInstant = period.end.addingTimeInterval(-1)
        let span = period.end.timeIntervalSince(period.start)
        guard span >= 86_400 else {
            return words.text("period.range", ["start": dateTime(period.start, local: true), "end": dateTime(period.end, local: true)])
        }
        let range = words.text("period.range", ["start": longDate(period.start), "end": longDate(lastInstant)])
        if label.range(of: "^[0-9]{4}-[0-9]{2}$", options: .regularExpression) != nil {
            return formatter.monthTitle(period.start).capitalizedFirst(locale: formatter.locale)
        }
        if label.range(of: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", options: .regularExpression) != nil, span <= 25 * 3600 {
            return formatter.dayTitle(period.start)
        }
        if label.range(of: "^[0-9]{4}-W[0-9]{2}$", options: .regularExpression) != nil {
            let week = words.text("period.week", ["week": String(Int(label.suffix(2)) ?? 0), "year": String(label.prefix(4))])
            return week + " (" + range + ")"
        }
        return range
    }

    /// Text shortened to `maxCharacters` with "…", control characters made visible as U+FFFD.
    func clip(_ s: String) -> String {
        var t = s
        if s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }) {
            t = String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" ? "\u{FFFD}" : $0 }))
        }
        guard t.count > maxCharacters else { return t }
        return String(t.prefix(maxCharacters)) + "…"
    }
}

extension String {
    /// The first letter upper-cased in `locale` (month names are lower case in French, Spanish, Dutch).
    func capitalizedFirst(locale: ReportLocale) -> String {
        guard let first = first else { return self }
        return String(first).uppercased(with: locale.foundation) + dropFirst()
    }
}
