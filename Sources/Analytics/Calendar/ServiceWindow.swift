/// One window of a weekly schedule: local wall-clock times `[start, end)` in minutes after
/// local midnight, on the day the window starts.
///
/// An end earlier than the start crosses midnight (`22:00`-`06:00` ends at 06:00 of the next
/// day) and still belongs to the day it starts on. There is no `24:00`: a window up to
/// midnight ends at `00:00` of the next day (`18:00`-`00:00`). Start equal to end is empty
/// and rejected. Lengths are as the wall clock reads them; on a DST day the instants differ
/// (see `ServiceCalendar.serviceIntervals(in:clock:)`).
public struct ServiceWindow: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Minutes after local midnight when the window opens (0...1439).
    public let startMinute: Int
    /// Minutes after local midnight when it closes (0...1439; on the next day when below `startMinute`).
    public let endMinute: Int

    /// Creates a window from minutes after midnight; throws `invalidCalendar` for a minute
    /// outside 0...1439 or an empty window.
    public init(startMinute: Int, endMinute: Int) throws(AnalyticsError) {
        guard (0..<1440).contains(startMinute), (0..<1440).contains(endMinute) else {
            throw AnalyticsError(.invalidCalendar, "window minutes must be within 0...1439 (got \(startMinute), \(endMinute))")
        }
        guard startMinute != endMinute else {
            throw AnalyticsError(.invalidCalendar, "window \(Self.text(startMinute))-\(Self.text(endMinute)) is empty (start equals end)")
        }
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// True when the window ends on the next day.
    public var crossesMidnight: Bool { endMinute < startMinute }

    /// The end in minutes after the start day's midnight (`endMinute + 1440` across midnight).
    public var endMinuteFromStartDay: Int { crossesMidnight ? endMinute + 1440 : endMinute }

    /// Length as the wall clock reads it, in minutes (a DST day may give more or fewer real minutes).
    public var nominalMinutes: Int { endMinuteFromStartDay - startMinute }

    /// True when the two windows of one day share a minute (touching is not overlapping).
    public func overlaps(_ other: ServiceWindow) -> Bool {
        startMinute < other.endMinuteFromStartDay && other.startMinute < endMinuteFromStartDay
    }

    public static func < (lhs: ServiceWindow, rhs: ServiceWindow) -> Bool {
        (lhs.startMinute, lhs.endMinuteFromStartDay) < (rhs.startMinute, rhs.endMinuteFromStartDay)
    }

    /// `["08:00","18:00"]`, the stored form.
    public var description: String { "[\"\(Self.text(startMinute))\",\"\(Self.text(endMinute))\"]" }

    /// `HH:MM` of a minute after midnight.
    static func text(_ minute: Int) -> String {
        CivilDate.pad(minute / 60, 2) + ":" + CivilDate.pad(minute % 60, 2)
    }
}
