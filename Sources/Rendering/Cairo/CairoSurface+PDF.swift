import CCairo

/// The PDF-only calls of a cairo surface: document metadata and the outline (bookmarks).
extension CairoSurface {
    /// PDF document information entries cairo writes.
    enum PDFMetadata {
        case title, subject, creator
        /// ISO 8601 `YYYY-MM-DDThh:mm:ssZ`; set explicitly so a re-render gives the same bytes.
        case createDate, modDate

        var cairo: cairo_pdf_metadata_t {
            switch self {
            case .title: return CAIRO_PDF_METADATA_TITLE
            case .subject: return CAIRO_PDF_METADATA_SUBJECT
            case .creator: return CAIRO_PDF_METADATA_CREATOR
            case .createDate: return CAIRO_PDF_METADATA_CREATE_DATE
            case .modDate: return CAIRO_PDF_METADATA_MOD_DATE
            }
        }
    }

    /// Sets one metadata entry of a PDF surface.
    func setMetadata(_ key: PDFMetadata, _ value: String) throws {
        value.withCString { cairo_pdf_surface_set_metadata(pointer, key.cairo, $0) }
        try check("setting PDF metadata")
    }

    /// Adds a bookmark to `page` (1-based) at `y` points from the top, under `parent`
    /// (`CairoSurface.outlineRoot` for a top-level entry); returns its id for children.
    func addOutline(parent: Int32, title: String, page: Int, y: Double, open: Bool = false) throws -> Int32 {
        let link = "page=\(page) pos=[0 \(Int(max(0, y).rounded()))]"
        let flags = open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : cairo_pdf_outline_flags_t(rawValue: 0)
        let id = title.withCString { t in
            link.withCString { l in cairo_pdf_surface_add_outline(pointer, parent, t, l, flags) }
        }
        try check("adding the PDF bookmark \"\(title.prefix(40))\"")
        return id
    }

    /// The parent id of top-level bookmarks.
    static let outlineRoot = Int32(CAIRO_PDF_OUTLINE_ROOT)
}
