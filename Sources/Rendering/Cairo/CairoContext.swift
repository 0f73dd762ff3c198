import CCairo

/// Owns one `cairo_t` drawing on a `CairoSurface` and destroys it in `deinit`.
///
/// Drawing calls do not fail one by one: cairo keeps the first error in the context and
/// ignores later calls. Call `check(_:)` after each block (a page, a chart) to throw it as
/// `RenderingError(.cairo)`.
final class CairoContext {
    let pointer: OpaquePointer
    /// Kept alive as long as the context draws on it.
    let surface: CairoSurface

    init(surface: CairoSurface) throws {
        guard let p = cairo_create(surface.pointer) else {
            throw RenderingError(.cairo, "creating a drawing context returned nothing")
        }
        self.pointer = p
        self.surface = surface
        try check("creating a drawing context")
    }

    deinit { cairo_destroy(pointer) }

    /// Throws the first error cairo recorded in this context, if any.
    func check(_ action: String) throws {
        try CairoStatus.check(cairo_status(pointer), action)
    }

    func save() { cairo_save(pointer) }
    func restore() { cairo_restore(pointer) }
    func translate(_ x: Double, _ y: Double) { cairo_translate(pointer, x, y) }
    func scale(_ x: Double, _ y: Double) { cairo_scale(pointer, x, y) }

    func setColor(_ c: RGBColor, alpha: Double = 1) {
        if alpha >= 1 { cairo_set_source_rgb(pointer, c.red, c.green, c.blue) }
        else { cairo_set_source_rgba(pointer, c.red, c.green, c.blue, alpha) }
    }

    func setLineWidth(_ w: Double) { cairo_set_line_width(pointer, w) }
    func setRoundCaps() {
        cairo_set_line_cap(pointer, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(pointer, CAIRO_LINE_JOIN_ROUND)
    }
    func setButtCaps() {
        cairo_set_line_cap(pointer, CAIRO_LINE_CAP_BUTT)
        cairo_set_line_join(pointer, CAIRO_LINE_JOIN_MITER)
    }

    /// Dash pattern (on, off, ...); empty for solid lines.
    func setDash(_ pattern: [Double]) {
        pattern.withUnsafeBufferPointer { cairo_set_dash(pointer, $0.baseAddress, Int32($0.count), 0) }
    }

    func moveTo(_ x: Double, _ y: Double) { cairo_move_to(pointer, x, y) }
    func lineTo(_ x: Double, _ y: Double) { cairo_line_to(pointer, x, y) }
    func newPath() { cairo_new_path(pointer) }
    func rectangle(_ r: DrawingRect) { cairo_rectangle(pointer, r.x, r.y, r.width, r.height) }
    func circle(_ x: Double, _ y: Double, radius: Double) {
        cairo_new_sub_path(pointer)
        cairo_arc(pointer, x, y, radius, 0, 2 * Double.pi)
    }

    /// A rectangle with rounded corners of `radius` as the current path.
    func roundedRectangle(_ r: DrawingRect, radius: Double) {
        let rad = min(radius, r.width / 2, r.height / 2)
        guard rad > 0 else { rectangle(r); return }
        cairo_new_sub_path(pointer)
        cairo_arc(pointer, r.maxX - rad, r.y + rad, rad, -Double.pi / 2, 0)
        cairo_arc(pointer, r.maxX - rad, r.maxY - rad, rad, 0, Double.pi / 2)
        cairo_arc(pointer, r.x + rad, r.maxY - rad, rad, Double.pi / 2, Double.pi)
        cairo_arc(pointer, r.x + rad, r.y + rad, rad, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(pointer)
    }

    func fill() { cairo_fill(pointer) }
    func fillPreserve() { cairo_fill_preserve(pointer) }
    func stroke() { cairo_stroke(pointer) }
    /// Intersects the clip with the current path (and clears the path).
    func clip() { cairo_clip(pointer) }

    /// Fills `r` with `color`.
    func fill(_ r: DrawingRect, _ color: RGBColor, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        rectangle(r)
        fill()
    }

    /// A straight line from (x0, y0) to (x1, y1).
    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ color: RGBColor, width: Double) {
        setColor(color)
        setLineWidth(width)
        moveTo(x0, y0)
        lineTo(x1, y1)
        stroke()
    }

    /// Paints `image` scaled into `r`.
    func paint(_ image: CairoSurface, into r: DrawingRect) {
        let (w, h) = image.pixelSize
        guard w > 0, h > 0 else { return }
        save()
        translate(r.x, r.y)
        scale(r.width / Double(w), r.height / Double(h))
        cairo_set_source_surface(pointer, image.pointer, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(pointer), CAIRO_FILTER_GOOD)
        cairo_paint(pointer)
        restore()
    }

    /// Paints the whole surface with `color` (image backgrounds).
    func paint(_ color: RGBColor) {
        setColor(color)
        cairo_paint(pointer)
    }

    /// Ends the current PDF page and starts the next one.
    func showPage() { cairo_show_page(pointer) }
}
