import Analytics
import Foundation

/// Locale-independent ISO 8601 text of dates and instants, appended as UTF-8 bytes.
///
/// Only digits are written here; the calendar (which day a second falls on) is Analytics'
/// `CivilDate`, so CSV rows are formatted without allocating. Instants are whole seconds,
/// floored (12:00:00.9 prints as 12:00:00); a non-finite instant, or one more than about
/// three million years from 1970, counts as 1970-01-01T00:00:00Z.
enum DateText {
    /// Whole seconds since the epoch of `date`, floored.
    static func seconds(_ date: Date) -> Int64 {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < 1e14 else { return 0 }
        return Int64(t.rounded(.down))
    }

    /// `YYYY-MM-DD`.
    static func isoDate(year: Int, month: Int, day: Int) -> String {
        var out: [UInt8] = []
        appendDate(&out, year: year, month: month, day: day)
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DD` of `date`.
    static func isoDate(_ date: CivilDate) -> String { isoDate(year: date.year, month: date.month, day: date.day) }

    /// `2026-10-03T12:34:56Z`.
    static func isoUTC(_ date: Date) -> String {
        var out: [UInt8] = []
        appendDateTime(&out, seconds: seconds(date))
        out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DD` (four year digits, a `-` before negative years).
    static func appendDate(_ out: inout [UInt8], year: Int, month: Int, day: Int) {
        if year < 0 { out.append(0x2D) }
        let y = abs(year)
        out.append(UInt8(0x30 + (y / 1000) % 10)); out.append(UInt8(0x30 + (y / 100) % 10))
        out.append(UInt8(0x30 + (y / 10) % 10)); out.append(UInt8(0x30 + y % 10))
        out.append(0x2D); two(&out, month); out.append(0x2D); two(&out, day)
    }

    /// `YYYY-MM-DD` of `date`.
    static func appendDate(_ out: inout [UInt8], _ date: CivilDate) {
        appendDate(&out, year: date.year, month: date.month, day: date.day)
    }

    /// `YYYY-MM-DDTHH:MM:SS` of `seconds` on its own clock (UTC seconds, or already shifted to local wall time).
    static func appendDateTime(_ out: inout [UInt8], seconds s: Int64, separator: UInt8 = 0x54) {
        appendDate(&out, CivilDate(epochSeconds: s))
        out.append(separator)
        let rem = Int(CivilDate.secondOfDay(s))
        two(&out, rem / 3600); out.append(0x3A); two(&out, (rem / 60) % 60); out.append(0x3A); two(&out, rem % 60)
    }

    /// `+02:00` / `-05:30` / `+00:00` for an offset in seconds east of UTC.
    static func appendOffset(_ out: inout [UInt8], offset: Int64) {
        out.append(offset < 0 ? 0x2D : 0x2B)
        let minutes = Int(abs(offset) / 60)
        two(&out, minutes / 60); out.append(0x3A); two(&out, minutes % 60)
    }

    @inline(__always) private static func two(_ out: inout [UInt8], _ v: Int) {
        out.append(UInt8(0x30 + (v / 10) % 10)); out.append(UInt8(0x30 + v % 10))
    }
}
