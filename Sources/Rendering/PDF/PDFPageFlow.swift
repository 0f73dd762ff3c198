/// The vertical cursor over the pages of one pass, with page breaks, running header and footer.
///
/// The renderer runs the same composition twice: a `measure` pass that only lays out (and
/// so learns the page count) and a `draw` pass that draws, knowing "page N of M". Nothing
/// of a page is kept after it is finished, so memory does not grow with the page count.
final class PDFPageFlow {
    enum Pass: Equatable {
        case measure
        case draw(totalPages: Int)
    }

    let pass: Pass
    let typesetter: Typesetter
    let surface: CairoSurface
    let pageWidth: Double
    let pageHeight: Double
    /// Drawn at the top of every page after the first.
    let runningTitle: String
    let runningPeriod: String
    /// The left part of the footer ("Generated ... by ...").
    let footerText: String
    /// "Page N of M" in the report's language.
    let pageText: (Int, Int) -> String

    private(set) var page = 1
    /// The top of the next block.
    var y = 0.0

    init(pass: Pass, typesetter: Typesetter, surface: CairoSurface, pageWidth: Double, pageHeight: Double,
         runningTitle: String, runningPeriod: String, footerText: String,
         pageText: @escaping (Int, Int) -> String = { "Page \($0) of \($1)" }) {
        self.pageText = pageText
        self.pass = pass
        self.typesetter = typesetter
        self.surface = surface
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        self.runningTitle = runningTitle
        self.runningPeriod = runningPeriod
        self.footerText = footerText
    }

    var drawing: Bool { pass != .measure }
    var cairo: CairoContext { typesetter.cairo }
    var left: Double { PDFTheme.marginX }
    var width: Double { pageWidth - 2 * PDFTheme.marginX }
    var bottom: Double { pageHeight - PDFTheme.marginBottom }
    /// Where content starts on a page after the running header.
    var pageTop: Double { PDFTheme.marginTop + 18 }
    var atPageTop: Bool { y <= pageTop + 0.01 }

    func fits(_ height: Double) -> Bool { y + height <= bottom + 0.01 }

    /// Starts a new page unless `height` fits under the cursor (or the page is still empty).
    func ensure(_ height: Double) throws {
        if !fits(height) && !atPageTop { try newPage() }
    }

    /// Finishes the page (footer) and starts the next one (running header).
    func newPage() throws {
        if drawing {
            try drawFooter()
            cairo.showPage()
            try cairo.check("finishing page \(page)")
        }
        page += 1
        y = pageTop
        if drawing { try drawRunningHeader() }
    }

    /// Draws the footer of the last page.
    func finish() throws {
        if drawing { try drawFooter() }
    }

    /// A bookmark to the cursor's position (draw pass only; returns the root id when measuring).
    func bookmark(_ title: String, parent: Int32 = CairoSurface.outlineRoot, open: Bool = false) throws -> Int32 {
        guard drawing else { return CairoSurface.outlineRoot }
        var t = LayoutText.clean(title, limit: 120).replacingOccurrences(of: "\n", with: " ")
        if t.isEmpty { t = "—" }
        return try surface.addOutline(parent: parent, title: t, page: page, y: y - 4, open: open)
    }

    private func drawRunningHeader() throws {
        let style = PDFTheme.footer
        let top = PDFTheme.marginTop
        let periodW = min(try typesetter.measure(runningPeriod, style).width + 1, width / 3)
        try typesetter.draw(runningTitle, style, x: left, y: top, width: width - periodW - 12, color: PDFTheme.muted)
        try typesetter.draw(runningPeriod, style.with(alignment: .right), x: left + width - periodW, y: top, width: periodW, color: PDFTheme.muted)
        let lineY = top + (try typesetter.lineHeight(style)) + 4
        cairo.line(left, lineY, left + width, lineY, PDFTheme.rule, width: 0.6)
    }

    private func drawFooter() throws {
        guard case .draw(let total) = pass else { return }
        let style = PDFTheme.footer
        let lineY = pageHeight - PDFTheme.marginBottom + 14
        cairo.line(left, lineY, left + width, lineY, PDFTheme.rule, width: 0.6)
        let pageText = self.pageText(page, total)
        let pageW = try typesetter.measure(pageText, style).width + 1
        try typesetter.draw(footerText, style, x: left, y: lineY + 5, width: width - pageW - 12, color: PDFTheme.muted)
        try typesetter.draw(pageText, style.with(alignment: .right), x: left + width - pageW, y: lineY + 5, width: pageW, color: PDFTheme.muted)
    }
}
