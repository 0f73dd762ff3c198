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

    /// The running header's title and period and the footer's left text, laid out once per
    /// pass; the footer's box leaves room for the widest "page N of M".
    private struct Chrome {
        let title: PangoLayout
        let period: PangoLayout
        let periodX: Double
        let footer: PangoLayout
    }
    private var chrome: Chrome?

    private func pageChrome() throws -> Chrome {
        if let chrome { return chrome }
        let style = PDFTheme.footer
        let periodW = min(try typesetter.measure(runningPeriod, style).width + 1, width / 3)
        let total: Int
        if case .draw(let t) = pass { total = t } else { total = page }
        let pageW = try typesetter.measure(pageText(total, total), style).width + 1
        let made = Chrome(title: try typesetter.preparedLayout(runningTitle, style, width: width - periodW - 12),
                          period: try typesetter.preparedLayout(runningPeriod, style.with(alignment: .right), width: periodW),
                          periodX: left + width - periodW,
                          footer: try typesetter.preparedLayout(footerText, style, width: width - pageW - 12))
        chrome = made
        return made
    }

    private func drawRunningHeader() throws {
        let c = try pageChrome()
        let top = PDFTheme.marginTop
        cairo.setColor(PDFTheme.muted)
        c.title.draw(x: left, y: top)
        c.period.draw(x: c.periodX, y: top)
        let lineY = top + (try typesetter.lineHeight(PDFTheme.footer)) + 4
        cairo.line(left, lineY, left + width, lineY, PDFTheme.rule, width: 0.6)
    }

    private func drawFooter() throws {
        guard case .draw(let total) = pass else { return }
        let c = try pageChrome()
        let style = PDFTheme.footer
        let lineY = pageHeight - PDFTheme.marginBottom + 14
        cairo.line(left, lineY, left + width, lineY, PDFTheme.rule, width: 0.6)
        cairo.setColor(PDFTheme.muted)
        c.footer.draw(x: left, y: lineY + 5)
        let pageText = self.pageText(page, total)
        let pageW = try typesetter.measure(pageText, style).width + 1
        try typesetter.draw(pageText, style.with(alignment: .right), x: left + width - pageW, y: lineY + 5, width: pageW, color: PDFTheme.muted)
    }
}
