import Analytics
import Foundation

/// A tenant (organization) with its report settings.
public struct Tenant: Sendable {
    public var id: String
    public var slug: String
    public var name: String
    public var timeZoneID: String
    public var slaTargetPercent: Double
    public var recipients: [String]
    public var displayName: String?
    public var accentColor: String?
    public var logoDataURI: String?
    /// `tenant_settings.service_calendar` as stored (nil: none set, 24x7).
    public var serviceCalendarName: String? = nil
    /// The tenant's default service calendar, resolved by `TenantDirectory.tenants(slugs:)` (24x7 when none is set).
    public var serviceCalendar: ServiceCalendar = .always

    /// The tenant's zone; UTC when the stored id is unknown (reported as a note by the kinds).
    public var timeZone: TimeZone { TimeZone(identifier: timeZoneID) ?? .gmt }

    /// The zone's name as stored (`UTC` stays `UTC`; Foundation would say `GMT`), or `UTC` when unknown.
    public var timeZoneName: String { TimeZone(identifier: timeZoneID) != nil ? timeZoneID : "UTC" }
}
