import CCairo
import CPango

/// Owns a `PangoLayout`: one paragraph of shaped, wrapped text that can be measured and drawn.
///
/// A layout is reused for many strings of the same style (set the text again); sizes are in
/// the user units of its `PangoContext`. Text goes to pango as plain text, never as markup.
final class PangoLayout {
    let pointer: OpaquePointer
    let context: PangoContext

    init(context: PangoContext) throws {
        guard let p = pango_layout_new(context.pointer) else {
            throw RenderingError(.cairo, "pango: creating a text layout returned nothing")
        }
        pointer = p
        self.context = context
        pango_layout_set_auto_dir(p, 0)
        pango_layout_set_wrap(p, PANGO_WRAP_WORD_CHAR)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }

    enum Alignment { case left, center, right }

    func setFont(_ font: PangoFontDescription) { pango_layout_set_font_description(pointer, font.pointer) }
    func setAttributes(_ list: PangoAttributeList?) { pango_layout_set_attributes(pointer, list?.pointer) }

    func setAlignment(_ a: Alignment) {
        switch a {
        case .left: pango_layout_set_alignment(pointer, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(pointer, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(pointer, PANGO_ALIGN_RIGHT)
        }
    }

    /// Wraps at `width` user units (nil: no wrapping) and shows at most `maxLines` lines, the
    /// last one ellipsized with "…" (0: no limit). `singleParagraph` shows newlines as symbols.
    func setBox(width: Double?, maxLines: Int, singleParagraph: Bool) {
        pango_layout_set_width(pointer, width.map { Int32(max(1, ($0 * Double(PANGO_SCALE)).rounded(.down))) } ?? -1)
        pango_layout_set_single_paragraph_mode(pointer, singleParagraph ? 1 : 0)
        if maxLines > 0 {
            pango_layout_set_ellipsize(pointer, PANGO_ELLIPSIZE_END)
            pango_layout_set_height(pointer, -Int32(maxLines))
        } else {
            pango_layout_set_ellipsize(pointer, PANGO_ELLIPSIZE_NONE)
            pango_layout_set_height(pointer, -1)
        }
    }

    /// Replaces the text (plain UTF-8, no markup).
    func setText(_ text: String) {
        text.withCString { pango_layout_set_text(pointer, $0, Int32(clamping: text.utf8.count)) }
    }

    /// The logical width and height of the laid-out text.
    var size: (width: Double, height: Double) {
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_size(pointer, &w, &h)
        return (Double(w) / Double(PANGO_SCALE), Double(h) / Double(PANGO_SCALE))
    }

    /// True when the text did not fit its box and was cut with "…".
    var isEllipsized: Bool { pango_layout_is_ellipsized(pointer) != 0 }

    /// The UTF-8 byte offset in the text where each laid-out line starts.
    var lineStarts: [Int] {
        let n = pango_layout_get_line_count(pointer)
        return (0..<n).compactMap { pango_layout_get_line_readonly(pointer, $0).map { Int($0.pointee.start_index) } }
    }

    /// Glyphs of the laid-out text that no installed font has (drawn as boxes, "tofu").
    var unknownGlyphs: Int { Int(pango_layout_get_unknown_glyphs_count(pointer)) }

    /// The distance from the top of the layout to the baseline of its first line.
    var baseline: Double { Double(pango_layout_get_baseline(pointer)) / Double(PANGO_SCALE) }

    /// Draws the text with its top-left corner at (x, y) in the current cairo colour.
    func draw(x: Double, y: Double) {
        let cr = context.cairo.pointer
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, pointer)
    }
}
