import Foundation

/// A named series of points in ascending `x` order.
public struct ChartSeries: Hashable, Sendable {
    /// One point of a series; `y == nil` is a gap (no data), drawn as a break in the line.
    public struct Point: Hashable, Sendable {
        public var x: Date
        public var y: Double?
        public init(x: Date, y: Double?) {
            self.x = x
            self.y = y
        }
    }

    public var name: String
    public var points: [Point]
    /// A stable name for translations (`series.<key>` in the catalogs); nil: the name as given.
    public var key: String?
    public init(name: String, points: [ChartSeries.Point], key: String? = nil) {
        self.key = key
        self.name = name
        self.points = points
    }
}
