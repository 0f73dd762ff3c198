/// The title band across the top of the first page: the tenant's accent colour, logo and
/// name, the report title, the period and the time zone.
extension PDFComposer {
    func drawTitleBand() throws {
        let padX = PDFTheme.marginX, padTop = 24.0, padBottom = 20.0
        let width = flow.pageWidth - 2 * padX
        let logoH = 30.0
        var logoW = 0.0
        if let logo = content.logo {
            let (pw, ph) = logo.pixelSize
            logoW = min(180, logoH * Double(pw) / Double(max(ph, 1)))
        }
        let eyebrow = content.tenantName.uppercased()
        let eyebrowStyle = TextStyle(size: 8.5, bold: true, maxLines: 2)
        let periodLine = "\(content.periodRange)  ·  \(content.document.tenant.timeZoneID)"
        let periodStyle = TextStyle(size: 10, maxLines: 2)
        var h = padTop
        if content.logo != nil { h += logoH + 10 }
        let eyebrowH = try height(eyebrow, eyebrowStyle, width: width)
        let titleH = try height(content.document.title, PDFTheme.h1, width: width)
        let periodH = try height(periodLine, periodStyle, width: width)
        h += eyebrowH + 4 + titleH + 5 + periodH + padBottom

        if flow.drawing {
            cairo.fill(DrawingRect(x: 0, y: 0, width: flow.pageWidth, height: h), content.accent)
            var y = padTop
            if let logo = content.logo {
                cairo.paint(logo, into: DrawingRect(x: padX, y: y, width: logoW, height: logoH))
                y += logoH + 10
            }
            try typesetter.draw(eyebrow, eyebrowStyle, x: padX, y: y, width: width, color: content.onAccent, alpha: 0.85)
            y += eyebrowH + 4
            try typesetter.draw(content.document.title, PDFTheme.h1, x: padX, y: y, width: width, color: content.onAccent)
            y += titleH + 5
            try typesetter.draw(periodLine, periodStyle, x: padX, y: y, width: width, color: content.onAccent, alpha: 0.92)
            try cairo.check("drawing the title band")
        }
        flow.y = h + PDFTheme.sectionGap + 2
    }
}
