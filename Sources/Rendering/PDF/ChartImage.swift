import Foundation

/// A report chart as a PNG image, for e-mail clients that draw no SVG (Gmail, Outlook).
///
/// Drawn by the same `ChartPainter` as the PDF charts on a white image surface: `width` x
/// `height` are CSS pixels and the image has `scale` times as many pixels in each direction
/// (2 for sharp screens; put `width`/`height` in the `<img>` tag). Axis ticks are in
/// `timeZone` (the tenant's), the first series in `accent` (`#rrggbb`, else the default).
/// The chart title is not drawn: the mail shows it as a heading and as the image's alt text.
/// Tick labels and the "no data" text are in `localization`'s language and formats. The same
/// inputs give the same bytes.
public enum ChartImage {
    /// Encodes `chart` as PNG; throws `RenderingError(.cairo)` or `.font` if drawing fails and
    /// `.invalidDocument` for a size outside 50...4000 or a scale outside 1...4.
    public static func png(chart: ReportChart, width: Int, height: Int, scale: Int = 2,
                           timeZone: TimeZone = .gmt,
                           accent: String = ReportBranding.defaultAccent, maxPoints: Int = 400,
                           localization: ReportLocalization = .builtInEnglish) throws -> Data {
        guard (50...4000).contains(width), (50...4000).contains(height) else {
            throw RenderingError(.invalidDocument, "chart image size \(width) x \(height) is outside 50...4000")
        }
        guard (1...4).contains(scale) else {
            throw RenderingError(.invalidDocument, "chart image scale \(scale) is outside 1...4")
        }
        let surface = try CairoSurface.image(width: width * scale, height: height * scale)
        let cr = try CairoContext(surface: surface)
        cr.paint(.white)
        cr.scale(Double(scale), Double(scale))
        let typesetter = try Typesetter(cairo: cr)
        let painter = ChartPainter(zone: timeZone, accent: RGBColor(hex: ReportBranding(accentColor: accent).validatedAccent),
                                   maxPoints: maxPoints, metrics: .image, formatter: localization.formatter(timeZone: timeZone))
        let margin = 10.0
        try painter.draw(chart, in: DrawingRect(x: margin, y: margin, width: Double(width) - 2 * margin,
                                                height: Double(height) - 2 * margin), typesetter: typesetter)
        try cr.check("drawing the chart image")
        return try surface.pngData()
    }
}
