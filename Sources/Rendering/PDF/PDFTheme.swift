/// Sizes (points) and colours of the PDF; the colours are those of the HTML report.
enum PDFTheme {
    static let marginX = 36.0
    static let marginTop = 34.0
    /// Space under the content for the footer.
    static let marginBottom = 44.0
    static let sectionGap = 16.0

    static let ink = RGBColor(hex: "#111827")
    static let body = RGBColor(hex: "#1f2937")
    static let muted = RGBColor(hex: "#6b7280")
    static let rule = RGBColor(hex: "#e5e7eb")
    static let rowRule = RGBColor(hex: "#eef0f3")
    static let cardFill = RGBColor(hex: "#f9fafb")

    static let breachedFill = RGBColor(hex: "#fdecec")
    static let breachedText = RGBColor(hex: "#7f1d1d")
    static let breachedMark = RGBColor(hex: "#dc2626")

    static let noteFill = RGBColor(hex: "#fffbeb")
    static let noteMark = RGBColor(hex: "#fde68a")
    static let noteText = RGBColor(hex: "#78350f")

    /// KPI status colour and label, as in the HTML cards.
    static func status(_ s: KPIStatus?) -> (text: String?, color: RGBColor) {
        switch s {
        case .ok?: return ("✓ met", RGBColor(hex: "#15803d"))
        case .warning?: return ("! warning", RGBColor(hex: "#b45309"))
        case .breached?: return ("✗ breached", RGBColor(hex: "#b91c1c"))
        case nil: return (nil, RGBColor(hex: "#d1d5db"))
        }
    }

    static let h1 = TextStyle(size: 20, bold: true, maxLines: 3)
    static let h2 = TextStyle(size: 12, bold: true, maxLines: 2)
    static let eyebrow = TextStyle(size: 7.5, bold: true, maxLines: 1)
    static let small = TextStyle(size: 7.5, maxLines: 4)
    static let footer = TextStyle(size: 6.5, maxLines: 1)
    static let cell = TextStyle(size: 7.5)
    static let headerCell = TextStyle(size: 7, bold: true, maxLines: 2)
    static let noteStyle = TextStyle(size: 8, maxLines: 8)

    static let emptyText = "No data in this period."
}
