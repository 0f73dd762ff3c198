extension ReportPeriod {
    /// The local days of the period, in order; each `[local midnight, next local midnight)`.
    public var dayBuckets: [TimeBucket] {
        var buckets: [TimeBucket] = []
        buckets.reserveCapacity(dayCount)
        var day = firstDay
        var start = interval.start
        while day <= lastDay {
            let next = day.adding(days: 1)
            let end = clock.startOfDay(next)
            buckets.append(TimeBucket(interval: EpochInterval(start: start, end: end), label: day.description,
                                      utcOffsetSeconds: Int(clock.offset(at: start))))
            day = next
            start = end
        }
        return buckets
    }

    /// The local hours of the period, in order. A bucket ends at the next whole local hour or
    /// at a UTC offset change, whichever is first: a 23-hour DST day has 23 buckets, a
    /// 25-hour day 25 (the repeated hour twice, told apart by the offset in the label), and
    /// a half-hour DST shift (Australia/Lord_Howe) yields a 30-minute bucket.
    public var hourBuckets: [TimeBucket] {
        var buckets: [TimeBucket] = []
        buckets.reserveCapacity(dayCount * 25)
        var start = interval.start
        while start < interval.end {
            let end = Swift.min(clock.nextHourBoundary(after: start), interval.end)
            let offset = clock.offset(at: start)
            let wall = start + offset
            let date = CivilDate(daysSinceEpoch: LocalClock.floorDiv(wall, 86_400))
            let secondOfDay = LocalClock.floorMod(wall, 86_400)
            let label = "\(date)T\(CivilDate.pad(Int(secondOfDay / 3600), 2)):\(CivilDate.pad(Int(secondOfDay % 3600 / 60), 2))"
                + TimeBucket.formatOffset(Int(offset))
            buckets.append(TimeBucket(interval: EpochInterval(start: start, end: end), label: label, utcOffsetSeconds: Int(offset)))
            start = end
        }
        return buckets
    }

    /// The ISO weeks touching the period, clipped to it (a month starts and ends with partial
    /// weeks); labels `YYYY-Www`.
    public var weekBuckets: [TimeBucket] {
        var buckets: [TimeBucket] = []
        var day = firstDay
        while day <= lastDay {
            let monday = day.adding(days: 1 - day.isoWeekday)
            let nextMonday = monday.adding(days: 7)
            let last = Swift.min(nextMonday.adding(days: -1), lastDay)
            let start = clock.startOfDay(day)
            let end = clock.startOfDay(last.adding(days: 1))
            let w = day.isoWeek
            buckets.append(TimeBucket(interval: EpochInterval(start: start, end: end),
                                      label: "\(CivilDate.pad(w.year, 4))-W\(CivilDate.pad(w.week, 2))",
                                      utcOffsetSeconds: Int(clock.offset(at: start))))
            day = last.adding(days: 1)
        }
        return buckets
    }
}
