import Foundation

/// Locale-independent, deterministic number formatting into UTF-8 bytes.
enum NumberText {
    private static let pow10: [Double] = (0...9).map { p in (0..<p).reduce(1.0) { a, _ in a * 10 } }

    static func appendInt(_ out: inout [UInt8], _ v: Int64) {
        if v == 0 { out.append(0x30); return }
        if v == Int64.min { out.append(contentsOf: Array("-9223372036854775808".utf8)); return }
        var n = v < 0 ? -v : v
        if v < 0 { out.append(0x2D) }
        var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, no heap
        withUnsafeMutableBytes(of: &buf) { raw in
            var i = 24
            while n > 0 { i -= 1; raw[i] = UInt8(0x30 + n % 10); n /= 10 }
            out.append(contentsOf: raw[i..<24])
        }
    }

    /// Fixed-point `v` with `places` decimals, half away from zero, "." separator, no grouping.
    /// Non-finite values append nothing (callers render them as missing).
    static func appendFixed(_ out: inout [UInt8], _ v: Double, places: Int) {
        guard v.isFinite else { return }
        let p = max(0, min(places, 9))
        let scaled = (abs(v) * pow10[p]).rounded(.toNearestOrAwayFromZero)
        if scaled < 9.0e15 {
            var n = Int64(scaled)
            if v < 0 && n != 0 { out.append(0x2D) }
            let unit = Int64(pow10[p])
            appendInt(&out, n / unit)
            if p > 0 {
                out.append(0x2E)
                n %= unit
                var digits = [UInt8](repeating: 0x30, count: p)
                var i = p
                while n > 0 { i -= 1; digits[i] = UInt8(0x30 + n % 10); n /= 10 }
                out.append(contentsOf: digits)
            }
            return
        }
        // Huge magnitudes: C printf in the "C" locale semantics, made locale-proof by mapping ',' to '.'.
        var buf = [CChar](repeating: 0, count: 400)
        let n = withVaList([Int32(p), v]) { vsnprintf(&buf, buf.count, "%.*f", $0) }
        for c in buf.prefix(Int(max(0, min(n, 399)))) { out.append(c == 0x2C ? 0x2E : UInt8(bitPattern: c)) }
    }

    static func fixed(_ v: Double, places: Int) -> String {
        var out: [UInt8] = []
        appendFixed(&out, v, places: places)
        return String(decoding: out, as: UTF8.self)
    }

    /// Integer with thousands separators for HTML ("12,345").
    static func grouped(_ v: Int64) -> String {
        var digits: [UInt8] = []
        appendInt(&digits, v < 0 ? -v : v)
        var out: [UInt8] = v < 0 ? [0x2D] : []
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(0x2C) }
            out.append(d)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Fixed decimals with a grouped integer part for HTML ("12,345.67").
    static func groupedFixed(_ v: Double, places: Int) -> String {
        let s = fixed(v, places: places)
        guard abs(v) >= 1000 else { return s }
        let neg = s.hasPrefix("-")
        let body = neg ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", maxSplits: 1)
        guard let intPart = Int64(parts[0]) else { return s }
        let g = grouped(intPart)
        return (neg ? "-" : "") + g + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Human duration: "42 s", "12 min 05 s", "3 h 05 min", "2 d 3 h".
    static func humanDuration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "—" }
        let neg = seconds < 0
        let s = Int64(abs(seconds).rounded())
        let text: String
        if s < 60 { text = "\(s) s" }
        else if s < 3600 { text = "\(s / 60) min \(pad2(s % 60)) s" }
        else if s < 86_400 { text = "\(s / 3600) h \(pad2((s / 60) % 60)) min" }
        else { text = "\(s / 86_400) d \((s / 3600) % 24) h" }
        return neg ? "−" + text : text
    }

    private static func pad2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
