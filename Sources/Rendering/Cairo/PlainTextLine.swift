import CCairo
import CPango

/// One line of printable ASCII (and the Latin-1 letters and the spaces, dashes and signs that
/// formatted numbers and dates use) drawn straight with cairo, without a pango layout per string.
///
/// The glyph and advance of each character are those pango picks for it alone in the style
/// (so tabular figures stay tabular); a string is then set glyph after glyph, without kerning
/// or ligatures, as real text (cairo keeps the UTF-8 for extraction). Long tables are mostly
/// numbers, dates and short names, and this is several times faster than pango for them. ICU
/// puts non-ASCII spaces into many of them (`2:05\u{202F}PM`, `1\u{202F}234,5`, `99,8\u{00A0}%`), so
/// those are covered too. A character outside the set, or whose glyph comes from another
/// font, makes `width` return nil: such text goes to pango.
final class PlainTextLine {
    /// The font pango chose for ASCII (retained) and its cairo scaled font (owned by it).
    private let font: UnsafeMutableRawPointer
    private let scaledFont: OpaquePointer
    private var glyphs = [UInt](repeating: 0, count: 128)
    private var advances = [Double](repeating: 0, count: 128)
    private var available = [Bool](repeating: false, count: 128)
    /// From the top of the line box to the baseline, as in a pango layout of the style.
    let baseline: Double
    /// The non-ASCII characters of `extraScalars` met so far: glyph and advance, nil when the
    /// ASCII font lacks it (probed on first use, so a table of plain ASCII pays nothing).
    private var extra: [UInt32: (glyph: UInt, advance: Double)?] = [:]
    /// The layout that probes a character.
    private let probeLayout: PangoLayout

    init(typesetter: Typesetter, style: TextStyle) throws {
        let layout = try typesetter.makeLayout(style.with(maxLines: 0).with(alignment: .left))
        layout.setBox(width: nil, maxLines: 0, singleParagraph: true)
        var chosen: UnsafeMutablePointer<PangoFont>? = nil
        func probe(_ scalar: Unicode.Scalar) -> (glyph: UInt, advance: Double, font: UnsafeMutablePointer<PangoFont>)? {
            Self.probe(scalar, in: layout)
        }
        var table: [(code: Int, glyph: UInt, advance: Double)] = []
        for code in 0x20..<0x7F {
            guard let p = probe(Unicode.Scalar(UInt8(code))) else { continue }
            if chosen == nil { chosen = p.font }
            guard p.font == chosen else { continue }
            table.append((code, p.glyph, p.advance))
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
        probeLayout = layout
    }

    /// What pango sets for one character alone: its glyph, advance and font (nil: not a single plain glyph).
    private static func probe(_ scalar: Unicode.Scalar, in layout: PangoLayout) -> (glyph: UInt, advance: Double, font: UnsafeMutablePointer<PangoFont>)? {
        layout.setText(String(Character(scalar)))
        guard let line = pango_layout_get_line_readonly(layout.pointer, 0), let runs = line.pointee.runs,
              let data = runs.pointee.data else { return nil }
        let run = data.assumingMemoryBound(to: PangoGlyphItem.self).pointee
        guard runs.pointee.next == nil, let glyphString = run.glyphs, glyphString.pointee.num_glyphs == 1,
              let info = glyphString.pointee.glyphs, let runFont = run.item?.pointee.analysis.font else { return nil }
        let g = info.pointee
        guard g.glyph & PANGO_GLYPH_UNKNOWN_FLAG == 0, g.glyph != PANGO_GLYPH_EMPTY,
              g.geometry.x_offset == 0, g.geometry.y_offset == 0 else { return nil }
        return (UInt(g.glyph), Double(g.geometry.width) / Double(PANGO_SCALE), runFont)
    }

    /// The glyph and advance of a non-ASCII `scalar` in the ASCII font, probing it the first time.
    private func extraGlyph(_ scalar: Unicode.Scalar) -> (glyph: UInt, advance: Double)? {
        if let known = extra[scalar.value] { return known }
        var found: (glyph: UInt, advance: Double)? = nil
        if Self.extraSet.contains(scalar.value), let p = Self.probe(scalar, in: probeLayout),
           UnsafeMutableRawPointer(p.font) == font {
            found = (p.glyph, p.advance)
        }
        extra[scalar.value] = .some(found)
        return found
    }

    deinit { g_object_unref(font) }

    /// The non-ASCII characters set without pango when the ASCII font has them: Latin-1
    /// letters and signs (no soft hyphen), the no-break, narrow and thin spaces, dashes, the
    /// ellipsis, the typographic apostrophe, the minus sign and the euro sign.
    static let extraScalars: [Unicode.Scalar] = (0xA0...0xFF).filter { $0 != 0xAD }.compactMap(Unicode.Scalar.init)
        + [0x2009, 0x2013, 0x2014, 0x2019, 0x2026, 0x202F, 0x20AC, 0x2212].compactMap(Unicode.Scalar.init)
    private static let extraSet = Set(extraScalars.map(\.value))

    /// The width of `text` set on one line, or nil when pango must set it.
    func width(_ text: String) -> Double? {
        var sum = 0.0
        for b in text.utf8 {
            guard b < 0x80 else { return extendedWidth(text) }
            guard available[Int(b)] else { return nil }
            sum += advances[Int(b)]
        }
        return sum
    }

    private func extendedWidth(_ text: String) -> Double? {
        var sum = 0.0
        for u in text.unicodeScalars {
            if u.value < 0x80 {
                guard available[Int(u.value)] else { return nil }
                sum += advances[Int(u.value)]
            } else {
                guard let e = extraGlyph(u) else { return nil }
                sum += e.advance
            }
        }
        return sum
    }

    /// Draws `text` (for which `width` was not nil) with its line box's top-left at (x, top),
    /// in the current source colour.
    func draw(_ text: String, x: Double, top: Double, on cairo: CairoContext) {
        let batch = PlainTextBatch()
        append(text, x: x, top: top, to: batch)
        batch.draw(on: cairo)
    }

    /// Adds `text` (for which `width` was not nil) at (x, top) to `batch`, to be drawn with the
    /// other strings of the batch in one cairo call per font.
    func append(_ text: String, x: Double, top: Double, to batch: PlainTextBatch) {
        var pen = x
        let y = top + baseline
        batch.add(font: scaledFont, text: text) { glyphs, clusters in
            for u in text.unicodeScalars {
                let (glyph, advance) = u.value < 0x80 ? (self.glyphs[Int(u.value)], advances[Int(u.value)]) : ((extra[u.value] ?? nil) ?? (0, 0))
                glyphs.append(cairo_glyph_t(index: glyph, x: pen, y: y))
                clusters.append(cairo_text_cluster_t(num_bytes: Int32(UTF8.width(u)), num_glyphs: 1))
                pen += advance
            }
        }
    }
}
