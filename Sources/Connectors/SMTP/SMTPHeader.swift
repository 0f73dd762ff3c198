import Foundation

/// Header field text: RFC 2047 encoded-words for non-ASCII, RFC 5322 dates, folding, injection safety.
enum SMTPHeader {
    /// Replaces CR, LF and other control characters with spaces, so a value can never start a new header.
    static func clean(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? " " : $0 }))
    }

    /// `value` as is when it is printable ASCII, else as RFC 2047 `=?UTF-8?B?...?=` words (each at most 75 characters).
    static func encodeIfNeeded(_ value: String) -> String {
        let text = clean(value)
        guard !text.unicodeScalars.allSatisfy({ $0.isASCII }) else { return fold(text, prefixLength: 10) }
        return encodedWords(text).joined(separator: "\r\n ")
    }

    /// A display name: encoded when not ASCII, quoted when it holds specials, else as is.
    static func phrase(_ name: String) -> String {
        let text = clean(name)
        guard text.unicodeScalars.allSatisfy({ $0.isASCII }) else { return encodedWords(text).joined(separator: " ") }
        let specials = Set("()<>[]:;@\\,.\"".unicodeScalars)
        guard text.unicodeScalars.contains(where: { specials.contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Base64 encoded-words of at most 45 UTF-8 bytes each, split between characters (never inside one).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk.removeAll()
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }

    /// Folds a long ASCII header line at spaces so no line exceeds 78 characters where possible.
    static func fold(_ line: String, prefixLength: Int = 0) -> String {
        guard line.count + prefixLength > 78 else { return line }
        var lines: [String] = []
        var current = ""
        var budget = 78 - prefixLength
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > budget {
                lines.append(current)
                current = String(word)
                budget = 77
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }

    /// RFC 5322 date in UTC: `Tue, 03 Nov 2026 02:15:00 +0000`.
    static func date(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = String(format: "%02d", Int(parts.tm_mday))
        let time = String(format: "%04d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        return "\(days[Int(parts.tm_wday)]), \(day) \(months[Int(parts.tm_mon)]) \(time) +0000"
    }
}
