import Foundation

/// Human text of values for HTML: grouped numbers, "99.950 %", "2 h 05 min", local times.
struct HTMLValueText {
    let zone: TimeZone
    let zoneID: String
    let maxCharacters: Int
    var offsets: OffsetCache

    init(zone: TimeZone, zoneID: String, maxCharacters: Int) {
        self.zone = zone
        self.zoneID = zoneID
        self.maxCharacters = maxCharacters
        self.offsets = OffsetCache(zone: zone)
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    mutating func text(_ value: ReportValue, _ format: ValueFormat) -> String {
        switch value {
        case .missing:
            return "—"
        case .text(let s):
            return clip(s)
        case .integer(let v):
            return number(Double(v), format, integer: v)
        case .number(let d):
            guard d.isFinite else { return "—" }
            return number(d, format, integer: nil)
        case .instant(let date):
            switch format {
            case .timestamp(local: false): return dateTime(date, local: false) + " UTC"
            case .date:
                return DateText.isoDate(offsets.localDate(DateText.seconds(date)))
            default: return dateTime(date, local: true)
            }
        case .date(let d):
            return d.description
        }
    }

    private func number(_ d: Double, _ format: ValueFormat, integer: Int64?) -> String {
        switch format {
        case .integer: return integer.map(NumberText.grouped) ?? NumberText.groupedFixed(d, places: 0)
        case .decimal(let p): return NumberText.groupedFixed(d, places: p)
        case .percent(let p): return NumberText.fixed(d, places: p) + " %"
        case .duration: return NumberText.humanDuration(d)
        default: return integer.map(NumberText.grouped) ?? NumberText.groupedFixed(d, places: 2)
        }
    }

    /// `2026-10-03 14:34` in the tenant's zone (local) or UTC.
    mutating func dateTime(_ date: Date, local: Bool) -> String {
        let s = DateText.seconds(date)
        var out: [UInt8] = []
        DateText.appendDateTime(&out, seconds: local ? offsets.local(s) : s, separator: 0x20)
        return String(decoding: out.dropLast(3), as: UTF8.self)
    }

    /// `3 Oct 2026`.
    mutating func longDate(_ date: Date) -> String {
        let day = offsets.localDate(DateText.seconds(date))
        return "\(day.day) \(Self.months[day.month - 1]) \(day.year)"
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
