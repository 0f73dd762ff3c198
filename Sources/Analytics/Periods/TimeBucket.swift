import Foundation

/// One local calendar bucket of a period (a day, an hour or an ISO week) as instants `[start, end)`.
///
/// `interval` is in epoch seconds; `label` is the local wall-clock name of the bucket
/// (`2026-10-25` for a day, `2026-10-25T02:00+01:00` for an hour, `2026-W43` for a week);
/// `utcOffsetSeconds` is the zone's offset at `start`. Local days are 23 or 25 hours long on
/// DST switch days; hours in zones such as Asia/Kolkata start at :30 UTC; in a fall-back
/// night the repeated local hour appears twice with different offsets.
public struct TimeBucket: Sendable, Hashable {
    /// The bucket's instants `[start, end)`.
    public let interval: EpochInterval
    /// The local name of the bucket.
    public let label: String
    /// UTC offset (seconds) at the bucket's start.
    public let utcOffsetSeconds: Int

    /// Creates a bucket (normally obtained from `ReportPeriod`).
    public init(interval: EpochInterval, label: String, utcOffsetSeconds: Int) {
        self.interval = interval
        self.label = label
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Start instant.
    public var start: Date { interval.startDate }
    /// End instant (exclusive).
    public var end: Date { interval.endDate }
    /// Length in seconds (3600 for most hours, 82 800 or 90 000 for DST days).
    public var seconds: Int64 { interval.seconds }

    /// Formats a UTC offset as `+02:00` / `-03:30` / `+05:45`.
    public static func formatOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let m = abs(seconds) / 60
        return "\(sign)\(CivilDate.pad(m / 60, 2)):\(CivilDate.pad(m % 60, 2))"
    }
}
