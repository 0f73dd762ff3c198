extension ServiceCalendar {
    /// Service time inside `interval` on `clock`, lazily, day by day: sorted, disjoint,
    /// merged intervals (touching windows and an overnight window running into the next
    /// day's are joined). 24x7 gives `interval` itself.
    ///
    /// A window runs from the first instant the local clock shows its start to the first
    /// instant it shows its end (`LocalClock.instant(forWallClock:)`): on a DST day
    /// 01:00-05:00 lasts 3 or 5 hours, and a start the clock skips is reached when the
    /// clock jumps past it.
    public func serviceIntervals(in interval: EpochInterval, clock: LocalClock) -> ServiceIntervalSequence {
        ServiceIntervalSequence(calendar: self, clock: clock, bounds: interval)
    }
}

/// The service intervals of a calendar inside bounds, computed one local day at a time
/// (see `ServiceCalendar.serviceIntervals(in:clock:)`); memory is one day's windows.
public struct ServiceIntervalSequence: Sequence, Sendable {
    /// The calendar.
    public let calendar: ServiceCalendar
    /// The zone it is read in.
    public let clock: LocalClock
    /// The instants `[start, end)` to cover.
    public let bounds: EpochInterval

    /// Walks the local days from the day before `bounds` (its overnight windows may reach
    /// in) to the day of its last second.
    public struct Iterator: IteratorProtocol, Sendable {
        let calendar: ServiceCalendar
        let clock: LocalClock
        let bounds: EpochInterval
        private var day: CivilDate
        private let lastDay: CivilDate
        private var pending: [EpochInterval] = []
        private var pendingIndex = 0
        private var current: EpochInterval?
        private var done: Bool

        init(_ s: ServiceIntervalSequence) {
            calendar = s.calendar
            clock = s.clock
            bounds = s.bounds
            day = s.clock.date(at: s.bounds.start).adding(days: -1)
            lastDay = s.clock.date(at: s.bounds.end - 1)
            done = s.bounds.isEmpty
        }

        /// The next merged interval, nil at the end.
        public mutating func next() -> EpochInterval? {
            guard !done else { return nil }
            if calendar.isAlways {
                done = true
                return bounds
            }
            while let w = nextWindow() {
                guard let c = current else {
                    current = w
                    continue
                }
                if w.start <= c.end {
                    current = EpochInterval(start: c.start, end: Swift.max(c.end, w.end))
                } else {
                    current = w
                    return c
                }
            }
            done = true
            return current
        }

        /// The next window instant range clipped to the bounds, in start order.
        private mutating func nextWindow() -> EpochInterval? {
            while pendingIndex == pending.count {
                guard day <= lastDay else { return nil }
                expand(day)
                day = day.adding(days: 1)
            }
            pendingIndex += 1
            return pending[pendingIndex - 1]
        }

        /// The windows starting on local day `date` as instants; starts are non-decreasing
        /// across days because the first instant showing a wall time grows with it.
        private mutating func expand(_ date: CivilDate) {
            let midnight = date.daysSinceEpoch * 86_400
            pending = calendar.windows(startingOn: date).compactMap { w in
                let start = clock.instant(forWallClock: midnight + Int64(w.startMinute) * 60)
                let end = clock.instant(forWallClock: midnight + Int64(w.endMinuteFromStartDay) * 60)
                let part = EpochInterval(start: start, end: end).intersection(bounds)
                return part.isEmpty ? nil : part
            }
            pendingIndex = 0
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }
}
