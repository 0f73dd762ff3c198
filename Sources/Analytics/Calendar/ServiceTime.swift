/// Service time S as instants: sorted, disjoint, non-empty intervals in epoch seconds, or
/// every instant (`always`, 24x7).
///
/// Compute it once per (tenant, period) with `init(calendar:clock:over:)` and hand it to
/// `SLAEngine`; every device then clips against it with a merge walk. Intervals given to
/// `init(_:)` are normalised (sorted, overlapping or touching ones merged, empty ones dropped).
public struct ServiceTime: Sendable, Hashable {
    /// Nil for 24x7.
    private let storage: [EpochInterval]?

    /// Every instant is service time.
    public static let always = ServiceTime(storage: nil)

    private init(storage: [EpochInterval]?) { self.storage = storage }

    /// Exactly the instants of `intervals` (any order, may overlap).
    public init<S: Sequence>(_ intervals: S) where S.Element == EpochInterval {
        storage = MaintenanceSchedule(Array(intervals)).windows
    }

    /// Service time of `calendar` inside `interval`, read on `clock` (`always` for 24x7).
    public init(calendar: ServiceCalendar, clock: LocalClock, over interval: EpochInterval) {
        if calendar.isAlways {
            storage = nil
        } else {
            storage = Array(calendar.serviceIntervals(in: interval, clock: clock))
        }
    }

    /// True for 24x7.
    public var isAlways: Bool { storage == nil }

    /// The service intervals inside `bounds`, clipped to it (`[bounds]` for 24x7, nothing
    /// for empty bounds).
    public func intervals(in bounds: EpochInterval) -> [EpochInterval] {
        guard !bounds.isEmpty else { return [] }
        guard let storage else { return [bounds] }
        var lo = 0, hi = storage.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if storage[mid].end <= bounds.start { lo = mid + 1 } else { hi = mid }
        }
        var out: [EpochInterval] = []
        var k = lo
        while k < storage.count && storage[k].start < bounds.end {
            out.append(storage[k].intersection(bounds))
            k += 1
        }
        return out
    }

    /// Service seconds inside `bounds`.
    public func seconds(in bounds: EpochInterval) -> Int64 {
        IntervalCursor.seconds(intervals(in: bounds))
    }

    /// True when the second `t` is service time.
    public func contains(_ t: Int64) -> Bool {
        !intervals(in: EpochInterval(start: t, end: t + 1)).isEmpty
    }
}
