import Foundation

/// Locale-aware text of numbers, percentages, dates, durations and sizes, through Foundation (ICU).
///
/// Separators, grouping, the percent sign and its spacing (`99,831 %` in de-DE, `99.831%` in
/// en-US), date order, month and weekday names and duration units all come from the locale's
/// CLDR data. Numbers and percentages are written by a `DecimalLayout` learned from ICU's own
/// output and checked against it (ICU costs tens of microseconds per cell); ties, huge values
/// and locales it cannot reproduce go to ICU. Rounding is half away from zero, as in CSV.
/// Holds Foundation formatters and caches, so it is a class and not `Sendable`: one per render.
public final class ValueFormatter {
    public let locale: ReportLocale
    public let timeZone: TimeZone
    let localization: ReportLocalization
    private let foundationLocale: Locale
    private var numberStyles: [Int: FloatingPointFormatStyle<Double>] = [:]
    private var percentStyles: [Int: FloatingPointFormatStyle<Double>.Percent] = [:]
    /// The layouts of numbers and percentages learned from ICU, per number of places (nil inside: ICU only).
    private var decimalLayouts: [Int: DecimalLayout?] = [:]
    private var percentLayouts: [Int: DecimalLayout?] = [:]
    private var dateFormatters: [String: DateFormatter] = [:]
    private var durations: [Int64: String] = [:]

    init(locale: ReportLocale, timeZone: TimeZone, localization: ReportLocalization) {
        self.locale = locale
        self.timeZone = timeZone
        self.localization = localization
        self.foundationLocale = locale.foundation
    }

    // MARK: Numbers

    /// `12.345` (de-DE), `12,345` (en-US).
    public func integer(_ value: Int64) -> String { decimal(Double(value), places: 0) }

    /// `12.345,68` with `places` fixed decimals and the locale's grouping; "—" when not finite.
    ///
    /// `FloatingPointFormatStyle`, not `NumberFormatter`: this Foundation's `NumberFormatter`
    /// ignores `maximumFractionDigits` for the decimal style (0.125 stays "0,125").
    public func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "—" }
        let p = max(0, min(places, 9))
        if let fast = fastDecimal(value, places: p) { return fast }
        return icuDecimal(value, places: p)
    }

    /// `decimal` through ICU alone (the peer that `DecimalLayout` is learned from and checked against).
    func icuDecimal(_ value: Double, places p: Int) -> String {
        let style = numberStyles[p] ?? FloatingPointFormatStyle<Double>.number.locale(foundationLocale)
            .precision(.fractionLength(p)).rounded(rule: .toNearestOrAwayFromZero)
        numberStyles[p] = style
        return style.format(Self.unsignedZero(value, places: p))
    }

    /// A value in percent units (`99.831` → `99,831 %`); "—" when not finite.
    public func percent(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "—" }
        let p = max(0, min(places, 9))
        if let fast = fastPercent(value, places: p) { return fast }
        return icuPercent(value, places: p)
    }

    /// `percent` through ICU alone.
    func icuPercent(_ value: Double, places p: Int) -> String {
        let style = percentStyles[p] ?? FloatingPointFormatStyle<Double>.Percent.percent.locale(foundationLocale)
            .precision(.fractionLength(p)).rounded(rule: .toNearestOrAwayFromZero)
        percentStyles[p] = style
        return style.format(Self.unsignedZero(value, places: p) / 100)
    }

    private func fastDecimal(_ value: Double, places p: Int) -> String? {
        if let known = decimalLayouts[p] { return known?.text(value) }
        let layout = DecimalLayout(places: p) { icuDecimal($0, places: p) }
        decimalLayouts[p] = .some(layout)
        return layout?.text(value)
    }

    private func fastPercent(_ value: Double, places p: Int) -> String? {
        if let known = percentLayouts[p] { return known?.text(value) }
        let layout = DecimalLayout(places: p) { icuPercent($0, places: p) }
        percentLayouts[p] = .some(layout)
        return layout?.text(value)
    }

    /// Whether numbers (`percent` false) or percentages with `places` decimals are written without ICU.
    func writesWithoutICU(percent: Bool, places: Int) -> Bool {
        percent ? fastPercent(1, places: places) != nil : fastDecimal(1, places: places) != nil
    }

    /// 0 for a value that rounds to zero at `places` decimals, so it never prints as "-0,00".
    private static func unsignedZero(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return abs(value) * scale < 0.5 ? 0 : value
    }

    // MARK: Durations and sizes

    /// Seconds as the locale's abbreviated units, the two largest that matter: `42 Sek.`,
    /// `12 Min., 5 Sek.`, `2 Std., 27 Min.`, `3 Tage, 2 Std.` (smaller units are cut, not rounded up).
    public func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "—" }
        var s = Int64(abs(seconds).rounded())
        let negative = seconds < 0 && s > 0
        let units: Set<Duration.UnitsFormatStyle.Unit>
        switch s {
        case ..<60: units = [.seconds]
        case ..<3600: units = [.minutes, .seconds]
        case ..<86_400: units = [.hours, .minutes]; s -= s % 60
        default: units = [.days, .hours]; s -= s % 3600
        }
        let key = negative ? -s - 1 : s
        if let cached = durations[key] { return cached }
        let text = Duration.seconds(s).formatted(.units(allowed: units, width: .abbreviated).locale(foundationLocale))
        let result = negative ? "−" + text : text
        if durations.count < 50_000 { durations[key] = result }
        return result
    }

    /// A file size in the locale's units and separators (`4,8 MB`, `4.8 MB`, `4,8 Mo`).
    public func fileSize(_ bytes: Int64) -> String {
        bytes.formatted(.byteCount(style: .file).locale(foundationLocale))
    }

    // MARK: Dates and times

    /// Date and time of day in the tenant's zone (`local`) or in UTC: `01.11.2026, 14:05`, `11/01/2026, 2:05 PM`.
    public func dateTime(_ date: Date, local: Bool = true) -> String {
        format(date, template: "yMMddjmm", utc: !local)
    }

    /// The local calendar date of an instant: `01.11.2026`, `11/01/2026`.
    public func date(_ date: Date) -> String { format(date, template: "yMMdd", utc: false) }

    /// A calendar date: `01.11.2026`, `11/01/2026`.
    public func date(_ day: ReportDate) -> String {
        format(Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400), template: "yMMdd", utc: true)
    }

    /// A date with the month's name: `1. November 2026`, `November 1, 2026`.
    public func longDate(_ date: Date) -> String { format(date, template: "yMMMMd", utc: false) }

    /// Month and year: `Oktober 2026`, `octobre 2026`.
    public func monthTitle(_ date: Date) -> String { format(date, template: "yMMMM", utc: false) }

    /// Weekday and date: `Sonntag, 1. November 2026`.
    public func dayTitle(_ date: Date) -> String { format(date, template: "yMMMMEEEEd", utc: false) }

    /// Short day and month for chart axes: `1. Nov.`, `Nov 1`.
    public func dayMonth(_ date: Date) -> String { format(date, template: "MMMd", utc: false) }

    /// Short month and year for chart axes: `Nov. 2026`, `Nov 2026`.
    public func monthYear(_ date: Date) -> String { format(date, template: "yMMM", utc: false) }

    /// Time of day in the locale's clock: `14:05`, `2:05 PM`.
    public func time(_ date: Date) -> String { format(date, template: "jmm", utc: false) }

    /// Formats with a CLDR skeleton (`yMMdd`): the locale picks order, separators and names.
    public func format(_ date: Date, template: String, utc: Bool) -> String {
        let cacheKey = (utc ? "u:" : "l:") + template
        let f: DateFormatter
        if let cached = dateFormatters[cacheKey] { f = cached } else {
            f = DateFormatter()
            f.locale = foundationLocale
            f.calendar = Calendar(identifier: .gregorian)
            f.timeZone = utc ? TimeZone(identifier: "UTC") : timeZone
            f.setLocalizedDateFormatFromTemplate(template)
            dateFormatters[cacheKey] = f
        }
        return f.string(from: date)
    }

    // MARK: Model values

    /// A model value as a renderer shows it: numbers by their format, instants local or UTC (`… UTC`), "—" for missing.
    public func text(_ value: ReportValue, _ format: ValueFormat) -> String {
        switch value {
        case .missing: return "—"
        case .text(let s): return s
        case .integer(let v):
            switch format {
            case .integer, .text, .timestamp, .date: return integer(v)
            default: return number(Double(v), format)
            }
        case .number(let d): return d.isFinite ? number(d, format) : "—"
        case .instant(let d):
            switch format {
            case .timestamp(local: false): return dateTime(d, local: false) + " " + localization.text("word.utc")
            case .date: return date(d)
            default: return dateTime(d, local: true)
            }
        case .date(let d): return date(d)
        }
    }

    private func number(_ d: Double, _ format: ValueFormat) -> String {
        switch format {
        case .integer: return decimal(d, places: 0)
        case .decimal(let p): return decimal(d, places: p)
        case .percent(let p): return percent(d, places: p)
        case .duration: return duration(d)
        default: return decimal(d, places: 2)
        }
    }
}
