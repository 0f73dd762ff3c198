import Foundation

/// When a disk is forecast to be 90 % and 100 % full, from the trend of its usage.
///
/// Built from a `Trend` of disk usage in percent (e.g. daily means over the period), the
/// period end `asOf` and the latest observed value: both crossings follow
/// `Trend.crossing(of:asOf:lastValue:)` (none when the slope is not positive, "already"
/// when the latest value is at or above the threshold). Without a trend (fewer than two
/// points) both are `.notRising`.
public struct DiskForecast: Sendable, Hashable {
    /// Crossing of 90 % usage.
    public let ninetyPercent: ThresholdCrossing
    /// Crossing of 100 % usage.
    public let full: ThresholdCrossing

    /// Forecast from a fitted trend of usage percent.
    public init(trend: Trend?, asOf: Date, lastValue: Double?) {
        guard let trend else {
            let last = lastValue ?? -.infinity
            ninetyPercent = last >= 90 ? .alreadyReached : .notRising
            full = last >= 100 ? .alreadyReached : .notRising
            return
        }
        ninetyPercent = trend.crossing(of: 90, asOf: asOf, lastValue: lastValue)
        full = trend.crossing(of: 100, asOf: asOf, lastValue: lastValue)
    }
}
