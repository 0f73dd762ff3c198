import Foundation

extension ReportPeriod {
    /// Parses a period spec and resolves it in `timeZone` relative to `reference`: shorthand for
    /// `PeriodSpec(parsing:)` then `resolve(relativeTo:in:)` (see there for the accepted specs).
    public static func parse(_ spec: String, relativeTo reference: Date, in timeZone: TimeZone) throws(AnalyticsError) -> ReportPeriod {
        try PeriodSpec(parsing: spec).resolve(relativeTo: reference, in: timeZone)
    }

    /// `parse(_:relativeTo:in:)` with the zone given by its IANA identifier (as stored in
    /// `tenant_settings.timezone`); throws `invalidTimeZone` for an unknown one.
    public static func parse(_ spec: String, relativeTo reference: Date, timeZoneIdentifier: String) throws(AnalyticsError) -> ReportPeriod {
        try parse(spec, relativeTo: reference, in: LocalClock(identifier: timeZoneIdentifier).timeZone)
    }
}
