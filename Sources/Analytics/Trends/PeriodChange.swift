/// The change of a figure against the previous period (`ReportPeriod.preceding`).
///
/// `absolute = current − previous`; `relative = absolute / |previous|` (a fraction: 0.25 is
/// +25 %), nil when `previous` is 0. The whole value is nil (from `init?`) when either side
/// is missing, so "no data last month" never shows as a change.
public struct PeriodChange: Sendable, Hashable {
    /// This period's value.
    public let current: Double
    /// The previous period's value.
    public let previous: Double

    /// Creates the change; nil when either value is nil or not finite.
    public init?(current: Double?, previous: Double?) {
        guard let c = current, let p = previous, c.isFinite, p.isFinite else { return nil }
        self.current = c
        self.previous = p
    }

    /// `current − previous`.
    public var absolute: Double { current - previous }

    /// `(current − previous) / |previous|`; nil when `previous` is 0.
    public var relative: Double? { previous == 0 ? nil : (current - previous) / abs(previous) }
}
