import CXLSXWriter

extension XLSXWorkbook {
    /// Excel's "bad" style: light red fill, dark red text.
    static let breachedFill: UInt32 = 0xFFC7CE
    static let breachedFont: UInt32 = 0x9C0006

    /// The format for `style`, red-filled when `breached`, quote-prefixed when `quoted`.
    ///
    /// Quoted formats carry number format 49 ("@", Text): that marks them for
    /// `XLSXQuotePrefixPatch`, which adds `quotePrefix="1"` after libxlsxwriter closed the file.
    func format(_ style: XLSXStyle, breached: Bool = false, quoted: Bool = false, accent: UInt32) throws -> UnsafeMutablePointer<lxw_format> {
        let key = FormatKey(style: style, breached: breached, quoted: quoted)
        if let f = formats[key] { return f }
        guard let f = workbook_add_format(try workbook) else {
            throw RenderingError(.xlsx, "libxlsxwriter could not allocate a cell format")
        }
        switch style {
        case .title:
            format_set_bold(f); format_set_font_size(f, 16); format_set_font_color(f, accent)
        case .subtitle:
            format_set_font_size(f, 12); format_set_font_color(f, 0x555555)
        case .sectionHeader:
            format_set_bold(f); format_set_font_size(f, 12); format_set_bottom(f, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_bottom_color(f, accent)
        case .label:
            format_set_bold(f); format_set_font_color(f, 0x444444)
        case .header:
            format_set_bold(f); format_set_font_color(f, 0xFFFFFF); format_set_bg_color(f, accent)
            format_set_text_wrap(f); format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        case .text:
            break
        case .integer:
            Self.setNumberFormat(f, "#,##0")
        case .decimal(let places):
            Self.setNumberFormat(f, places > 0 ? "#,##0." + String(repeating: "0", count: places) : "#,##0")
        case .percent(let places):
            Self.setNumberFormat(f, places > 0 ? "0." + String(repeating: "0", count: places) + "%" : "0%")
        case .duration:
            Self.setNumberFormat(f, "[h]:mm:ss")
        case .datetime:
            Self.setNumberFormat(f, "yyyy-mm-dd hh:mm:ss")
        case .date:
            Self.setNumberFormat(f, "yyyy-mm-dd")
        case .statusOK:
            format_set_bold(f); format_set_font_color(f, 0x006100); format_set_bg_color(f, 0xC6EFCE)
        case .statusWarning:
            format_set_bold(f); format_set_font_color(f, 0x9C5700); format_set_bg_color(f, 0xFFEB9C)
        case .statusBreached:
            format_set_bold(f); format_set_font_color(f, Self.breachedFont); format_set_bg_color(f, Self.breachedFill)
        case .note:
            format_set_italic(f); format_set_font_color(f, 0x555555)
        }
        if quoted {
            format_set_num_format_index(f, 49)
            usedQuotePrefix = true
        }
        if breached {
            format_set_bg_color(f, Self.breachedFill)
            format_set_font_color(f, Self.breachedFont)
        }
        formats[key] = f
        return f
    }

    /// The cell style of a value format.
    static func style(for format: ValueFormat) -> XLSXStyle {
        switch format {
        case .text: return .text
        case .integer: return .integer
        case .decimal(let p): return .decimal(max(0, min(p, 9)))
        case .percent(let p): return .percent(max(0, min(p, 9)))
        case .duration: return .duration
        case .timestamp: return .datetime
        case .date: return .date
        }
    }

    /// Sets the number format `code` on `format` (libxlsxwriter copies the text).
    private static func setNumberFormat(_ format: UnsafeMutablePointer<lxw_format>, _ code: String) {
        code.withCString { format_set_num_format(format, $0) }
    }
}
