import CCairo
import CPango

/// Owns a `PangoContext` for one `CairoContext`: the font map, resolution and font options
/// every layout made from it shares.
///
/// Make it after any scaling of the cairo context (PNG at 2x); layouts from it then measure
/// in the context's user units. Glyph positions are not rounded to whole units: on a PDF a
/// unit is a point, and rounding spaced letters unevenly (up to 0.04 em per glyph) and made
/// cairo write a position correction after every glyph.
final class PangoContext {
    let pointer: OpaquePointer
    let cairo: CairoContext
    private let fontOptions: CairoFontOptions

    init(cairo: CairoContext) throws {
        guard let p = pango_cairo_create_context(cairo.pointer) else {
            throw RenderingError(.cairo, "pango: creating a text context returned nothing")
        }
        pointer = p
        self.cairo = cairo
        fontOptions = try CairoFontOptions()
        pango_cairo_context_set_font_options(p, fontOptions.pointer)
        pango_cairo_context_set_resolution(p, 72)
        pango_context_set_base_dir(p, PANGO_DIRECTION_LTR)
        pango_context_set_round_glyph_positions(p, 0)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }

    /// The family that `description` really resolves to on this machine, or nil when no font loads.
    func resolvedFamily(_ description: PangoFontDescription) -> String? {
        guard let font = pango_context_load_font(pointer, description.pointer) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(font)) }
        guard let described = pango_font_describe(font) else { return nil }
        defer { pango_font_description_free(described) }
        return pango_font_description_get_family(described).map { String(cString: $0) }
    }
}
