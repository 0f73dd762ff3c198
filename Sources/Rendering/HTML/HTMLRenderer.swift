import Foundation
import Mustache

/// Renders a `ReportDocument` to one self-contained HTML file from Mustache templates.
///
/// Templates come from a directory (the repository's `templates/`, or `--templates DIR`):
/// `report.html.mustache` is the page, every `report-*.mustache` is a partial usable as
/// `{{> report-table}}`. The context is plain, pre-formatted strings, so every `{{value}}`
/// is HTML-escaped by Mustache; the only unescaped value is `{{{svg}}}`, which this module
/// builds itself with every text node escaped. Output has no scripts and no external URLs
/// (logo only as a validated data URI), and is byte-identical for the same document.
/// Words, numbers and dates are in the document's `locale` (catalogs from `<templates>/i18n`),
/// and `<html lang>` names it.
public struct HTMLRenderer: Sendable {
    public let options: HTMLOptions
    private let library: MustacheLibrary
    /// The message catalogs of the templates directory (`i18n/*.yaml`).
    public let catalogs: MessageCatalogs
    public static let pageTemplate = "report.html"

    /// Loads `report.html.mustache` and the `report-*.mustache` partials from `templatesDirectory`.
    public init(templatesDirectory: URL, options: HTMLOptions = HTMLOptions()) throws {
        self.options = options
        let fm = FileManager.default
        let dir = templatesDirectory.path
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
            throw RenderingError(.template, "template directory \(dir) cannot be read")
        }
        var library = MustacheLibrary()
        for name in names.sorted() where name.hasSuffix(".mustache") && (name == "report.html.mustache" || name.hasPrefix("report-")) {
            let path = templatesDirectory.appendingPathComponent(name)
            let text: String
            do { text = try String(contentsOf: path, encoding: .utf8) } catch {
                throw RenderingError(.template, "template \(path.path) cannot be read", underlying: error)
            }
            do { try library.register(text, named: String(name.dropLast(".mustache".count))) } catch {
                throw RenderingError(.template, "template \(path.path) does not parse", underlying: error)
            }
        }
        guard library.getTemplate(named: Self.pageTemplate) != nil else {
            throw RenderingError(.template, "\(dir)/report.html.mustache is missing")
        }
        self.library = library
        self.catalogs = try MessageCatalogs.load(templatesDirectory: templatesDirectory)
    }

    /// The page as a String.
    public func render(_ document: ReportDocument) throws -> String {
        try document.validate()
        let context = try HTMLContextBuilder(document: document, options: options, catalogs: catalogs).build()
        guard let html = library.render(context, withTemplate: Self.pageTemplate) else {
            throw RenderingError(.template, "template \(Self.pageTemplate) is not registered")
        }
        return html
    }

    /// Renders and writes the page to `url` (UTF-8); throws `RenderingError(.io)` on failure.
    public func write(_ document: ReportDocument, to url: URL) throws -> RenderedFile {
        let html = try render(document)
        let sink = try FileSink(url: url, gzip: false)
        sink.buffer.append(contentsOf: html.utf8)
        try sink.close()
        return RenderedFile(format: .html, url: url, bytes: sink.bytesWritten)
    }
}
