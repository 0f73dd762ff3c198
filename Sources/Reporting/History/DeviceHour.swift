import Analytics

/// The metrics that `system_metrics` carries, in storage order.
public enum Metric: String, Sendable, CaseIterable {
    case cpu = "cpu_usage"
    case memory = "memory_usage"
    case disk = "disk_usage"

    /// Human label for reports.
    public var label: String {
        switch self {
        case .cpu: return "CPU"
        case .memory: return "Memory"
        case .disk: return "Disk"
        }
    }
}

/// Everything the reports need of one device in one tenant-local hour: the tier-neutral unit.
///
/// Both tiers produce exactly these: ClickHouse stores them (`metrics_hourly`,
/// `availability_hourly`), the InfluxDB tier computes them from raw points with the same
/// builder. So a period reads the same numbers whichever tier served each hour.
public struct DeviceHour: Sendable {
    /// Start of the hour (epoch seconds); a tenant-local hour, so `:30` UTC for Asia/Kolkata.
    public var hour: Int64
    public var heartbeats: Int = 0
    /// First/last heartbeat, gaps longer than `HourSummaryBuilder.minimumGap`, online-flag changes.
    public var summary = HeartbeatGapSummary(first: nil, last: nil, gaps: [], transitions: [])
    /// One cell per `Metric.allCases`, with its quantile sketch.
    public var metrics: [RollupCell] = Array(repeating: RollupCell(), count: Metric.allCases.count)

    public init(hour: Int64) { self.hour = hour }

    public var hasHeartbeats: Bool { summary.first != nil }
    public var hasMetrics: Bool { metrics.contains { $0.samples > 0 || $0.droppedSamples > 0 } }
}

/// The hour grid of a tenant: hours start at `offset` seconds past each UTC hour.
public struct HourGrid: Sendable, Hashable {
    /// 0 for whole-hour zones, 1800 for Asia/Kolkata, 2700 for Asia/Kathmandu.
    public let offset: Int64

    public init(offset: Int64) { self.offset = ((offset % 3600) + 3600) % 3600 }

    /// The grid of a time zone, from its current UTC offset.
    public init(timeZone: TimeZoneLike) { self.init(offset: Int64(timeZone.secondsFromGMT)) }

    /// Start of the hour containing `t`.
    @inline(__always)
    public func hourStart(_ t: Int64) -> Int64 {
        let shifted = t - offset
        let floor = shifted >= 0 ? shifted / 3600 * 3600 : (shifted - 3599) / 3600 * 3600
        return floor + offset
    }

    /// The rollup day window of UTC date `dayStart` (epoch seconds of 00:00 UTC): 24 grid hours.
    public func dayWindow(utcDayStart dayStart: Int64) -> EpochInterval {
        EpochInterval(start: dayStart + offset, end: dayStart + 86_400 + offset)
    }

    /// The UTC day (its 00:00 epoch) whose rollup window holds the hour starting at `hour`.
    public func rollupDay(ofHour hour: Int64) -> Int64 {
        let shifted = hour - offset
        return shifted >= 0 ? shifted / 86_400 * 86_400 : (shifted - 86_399) / 86_400 * 86_400
    }
}

/// Anything with a UTC offset (Foundation's TimeZone), so the grid stays testable.
public protocol TimeZoneLike {
    var secondsFromGMT: Int { get }
}

import Foundation
extension TimeZone: TimeZoneLike {
    public var secondsFromGMT: Int { secondsFromGMT(for: Date()) }
}
