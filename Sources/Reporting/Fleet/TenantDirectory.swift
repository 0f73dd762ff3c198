import Analytics
import Connectors
import Foundation

/// Tenants, devices, maintenance windows and alerts from PostgreSQL; every query is parameterized and tenant-scoped.
public struct TenantDirectory {
    let pg: PostgresClient

    public init(pg: PostgresClient) { self.pg = pg }

    /// All tenants (or those with the given slugs), ordered by slug, each with its default
    /// service calendar resolved. Unknown slugs, and a tenant whose `service_calendar` is
    /// unknown or invalid, are `invalidInput` errors (exit 64) naming them.
    public func tenants(slugs: [String]? = nil) throws -> [Tenant] {
        let list = try tenantsUnresolved(slugs: slugs)
        return try ServiceCalendarStore(pg: pg).resolvingDefaults(of: list)
    }

    /// As `tenants(slugs:)` but with every `serviceCalendar` left at 24x7 (only the name read),
    /// for `check`, which lists calendar problems instead of stopping at the first.
    public func tenantsUnresolved(slugs: [String]? = nil) throws -> [Tenant] {
        let r = try pg.query("""
            SELECT o.id, o.slug, o.name, coalesce(s.timezone, 'UTC'), coalesce(s.sla_target_pct, 99.9),
                   coalesce(s.recipients, '{}'), s.branding->>'display_name', s.branding->>'accent_color', s.branding->>'logo_data_uri',
                   s.locale, s.service_calendar
            FROM organizations o LEFT JOIN reporting.tenant_settings s ON s.organization_id = o.id
            WHERE $1::text[] IS NULL OR o.slug = ANY($1::text[])
            ORDER BY o.slug
            """, [slugs], purpose: "tenants")
        var list = (0..<r.count).map { i in
            Tenant(id: r.string(i, 0) ?? "", slug: r.string(i, 1) ?? "", name: r.string(i, 2) ?? "", timeZoneID: r.string(i, 3) ?? "UTC",
                   slaTargetPercent: r.double(i, 4) ?? 99.9, recipients: r.stringArray(i, 5) ?? [], displayName: r.string(i, 6),
                   accentColor: r.string(i, 7), logoDataURI: r.string(i, 8), localeID: r.string(i, 9))
        }
        // Service calendars: the tenant's default calendar name (a separate column read).
        for i in list.indices { list[i].serviceCalendarName = r.string(i, 10) }
        if let slugs {
            let missing = slugs.filter { slug in !list.contains { $0.slug == slug } }
            if !missing.isEmpty { throw ReportingError(.invalidInput, "unknown tenant slug(s): \(missing.joined(separator: ", "))") }
        }
        return list
    }

    /// The devices of one tenant that existed before `before` (one query per tenant).
    public func devices(of tenant: Tenant, createdBefore before: Date? = nil) throws -> [Device] {
        let r = try pg.query("""
            SELECT id, name, coalesce(device_type, ''), trim(coalesce(os_type, '') || ' ' || coalesce(os_version, '')),
                   coalesce(ip_address, ''), coalesce(status, ''), tags, last_seen, created_at, ram_gb, disk_gb
            FROM devices WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR created_at < $2)
            ORDER BY name, id
            """, [tenant.id, before], purpose: "devices of tenant \(tenant.slug)")
        return (0..<r.count).map { i in
            Device(id: r.string(i, 0) ?? "", name: r.string(i, 1) ?? "", type: r.string(i, 2) ?? "", os: r.string(i, 3) ?? "",
                   ipAddress: r.string(i, 4) ?? "", status: r.string(i, 5) ?? "", tags: r.stringArray(i, 6) ?? [], lastSeen: r.date(i, 7),
                   createdAt: r.date(i, 8) ?? Date(timeIntervalSince1970: 0), ramGB: r.double(i, 9), diskGB: r.double(i, 10))
        }
    }

    /// Maintenance windows of a tenant overlapping [start, end).
    public func maintenance(of tenant: Tenant, from start: Date, to end: Date) throws -> [MaintenanceWindow] {
        let r = try pg.query("""
            SELECT device_id, starts_at, ends_at, coalesce(reason, '') FROM reporting.maintenance_windows
            WHERE organization_id = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at
            """, [tenant.id, start, end], purpose: "maintenance windows of \(tenant.slug)")
        return (0..<r.count).compactMap { i in
            guard let s = r.date(i, 1), let e = r.date(i, 2) else { return nil }
            return MaintenanceWindow(deviceID: r.string(i, 0), start: s, end: e, reason: r.string(i, 3) ?? "")
        }
    }

    /// One alert row.
    public struct AlertRow: Sendable {
        public var deviceID: String?
        public var type: String
        public var severity: String
        public var message: String
        public var triggeredAt: Date
        public var resolvedAt: Date?
    }

    /// Alerts of a tenant triggered in [start, end), or still open at `start` (triggered before, unresolved then).
    public func alerts(of tenant: Tenant, from start: Date, to end: Date) throws -> [AlertRow] {
        let r = try pg.query("""
            SELECT device_id, alert_type, severity, coalesce(message, ''), triggered_at, resolved_at FROM alerts
            WHERE organization_id = $1 AND triggered_at < $3 AND (triggered_at >= $2 OR resolved_at IS NULL OR resolved_at > $2)
            ORDER BY triggered_at
            """, [tenant.id, start, end], purpose: "alerts of \(tenant.slug)")
        return (0..<r.count).compactMap { i in
            guard let t = r.date(i, 4) else { return nil }
            return AlertRow(deviceID: r.string(i, 0), type: r.string(i, 1) ?? "", severity: r.string(i, 2) ?? "",
                            message: r.string(i, 3) ?? "", triggeredAt: t, resolvedAt: r.date(i, 5))
        }
    }
}
