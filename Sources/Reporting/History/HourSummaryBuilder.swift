import Analytics

/// Folds one device's time-ordered raw points into `DeviceHour`s on a tenant's hour grid.
///
/// Heartbeats and metrics may be fed in separate passes (each in time order). Gaps shorter
/// than `minimumGap` are not kept, so report definitions need `grace >= minimumGap`.
public struct HourSummaryBuilder {
    /// Gaps of at most this many seconds are normal check-in jitter and are not stored.
    public static let minimumGap: Int64 = 90

    public let grid: HourGrid
    public private(set) var hours: [Int64: DeviceHour] = [:]
    private var lastHeartbeat: Heartbeat?
    private var lastHour: Int64 = .min

    public init(grid: HourGrid) { self.grid = grid }

    /// Feeds the next heartbeat (time order). Throws `unsortedInput` when out of order.
    public mutating func addHeartbeat(time: Int64, online: Bool) throws {
        if let last = lastHeartbeat, time < last.time {
            throw AnalyticsError(.unsortedInput, "heartbeat at \(time) after one at \(last.time)")
        }
        let hour = grid.hourStart(time)
        let beat = Heartbeat(time: time, online: online)
        var cell = hours[hour] ?? DeviceHour(hour: hour)
        if let previous = cell.summary.last {
            if time - previous.time > HourSummaryBuilder.minimumGap {
                cell.summary.gaps.append(HeartbeatGap(end: time, seconds: time - previous.time))
            }
            if online != previous.online { cell.summary.transitions.append(beat) }
        } else {
            cell.summary.first = beat
        }
        cell.summary.last = beat
        cell.heartbeats += 1
        hours[hour] = cell
        lastHeartbeat = beat
    }

    /// Feeds one sample of `metric`.
    public mutating func addSample(time: Int64, metric: Int, value: Double) {
        let hour = grid.hourStart(time)
        if hours[hour] == nil { hours[hour] = DeviceHour(hour: hour) }
        hours[hour]!.metrics[metric].add(value)
    }

    /// The hours in time order.
    public func sortedHours() -> [DeviceHour] { hours.values.sorted { $0.hour < $1.hour } }
}

/// Joins hour summaries into the summary of a longer stream (a report period).
public enum SummaryStitcher {
    /// The `HeartbeatGapSummary` of the concatenated streams of `hours` (time order), keeping gaps over `grace`.
    public static func stitch<S: Sequence>(_ hours: S, grace: Int64) -> HeartbeatGapSummary where S.Element == HeartbeatGapSummary {
        var result = HeartbeatGapSummary(first: nil, last: nil, gaps: [], transitions: [])
        for piece in hours { append(piece, to: &result, grace: grace) }
        return result
    }

    /// Appends the next piece of a stream (time order) to a running summary.
    public static func append(_ piece: HeartbeatGapSummary, to result: inout HeartbeatGapSummary, grace: Int64) {
        guard let first = piece.first, let last = piece.last else { return }
        if let previous = result.last {
            if first.time - previous.time > grace { result.gaps.append(HeartbeatGap(end: first.time, seconds: first.time - previous.time)) }
            if first.online != previous.online { result.transitions.append(first) }
        } else {
            result.first = first
        }
        for gap in piece.gaps where gap.seconds > grace { result.gaps.append(gap) }
        result.transitions.append(contentsOf: piece.transitions)
        result.last = last
    }
}
