import Foundation

/// Renders one `ReportDocument` to the requested formats in a directory.
///
/// `<definition>_<tenant-slug>_<period-label>.html`, `.pdf` and `.xlsx`, and one `<table>.csv`
/// (or `.csv.gz`) per table plus `summary.csv`. The directory must exist; the caller
/// (Reporting) makes it a temporary folder and renames it into place, computes checksums
/// and writes `manifest.json`. A failure throws `RenderingError` and may leave partial files.
public struct ReportRenderer: Sendable {
    public var csv: CSVWriter
    public var xlsx: XLSXRenderer
    public var html: HTMLRenderer
    public var pdf: PDFRenderer

    /// Loads the HTML templates and the message catalogs (`i18n/*.yaml`) from `templatesDirectory`
    /// (see `HTMLRenderer`, `MessageCatalogs`); HTML, PDF and XLSX are in the document's `locale`.
    public init(templatesDirectory: URL, csv: CSVOptions = CSVOptions(), xlsx: XLSXOptions = XLSXOptions(),
                html: HTMLOptions = HTMLOptions(), pdf: PDFOptions = PDFOptions()) throws {
        self.csv = CSVWriter(options: csv)
        self.xlsx = XLSXRenderer(options: xlsx)
        self.html = try HTMLRenderer(templatesDirectory: templatesDirectory, options: html)
        self.pdf = PDFRenderer(options: pdf)
        self.xlsx.catalogs = self.html.catalogs
        self.pdf.catalogs = self.html.catalogs
    }

    /// `<definition>_<tenant-slug>_<period-label>`, with characters outside `[A-Za-z0-9._-]` replaced by `-`.
    public static func baseName(_ document: ReportDocument) -> String {
        func safe(_ s: String) -> String {
            String(String.UnicodeScalarView(s.unicodeScalars.map { u -> Unicode.Scalar in
                (u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "." || u == "_" || u == "-")) ? u : "-"
            }))
        }
        return "\(safe(document.definition))_\(safe(document.tenant.slug))_\(safe(document.period.label))"
    }

    /// Writes the formats in the order of `OutputFormat.allCases` (html, pdf, xlsx, csv) and returns the files written.
    public func render(_ document: ReportDocument, formats: Set<OutputFormat>, to directory: URL) throws -> [RenderedFile] {
        try document.validate()
        let base = Self.baseName(document)
        var files: [RenderedFile] = []
        for format in OutputFormat.allCases where formats.contains(format) {
            switch format {
            case .html: files.append(try html.write(document, to: directory.appendingPathComponent(base + ".html")))
            case .pdf:
                let written = try pdf.render(document, to: directory.appendingPathComponent(base + ".pdf"))
                files.append(RenderedFile(format: .pdf, url: written.url, bytes: written.bytes))
            case .xlsx: files.append(try xlsx.render(document, to: directory.appendingPathComponent(base + ".xlsx")))
            case .csv: files += try csv.writeAll(document, toDirectory: directory)
            }
        }
        return files
    }
}
