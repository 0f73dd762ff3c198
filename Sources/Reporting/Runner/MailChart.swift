import Foundation
import Rendering

/// The headline chart of a report as the PNG its e-mail shows inline (`mail-chart.png` in the report folder).
///
/// Drawn by `ChartImage` at `scale` (2: sharp on high-density screens) from
/// `ReportDocument.headlineChart()`, in the tenant's time zone and accent colour; `width` x
/// `height` are the CSS pixels of the `<img>` tag. Produced with the report and listed in its
/// manifest, so the mailer needs no data access. No chart with data: no file.
public enum MailChart {
    public static let fileName = "mail-chart.png"
    public static let format = "png"
    public static let width = 560
    public static let height = 240
    public static let scale = 2

    /// Writes the PNG into `directory` in the language of `words`; its chart title (the caption), or nil when there is nothing to draw.
    static func write(_ document: ReportDocument, words: ReportLocalization = .builtInEnglish, maxPoints: Int, to directory: URL) throws -> String? {
        let zone = try document.timeZone()
        let localized = document.localized(words, formatter: words.formatter(timeZone: zone))
        guard let chart = try localized.headlineChart() else { return nil }
        let png = try ChartImage.png(chart: chart, width: width, height: height, scale: scale, timeZone: zone,
                                     accent: document.tenant.branding.validatedAccent, maxPoints: maxPoints, localization: words)
        let url = directory.appendingPathComponent(fileName)
        do {
            try png.write(to: url)
        } catch {
            throw ReportingError(.io, "cannot write the e-mail chart \(url.path)", underlying: error.localizedDescription)
        }
        return chart.title
    }

    /// What the e-mail does with each file: the chart inline, the `attach` formats attached, the rest listed.
    static func mailUses(_ files: [ReportFile], attach: [OutputFormat], caption: String?) -> [ReportFile] {
        let attached = Set(attach.map(\.rawValue))
        return files.map { file in
            var file = file
            if file.format == format, (file.path as NSString).lastPathComponent == fileName {
                file.mail = .inline
                file.caption = caption
            } else {
                // csv.gz is a csv table compressed.
                let base = file.format == "csv.gz" ? "csv" : file.format
                file.mail = attached.contains(base) ? .attach : .list
            }
            return file
        }
    }
}
