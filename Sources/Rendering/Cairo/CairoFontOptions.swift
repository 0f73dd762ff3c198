import CCairo

/// Owns a `cairo_font_options_t`: unhinted outlines and metrics, grey antialiasing.
///
/// Unhinted metrics make text measure the same on PDF and image surfaces and at any
/// scale, so a layout computed once is valid for every output.
final class CairoFontOptions {
    let pointer: OpaquePointer

    init() throws {
        guard let p = cairo_font_options_create() else {
            throw RenderingError(.cairo, "creating font options returned nothing")
        }
        pointer = p
        try CairoStatus.check(cairo_font_options_status(p), "creating font options")
        cairo_font_options_set_hint_metrics(p, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(p, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(p, CAIRO_ANTIALIAS_GRAY)
    }

    deinit { cairo_font_options_destroy(pointer) }
}
