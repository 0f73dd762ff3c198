import Analytics
import Foundation
import Rendering

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

    /// `tenant_settings.locale` as stored (BCP 47; nil: en-US). See `reportLocale`.
    public var localeID: String? = nil

    /// The tenant's zone; UTC when the stored id is unknown (reported as a note by the kinds).
    public var timeZone: TimeZone { TimeZone(identifier: timeZoneID) ?? .gmt }

    /// The tenant's report language: its `locale` when it is a known BCP 47 tag, else en-US
    /// with the reason (a bad setting is a warning, never a failed report).
    public var reportLocale: (locale: ReportLocale, problem: String?) {
        guard let text = localeID?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return (.english, nil) }
        do { return (try ReportLocale(parsing: text), nil) } catch { return (.english, error.description) }
    }

    /// The zone's name as stored (`UTC` stays `UTC`; Foundation would say `GMT`), or `UTC` when unknown.
    public var timeZoneName: String { TimeZone(identifier: timeZoneID) != nil ? timeZoneID : "UTC" }
}
