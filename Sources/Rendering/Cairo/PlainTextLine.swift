import CCairo
import CPango

/// One line of printable ASCII drawn straight with cairo, without a pango layout per string.
///
/// The glyph and advance of each ASCII character are those pango picks for it alone in the
/// style (so tabular figures stay tabular); a string is then set glyph after glyph, without
/// kerning or ligatures, as real text (cairo keeps the UTF-8 for extraction). Long tables are
/// mostly numbers, dates and short names, and this is several times faster than pango for
/// them. A character that is not printable ASCII, or whose glyph comes from another font,
/// makes `width` return nil: such text goes to pango.
final class PlainTextLine {
    /// The font pango chose for ASCII (retained) and its cairo scaled font (owned by it).
    private let font: UnsafeMutableRawPointer
    private let scaledFont: OpaquePointer
    private var glyphs = [UInt](repeating: 0, count: 128)
    private var advances = [Double](repeating: 0, count: 128)
    private var available = [Bool](repeating: false, count: 128)
    /// From the top of the line box to the baseline, as in a pango layout of the style.
    let baseline: Double
    private var glyphBuffer: [cairo_glyph_t] = []
    private var clusterBuffer: [cairo_text_cluster_t] = []

    init(typesetter: Typesetter, style: TextStyle) throws {
        let layout = try typesetter.makeLayout(style.with(maxLines: 0).with(alignment: .left))
        layout.setBox(width: nil, maxLines: 0, singleParagraph: true)
        var chosen: UnsafeMutablePointer<PangoFont>? = nil
        var table: [(code: Int, glyph: UInt, advance: Double)] = []
        for code in 0x20..<0x7F {
            layout.setText(String(UnicodeScalar(UInt8(code))))
            guard let line = pango_layout_get_line_readonly(layout.pointer, 0), let runs = line.pointee.runs,
                  let data = runs.pointee.data else { continue }
            let run = data.assumingMemoryBound(to: PangoGlyphItem.self).pointee
            guard let glyphString = run.glyphs, glyphString.pointee.num_glyphs == 1, let info = glyphString.pointee.glyphs,
                  let runFont = run.item?.pointee.analysis.font else { continue }
            let g = info.pointee
            guard g.glyph & PANGO_GLYPH_UNKNOWN_FLAG == 0, g.geometry.x_offset == 0, g.geometry.y_offset == 0 else { continue }
            if chosen == nil { chosen = runFont }
            guard runFont == chosen else { continue }
            table.append((code, UInt(g.glyph), Double(g.geometry.width) / Double(PANGO_SCALE)))
        }
        guard let chosen, let scaled = pango_cairo_font_get_scaled_font(OpaquePointer(chosen)) else {
            throw RenderingError(.font, "pango found no font with ASCII glyphs for \(Typesetter.families)")
        }
        try CairoStatus.check(cairo_scaled_font_status(scaled), "loading the scaled font for table cells")
        font = g_object_ref(UnsafeMutableRawPointer(chosen))
        scaledFont = scaled
        for t in table {
            glyphs[t.code] = t.glyph
            advances[t.code] = t.advance
            available[t.code] = true
        }
        layout.setText("0")
        baseline = layout.baseline
    }

    deinit { g_object_unref(font) }

    /// The width of `text` set on one line, or nil when pango must set it.
    func width(_ text: String) -> Double? {
        var sum = 0.0
        for b in text.utf8 {
            guard b < 0x80, available[Int(b)] else { return nil }
            sum += advances[Int(b)]
        }
        return sum
    }

    /// Draws `text` (for which `width` was not nil) with its line box's top-left at (x, top),
    /// in the current source colour.
    func draw(_ text: String, x: Double, top: Double, on cairo: CairoContext) {
        glyphBuffer.removeAll(keepingCapacity: true)
        var pen = x
        let y = top + baseline
        for b in text.utf8 {
            let i = Int(b)
            glyphBuffer.append(cairo_glyph_t(index: glyphs[i], x: pen, y: y))
            pen += advances[i]
        }
        let n = glyphBuffer.count
        guard n > 0 else { return }
        if clusterBuffer.count < n {
            clusterBuffer = [cairo_text_cluster_t](repeating: cairo_text_cluster_t(num_bytes: 1, num_glyphs: 1), count: n)
        }
        cairo_set_scaled_font(cairo.pointer, scaledFont)
        text.withCString { utf8 in
            glyphBuffer.withUnsafeBufferPointer { g in
                clusterBuffer.withUnsafeBufferPointer { c in
                    cairo_show_text_glyphs(cairo.pointer, utf8, Int32(n), g.baseAddress, Int32(n), c.baseAddress, Int32(n),
                                           cairo_text_cluster_flags_t(rawValue: 0))
                }
            }
        }
    }
}
