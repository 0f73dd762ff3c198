import CCairo

/// Strings set by `PlainTextLine`s, collected and drawn with one `cairo_show_text_glyphs` per font.
///
/// Every cairo drawing operation on a PDF page costs the page's analysis a region union, which
/// grows with the operations already on the page; a table row drawn as one glyph run per font
/// instead of one per cell keeps long tables fast. The UTF-8 of every string is kept with its
/// glyphs (one cluster per character), so the text stays extractable.
final class PlainTextBatch {
    private struct Run {
        let font: OpaquePointer
        var glyphs: [cairo_glyph_t] = []
        var clusters: [cairo_text_cluster_t] = []
        var utf8: [UInt8] = []
    }
    private var runs: [Run] = []

    /// Whether nothing has been added since the last `draw`.
    var isEmpty: Bool { runs.allSatisfy { $0.glyphs.isEmpty } }

    /// Appends `text` in `font`; `fill` appends its glyphs and one cluster per character.
    func add(font: OpaquePointer, text: String, fill: (inout [cairo_glyph_t], inout [cairo_text_cluster_t]) -> Void) {
        let k: Int
        if let found = runs.firstIndex(where: { $0.font == font }) { k = found } else {
            runs.append(Run(font: font))
            k = runs.count - 1
        }
        var run = runs[k]
        runs[k].glyphs = []  // the run is unique while filled: no copy of its buffers
        runs[k].clusters = []
        runs[k].utf8 = []
        fill(&run.glyphs, &run.clusters)
        run.utf8.append(contentsOf: text.utf8)
        runs[k] = run
    }

    /// Draws everything added, in the current source colour, and empties the batch (keeping its buffers).
    func draw(on cairo: CairoContext) {
        for k in runs.indices where !runs[k].glyphs.isEmpty {
            cairo_set_scaled_font(cairo.pointer, runs[k].font)
            let run = runs[k]
            let n = Int32(run.glyphs.count)
            run.utf8.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { utf8 in
                    run.glyphs.withUnsafeBufferPointer { g in
                        run.clusters.withUnsafeBufferPointer { c in
                            cairo_show_text_glyphs(cairo.pointer, utf8.baseAddress, Int32(utf8.count), g.baseAddress, n, c.baseAddress, n,
                                                   cairo_text_cluster_flags_t(rawValue: 0))
                        }
                    }
                }
            }
            runs[k].glyphs.removeAll(keepingCapacity: true)
            runs[k].clusters.removeAll(keepingCapacity: true)
            runs[k].utf8.removeAll(keepingCapacity: true)
        }
    }
}
