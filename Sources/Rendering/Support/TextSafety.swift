/// Rules shared by the renderers for untrusted text.
enum TextSafety {
    /// True when a spreadsheet could read the text as a formula (OWASP CSV injection):
    /// it starts with `=`, `+`, `-`, `@`, tab, CR or LF.
    @inline(__always) static func startsLikeFormula(_ s: String) -> Bool {
        guard let b = s.utf8.first else { return false }
        return startsLikeFormula(byte: b)
    }

    @inline(__always) static func startsLikeFormula(byte b: UInt8) -> Bool {
        b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D || b == 0x0A
    }

    /// Excel's cell limit in characters (UTF-16 code units).
    static let xlsxCellLimit = 32_767

    /// Text fit for an XLSX cell: XML-invalid control characters become U+FFFD and text over
    /// 32,767 characters is cut with a marker. Returns whether it was truncated.
    static func xlsxText(_ s: String) -> (text: String, truncated: Bool) {
        var text = s
        if s.unicodeScalars.contains(where: isXMLInvalid) {
            var scalars = String.UnicodeScalarView()
            for u in s.unicodeScalars { scalars.append(isXMLInvalid(u) ? "\u{FFFD}" : u) }
            text = String(scalars)
        }
        guard text.utf16.count > xlsxCellLimit else { return (text, false) }
        let marker = " … [truncated: \(s.count) characters in total; the CSV has the full text]"
        var keep = xlsxCellLimit - marker.utf16.count
        var cut = text.utf16.index(text.utf16.startIndex, offsetBy: keep)
        // Do not split a surrogate pair or a grapheme.
        while keep > 0, String.Index(cut, within: text) == nil {
            keep -= 1
            cut = text.utf16.index(text.utf16.startIndex, offsetBy: keep)
        }
        let head = text[..<(String.Index(cut, within: text) ?? cut)]
        return (String(head) + marker, true)
    }

    private static func isXMLInvalid(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 { return v != 0x09 && v != 0x0A && v != 0x0D }
        return v == 0xFFFE || v == 0xFFFF
    }
}
