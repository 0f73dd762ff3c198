import CPango

/// Owns a `PangoFontDescription`: a family list, an absolute size in user units and a weight.
final class PangoFontDescription {
    let pointer: OpaquePointer

    /// `families` is a comma-separated fallback list ("Noto Sans,DejaVu Sans"); `size` is in
    /// cairo user units (points in a PDF), independent of any resolution.
    init(families: String, size: Double, bold: Bool) throws {
        guard let p = pango_font_description_new() else {
            throw RenderingError(.cairo, "pango: creating a font description returned nothing")
        }
        pointer = p
        families.withCString { pango_font_description_set_family(p, $0) }
        pango_font_description_set_absolute_size(p, size * Double(PANGO_SCALE))
        pango_font_description_set_weight(p, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
    }

    deinit { pango_font_description_free(pointer) }
}
