import Foundation

/// Locale-independent calendar arithmetic and ISO 8601 formatting (Hinnant's civil algorithms).
enum CivilTime {
    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The (year, month, day) of a day count since 1970-01-01.
    static func civil(days z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Whole seconds since the epoch (floored), so 12:00:00.9 prints as 12:00:00.
    static func seconds(_ date: Date) -> Int {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < 1e14 else { return 0 }
        return Int(t.rounded(.down))
    }

    static func isoDate(year: Int, month: Int, day: Int) -> String {
        var out: [UInt8] = []
        appendDate(&out, year: year, month: month, day: day)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendDate(_ out: inout [UInt8], year: Int, month: Int, day: Int) {
        if year < 0 { out.append(0x2D) }
        let y = abs(year)
        out.append(UInt8(0x30 + (y / 1000) % 10)); out.append(UInt8(0x30 + (y / 100) % 10))
        out.append(UInt8(0x30 + (y / 10) % 10)); out.append(UInt8(0x30 + y % 10))
        out.append(0x2D); two(&out, month); out.append(0x2D); two(&out, day)
    }

    @inline(__always) static func two(_ out: inout [UInt8], _ v: Int) {
        out.append(UInt8(0x30 + (v / 10) % 10)); out.append(UInt8(0x30 + v % 10))
    }

    /// `YYYY-MM-DDTHH:MM:SS` of `seconds` (already shifted to the wanted zone), then a suffix.
    static func appendDateTime(_ out: inout [UInt8], seconds s: Int, separator: UInt8 = 0x54) {
        let days = s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
        let rem = s - days * 86_400
        let (y, m, d) = civil(days: days)
        appendDate(&out, year: y, month: m, day: d)
        out.append(separator)
        two(&out, rem / 3600); out.append(0x3A); two(&out, (rem / 60) % 60); out.append(0x3A); two(&out, rem % 60)
    }

    /// `+02:00` / `-05:30` / `+00:00`.
    static func appendOffset(_ out: inout [UInt8], offset: Int) {
        out.append(offset < 0 ? 0x2D : 0x2B)
        let a = abs(offset) / 60
        two(&out, a / 60); out.append(0x3A); two(&out, a % 60)
    }

    /// `2026-10-03T12:34:56Z`.
    static func isoUTC(_ date: Date) -> String {
        var out: [UInt8] = []
        appendDateTime(&out, seconds: seconds(date))
        out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The UTC offset of a time zone at an instant, cached between transitions (rows come mostly in order).
struct OffsetCache {
    let zone: TimeZone
    private var validFrom = Int.max
    private var validUntil = Int.min
    private var offset = 0

    init(zone: TimeZone) { self.zone = zone }

    /// Seconds east of UTC at `seconds` since the epoch.
    mutating func offset(at seconds: Int) -> Int {
        if seconds >= validFrom && seconds < validUntil { return offset }
        let date = Date(timeIntervalSince1970: Double(seconds))
        offset = zone.secondsFromGMT(for: date)
        validFrom = seconds
        if let next = zone.nextDaylightSavingTimeTransition(after: date) {
            validUntil = Int(next.timeIntervalSince1970.rounded(.down))
        } else {
            validUntil = Int.max
        }
        return offset
    }

    /// Local wall-clock seconds (UTC seconds + offset).
    mutating func local(_ seconds: Int) -> Int { seconds + offset(at: seconds) }
}
