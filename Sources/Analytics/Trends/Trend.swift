import Foundation

/// A least-squares straight line through a time series, with its slope per day.
///
/// Fit with `Trend.fit(_:)` (ordinary least squares `y = intercept + slope·x`, x in epoch
/// seconds, two-pass centred sums for numerical stability; non-finite points ignored).
/// Nil when fewer than two distinct timestamps remain. `slopePerDay` is what reports show
/// ("+0.8 %/day"); `value(at:)` evaluates the line; `crossing(of:after:lastValue:)` gives
/// the disk-full style forecast.
public struct Trend: Sendable, Hashable {
    /// Change of the value per second.
    public let slopePerSecond: Double
    /// Value of the line at `referenceTime`.
    public let valueAtReference: Double
    /// Mean x of the fitted points (epoch seconds); the line is anchored there.
    public let referenceTime: Double
    /// Number of points used.
    public let count: Int

    /// Change of the value per day (86 400 s).
    public var slopePerDay: Double { slopePerSecond * 86_400 }

    /// The fitted value at epoch second `t`.
    public func value(at t: Double) -> Double { valueAtReference + slopePerSecond * (t - referenceTime) }

    /// Least-squares fit of `(t, value)` points (t in epoch seconds); nil with fewer than two
    /// distinct finite timestamps.
    public static func fit(_ points: [(t: Double, value: Double)]) -> Trend? {
        let usable = points.filter { $0.t.isFinite && $0.value.isFinite }
        guard usable.count >= 2 else { return nil }
        let n = Double(usable.count)
        var sx = 0.0, sy = 0.0
        for p in usable { sx += p.t; sy += p.value }
        let mx = sx / n, my = sy / n
        var sxx = 0.0, sxy = 0.0
        for p in usable {
            let dx = p.t - mx
            sxx += dx * dx
            sxy += dx * (p.value - my)
        }
        guard sxx > 0 else { return nil }
        return Trend(slopePerSecond: sxy / sxx, valueAtReference: my, referenceTime: mx, count: usable.count)
    }

    /// When the line reaches `threshold` (e.g. 90 or 100 % disk), judged at `asOf` (the
    /// period end): `.alreadyReached` when `lastValue` (the latest observation) is at or
    /// above it, `.notRising` when the slope is ≤ 0, else `.expected(date)` with the line's
    /// crossing time, never earlier than `asOf`.
    public func crossing(of threshold: Double, asOf: Date, lastValue: Double?) -> ThresholdCrossing {
        if let last = lastValue, last >= threshold { return .alreadyReached }
        guard slopePerSecond > 0 else { return .notRising }
        let t = referenceTime + (threshold - valueAtReference) / slopePerSecond
        let now = asOf.timeIntervalSince1970
        return .expected(Date(timeIntervalSince1970: Swift.max(t, now)))
    }
}

/// The outcome of a threshold forecast (disk 90 % / 100 % full).
///
/// `date` is nil unless a crossing is expected, so a report can show "—" for both
/// `alreadyReached` (say "already above") and `notRising`.
public enum ThresholdCrossing: Sendable, Hashable {
    /// The latest observation is already at or above the threshold.
    case alreadyReached
    /// The trend is flat or falling: no crossing is forecast.
    case notRising
    /// The trend line crosses the threshold at this instant.
    case expected(Date)

    /// The forecast instant, nil for `alreadyReached` and `notRising`.
    public var date: Date? {
        if case .expected(let d) = self { return d }
        return nil
    }

    /// Days from `from` until the crossing (fractional), nil unless `expected`.
    public func days(from: Date) -> Double? {
        date.map { $0.timeIntervalSince(from) / 86_400 }
    }
}
