/// Alert statistics of one period: counts by severity and by type, alerts open at the
/// period's end, time to resolve (p50/p90/max) and the noisiest devices.
///
/// Definitions (period `[start, end)`):
/// - *count*: alerts triggered in the period;
/// - *open at end*: alerts triggered before `end` (also before the period, if passed in)
///   and not resolved before `end` (so the same rerun later gives the same number);
/// - *time to resolve*: over alerts triggered in the period and resolved before `end`,
///   p50/p90 by linear interpolation (`Percentile.linear`, numpy's default) and the max;
/// - *noisiest devices*: most alerts triggered in the period, ties by device id.
/// Groups are ordered by severity rank (critical, high, error, major, warning, medium,
/// minor, low, info, then others alphabetically) and types by count, then name.
public struct AlertStatistics: Sendable, Hashable {
    /// Figures of one group (all alerts, one severity, or one type).
    public struct Group: Sendable, Hashable {
        /// The severity or type name ("" for the overall group).
        public let name: String
        /// Alerts triggered in the period.
        public let count: Int
        /// Alerts open at the period's end.
        public let openAtEnd: Int
        /// Alerts triggered in the period and resolved before its end.
        public let resolvedCount: Int
        /// Median seconds to resolve (linear interpolation); nil when none resolved.
        public let resolveP50Seconds: Double?
        /// 90th percentile seconds to resolve (linear interpolation); nil when none resolved.
        public let resolveP90Seconds: Double?
        /// Longest seconds to resolve; nil when none resolved.
        public let resolveMaxSeconds: Int64?
    }

    /// A device with its alert count.
    public struct DeviceCount: Sendable, Hashable {
        /// Device id.
        public let deviceID: String
        /// Alerts triggered in the period.
        public let count: Int
    }

    /// All alerts together.
    public let overall: Group
    /// One group per severity present.
    public let bySeverity: [Group]
    /// One group per type present.
    public let byType: [Group]
    /// Devices with the most alerts, at most `noisiestLimit`.
    public let noisiestDevices: [DeviceCount]

    /// Known severities in display order (lower-cased comparison).
    public static let severityOrder = ["critical", "high", "error", "major", "warning", "medium", "minor", "low", "info"]

    /// Computes the statistics of `alerts` for `period`; pass alerts triggered in the period
    /// plus those triggered earlier that may still be open.
    public init(alerts: [AlertRecord], period: EpochInterval, noisiestLimit: Int = 10) {
        let inPeriod = alerts.filter { period.contains($0.triggeredAt) }
        overall = Self.group("", alerts: alerts, inPeriod: inPeriod, end: period.end)
        let severities = Set(alerts.filter { $0.isOpen(at: period.end) }.map(\.severity)).union(inPeriod.map(\.severity))
        bySeverity = severities.sorted(by: Self.severityPrecedes).map { s in
            Self.group(s, alerts: alerts.filter { $0.severity == s }, inPeriod: inPeriod.filter { $0.severity == s }, end: period.end)
        }
        let types = Set(alerts.filter { $0.isOpen(at: period.end) }.map(\.type)).union(inPeriod.map(\.type))
        byType = types.map { t in
            Self.group(t, alerts: alerts.filter { $0.type == t }, inPeriod: inPeriod.filter { $0.type == t }, end: period.end)
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        var perDevice: [String: Int] = [:]
        for a in inPeriod { perDevice[a.deviceID, default: 0] += 1 }
        noisiestDevices = perDevice.map { DeviceCount(deviceID: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.deviceID < $1.deviceID }
            .prefix(Swift.max(0, noisiestLimit)).map { $0 }
    }

    static func group(_ name: String, alerts: [AlertRecord], inPeriod: [AlertRecord], end: Int64) -> Group {
        let resolved = inPeriod.compactMap { a -> Int64? in
            guard let r = a.resolvedAt, r < end else { return nil }
            return r - a.triggeredAt
        }.sorted()
        let seconds = resolved.map(Double.init)
        return Group(name: name, count: inPeriod.count, openAtEnd: alerts.filter { $0.isOpen(at: end) }.count,
                     resolvedCount: resolved.count,
                     resolveP50Seconds: Percentile.linear(sorted: seconds, 0.5),
                     resolveP90Seconds: Percentile.linear(sorted: seconds, 0.9),
                     resolveMaxSeconds: resolved.last)
    }

    static func severityPrecedes(_ a: String, _ b: String) -> Bool {
        let ra = severityOrder.firstIndex(of: a.lowercased()) ?? severityOrder.count
        let rb = severityOrder.firstIndex(of: b.lowercased()) ?? severityOrder.count
        return ra != rb ? ra < rb : a < b
    }
}
