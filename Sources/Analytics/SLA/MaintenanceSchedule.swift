/// A set of maintenance windows, normalised: sorted, overlapping or touching windows merged,
/// empty ones dropped.
///
/// Build one for the tenant-wide windows and one per device; `SLAEngine` unions them.
/// Maintenance time is excluded from both monitored and down time.
public struct MaintenanceSchedule: Sendable, Hashable {
    /// Disjoint, sorted, non-empty windows.
    public let windows: [EpochInterval]

    /// No maintenance.
    public init() { windows = [] }

    /// Normalises `windows` (any order, may overlap).
    public init(_ windows: [EpochInterval]) {
        let sorted = windows.filter { !$0.isEmpty }.sorted()
        var merged: [EpochInterval] = []
        merged.reserveCapacity(sorted.count)
        for w in sorted {
            if let last = merged.last, w.start <= last.end {
                merged[merged.count - 1].end = Swift.max(last.end, w.end)
            } else {
                merged.append(w)
            }
        }
        self.windows = merged
    }

    /// True when there are no windows.
    public var isEmpty: Bool { windows.isEmpty }

    /// The union with another schedule.
    public func union(_ other: MaintenanceSchedule) -> MaintenanceSchedule {
        if other.isEmpty { return self }
        if isEmpty { return other }
        return MaintenanceSchedule(windows + other.windows)
    }

    /// Seconds of maintenance inside `interval`.
    public func seconds(in interval: EpochInterval) -> Int64 {
        var total: Int64 = 0
        for w in windows {
            if w.start >= interval.end { break }
            total += w.overlap(interval)
        }
        return total
    }
}
