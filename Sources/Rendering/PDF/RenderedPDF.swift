import Foundation

/// A PDF file `PDFRenderer` wrote: its location, size and page count.
public struct RenderedPDF: Hashable, Sendable {
    public var url: URL
    public var bytes: Int
    public var pages: Int

    public init(url: URL, bytes: Int, pages: Int) {
        self.url = url
        self.bytes = bytes
        self.pages = pages
    }
}
