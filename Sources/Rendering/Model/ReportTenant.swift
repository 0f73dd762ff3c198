import Foundation

/// The tenant (MSP client organisation) a report is for.
///
/// `timeZoneID` is an IANA id (`Europe/Berlin`); every local time in the report uses it.
public struct ReportTenant: Hashable, Sendable {
    public var id: String
    public var slug: String
    public var name: String
    public var timeZoneID: String
    public var branding: ReportBranding

    public init(id: String, slug: String, name: String, timeZoneID: String, branding: ReportBranding = .init()) {
        self.id = id
        self.slug = slug
        self.name = name
        self.timeZoneID = timeZoneID
        self.branding = branding
    }

    /// The name shown in headings: the branding display name when set, else `name`.
    public var displayName: String {
        if let d = branding.displayName?.trimmingCharacters(in: .whitespacesAndNewlines), !d.isEmpty { return d }
        return name
    }
}
