import Foundation

/// Renders a `ReportDocument` to a paginated, vector PDF with cairo and pango.
///
/// The pages hold a title band with the tenant's branding, the KPI cards, every chart, the
/// tables as the HTML selects them, the notes and (with `PDFOptions.appendix`) the full
/// tables; every page has "page N of M" and the generation time in its footer, and every
/// section a bookmark. Text is real, searchable text with the fonts embedded. The document
/// is laid out twice (once to count the pages, once to draw), streaming table rows both
/// times, so a 10,000-row table costs time, not memory. The metadata dates are the
/// document's `generatedAt`, so the same document renders to the same bytes.
///
/// Errors: `RenderingError(.invalidDocument)` for a document that does not validate,
/// `.font` without an installed font, `.io` when the file cannot be written, `.cairo` for a
/// drawing failure, `.rowSource` when a table's rows cannot be read. A failed render may
/// leave a partial file at `url`.
public struct PDFRenderer: Sendable {
    public let options: PDFOptions
    /// The words of every language (`<templates>/i18n`); the document's `locale` picks one.
    public var catalogs = MessageCatalogs()

    public init(options: PDFOptions = PDFOptions()) {
        self.options = options
    }

    public func render(_ document: ReportDocument, to url: URL) throws -> RenderedPDF {
        try document.validate()
        let words = catalogs.localization(for: document.locale)
        let formatter = words.formatter(timeZone: try document.timeZone())
        let document = document.localized(words, formatter: formatter)
        let content = try PDFContent(document, options: options, words: words, formatter: formatter)
        let (pageWidth, pageHeight) = options.paper.size
        let surface = try CairoSurface.pdf(path: url.path, width: pageWidth, height: pageHeight)
        try setMetadata(surface, document, content)
        let cairo = try CairoContext(surface: surface)
        let typesetter = try Typesetter(cairo: cairo)

        func run(_ pass: PDFPageFlow.Pass) throws -> Int {
            let flow = PDFPageFlow(pass: pass, typesetter: typesetter, surface: surface, pageWidth: pageWidth,
                                   pageHeight: pageHeight,
                                   runningTitle: "\(LayoutText.isolated(content.tenantName)) · \(LayoutText.isolated(document.title))",
                                   runningPeriod: "\(document.period.label) · \(document.tenant.timeZoneID)",
                                   footerText: content.footerText, pageText: content.pageText)
            try PDFComposer(content: content, options: options, flow: flow).compose()
            return flow.page
        }
        let pages = try run(.measure)
        let drawn = try run(.draw(totalPages: pages))
        guard drawn == pages else {
            throw RenderingError(.rowSource, "the tables of \(url.lastPathComponent) changed between the two layout passes (\(pages) then \(drawn) pages)")
        }
        try surface.finish("writing \(url.path)")
        let size: Int
        do { size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0 } catch {
            throw RenderingError(.io, "reading the size of \(url.path)", underlying: error)
        }
        return RenderedPDF(url: url, bytes: size, pages: pages)
    }

    private func setMetadata(_ surface: CairoSurface, _ doc: ReportDocument, _ content: PDFContent) throws {
        func clean(_ s: String) -> String { LayoutText.clean(s, limit: 200).replacingOccurrences(of: "\n", with: " ") }
        let date = DateText.isoUTC(doc.generatedAt)
        try surface.setMetadata(.title, clean("\(doc.title) · \(content.tenantName) · \(doc.period.label)"))
        try surface.setMetadata(.subject, clean(content.words.text("pdf.subject", ["title": doc.title, "kind": doc.kind, "tenant": content.tenantName,
                                                                                   "range": content.periodRange, "zone": doc.tenant.timeZoneID])))
        try surface.setMetadata(.creator, clean(doc.generator))
        try surface.setMetadata(.createDate, date)
        try surface.setMetadata(.modDate, date)
    }
}
