import Foundation

/// The JSON form of a period, as in the `report.ready` message:
/// `{"label": "2026-10", "start": "2026-09-30T22:00:00Z", "end": "2026-10-31T23:00:00Z", "timezone": "Europe/Berlin"}`.
///
/// Decoding reads `label` as a fixed spec (a relative one such as `previous-month` is refused)
/// in the IANA zone `timezone`, and refuses a `start` or `end` that is not that period's.
extension ReportPeriod: Codable {
    enum CodingKeys: String, CodingKey { case label, start, end, timezone }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(label, forKey: .label)
        try c.encode(ReportPeriod.instant.string(from: start), forKey: .start)
        try c.encode(ReportPeriod.instant.string(from: end), forKey: .end)
        try c.encode(timeZone.identifier, forKey: .timezone)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let label = try c.decode(String.self, forKey: .label)
        let spec: PeriodSpec
        let clock: LocalClock
        do {
            spec = try PeriodSpec(parsing: label)
            clock = try LocalClock(identifier: try c.decode(String.self, forKey: .timezone))
        } catch let error as AnalyticsError {
            throw DecodingError.dataCorruptedError(forKey: .label, in: c, debugDescription: error.message)
        }
        guard !spec.isRelative else {
            throw DecodingError.dataCorruptedError(forKey: .label, in: c, debugDescription: "\(label) is not a fixed period")
        }
        let period = spec.resolve(relativeTo: Date(timeIntervalSince1970: 0), in: clock.timeZone)
        for (key, expected) in [(CodingKeys.start, period.start), (.end, period.end)] {
            let text = try c.decode(String.self, forKey: key)
            guard let instant = ReportPeriod.instant.date(from: text), instant == expected else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription:
                    "\(key.stringValue) \(text) is not the \(key.stringValue) of \(period)")
            }
        }
        self = period
    }

    /// `YYYY-MM-DDThh:mm:ssZ`, UTC, whole seconds.
    private static var instant: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }
}
