import Analytics
import Foundation

/// The UTC offset of a time zone at an instant, cached between transitions (rows come mostly in order).
struct OffsetCache {
    let zone: TimeZone
    private var validFrom = Int64.max
    private var validUntil = Int64.min
    private var offset: Int64 = 0

    init(zone: TimeZone) { self.zone = zone }

    /// Seconds east of UTC at `seconds` since the epoch.
    mutating func offset(at seconds: Int64) -> Int64 {
        if seconds >= validFrom && seconds < validUntil { return offset }
        let date = Date(timeIntervalSince1970: Double(seconds))
        offset = Int64(zone.secondsFromGMT(for: date))
        validFrom = seconds
        if let next = zone.nextDaylightSavingTimeTransition(after: date) {
            validUntil = Int64(next.timeIntervalSince1970.rounded(.down))
        } else {
            validUntil = Int64.max
        }
        return offset
    }

    /// Local wall-clock seconds (UTC seconds + offset).
    mutating func local(_ seconds: Int64) -> Int64 { seconds + offset(at: seconds) }

    /// The local calendar day of the instant `seconds`.
    mutating func localDate(_ seconds: Int64) -> CivilDate { CivilDate(epochSeconds: local(seconds)) }
}
