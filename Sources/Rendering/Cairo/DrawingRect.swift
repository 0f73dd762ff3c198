/// An axis-aligned rectangle in cairo user units (points for PDF, CSS pixels for PNG), y down.
struct DrawingRect: Hashable, Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }

    /// The rectangle shrunk by `dx` on the left and right and `dy` at the top and bottom.
    func inset(_ dx: Double, _ dy: Double) -> DrawingRect {
        DrawingRect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }
}
