import Analytics

/// How `metrics_daily` cuts time: a tenant-local day, cut again where a rollup day window ends.
///
/// A piece never spans a local midnight (so per-day figures read whole pieces) nor a rollup
/// window (so a rerun of one UTC day replaces exactly its own pieces). Pieces tile time: an
/// hour belongs to the piece holding its start instant, both when the rollup writes a piece
/// and when a report decides which hours a piece stands for.
public struct DayPieces: Sendable {
    public let grid: HourGrid
    public let clock: LocalClock

    public init(grid: HourGrid, clock: LocalClock) {
        self.grid = grid
        self.clock = clock
    }

    /// The piece holding instant `t`.
    public func piece(containing t: Int64) -> EpochInterval {
        let shifted = t - grid.offset
        let rollupDay = shifted >= 0 ? shifted / 86_400 * 86_400 : (shifted - 86_399) / 86_400 * 86_400
        let window = grid.dayWindow(utcDayStart: rollupDay)
        let date = clock.date(at: t)
        let start = clock.startOfDay(date), end = clock.startOfDay(date.adding(days: 1))
        return EpochInterval(start: Swift.max(start, window.start), end: Swift.min(end, window.end))
    }

    /// Whether a piece starts at `t`.
    public func isBoundary(_ t: Int64) -> Bool { piece(containing: t).start == t }

    /// The longest run of whole pieces inside [from, to), or nil when not one piece fits.
    public func wholePieces(from: Int64, to: Int64) -> EpochInterval? {
        guard to > from else { return nil }
        let first = piece(containing: from)
        let start = first.start == from ? from : first.end
        let last = piece(containing: to - 1)
        let end = last.end == to ? to : last.start
        return start < end ? EpochInterval(start: start, end: end) : nil
    }
}
