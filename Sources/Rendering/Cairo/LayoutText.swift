import Foundation

/// Untrusted text made safe and bounded for pango.
///
/// Control characters (C0 except newline, DEL, C1) become U+FFFD, tabs become spaces and CR
/// or CRLF become a newline; leading and trailing white space is dropped (as HTML collapses
/// it); bidi controls and every other scalar are kept. Text over `limit` characters is cut
/// at a grapheme boundary with "…", so a 32,767-character name costs no more to lay out
/// than a few lines.
enum LayoutText {
    static func clean(_ s: String, limit: Int) -> String {
        var needsWork = false
        var count = 0
        for u in s.unicodeScalars {
            count += 1
            if isControl(u) || count > limit { needsWork = true; break }
        }
        if let first = s.unicodeScalars.first, let last = s.unicodeScalars.last,
           first.properties.isWhitespace || last.properties.isWhitespace { needsWork = true }
        guard needsWork else { return s }
        var head = Substring(s)
        if s.count > limit { head = s.prefix(limit) }
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for u in head.unicodeScalars {
            defer { previousCR = u == "\r" }
            switch u {
            case "\n": if !previousCR { scalars.append("\n") }
            case "\r": scalars.append("\n")
            case "\t": scalars.append(" ")
            default: scalars.append(isControl(u) ? "\u{FFFD}" : u)
            }
        }
        var out = String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
        if head.endIndex != s.endIndex { out += "…" }
        return out
    }

    /// `s` cleaned (at most `limit` characters) between FIRST STRONG ISOLATE and POP DIRECTIONAL
    /// ISOLATE, so that its bidi controls and direction cannot reorder the text it is joined with.
    static func isolated(_ s: String, limit: Int = 200) -> String { "\u{2068}" + clean(s, limit: limit) + "\u{2069}" }

    @inline(__always) static func isControl(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (v < 0x20 && v != 0x0A) || (v >= 0x7F && v < 0xA0)
    }
}
