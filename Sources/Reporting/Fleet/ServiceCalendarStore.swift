import Analytics
import Connectors
import Foundation

/// Service calendars from `reporting.service_calendars`: a tenant's own calendar of a name
/// wins over the shared one (organization null) of that name; `24x7` is built in and needs
/// no row. Every query is parameterized and scoped to the tenants asked about.
///
/// Every error is `ReportingError(.invalidInput)` (exit 64) and names the calendar's owner
/// (the tenant, or "shared"), its name and the field: an unknown weekday, a bad time,
/// `24:00`, overlapping windows of one day, a bad holiday date, or a name that resolves to
/// no calendar (with where that name came from).
public struct ServiceCalendarStore {
    let pg: PostgresClient

    public init(pg: PostgresClient) { self.pg = pg }

    /// One stored row, not yet parsed.
    public struct Row: Sendable {
        /// Nil for a shared calendar.
        public var organizationID: String?
        public var name: String
        public var weeklyJSON: String
        public var holidays: [String]
    }

    /// The rows visible to the tenants with these ids (their own and the shared ones), or
    /// every row when `organizationIDs` is nil; ordered shared first, then by organization and name.
    public func rows(organizationIDs: [String]?) throws -> [Row] {
        let r = try pg.query("""
            SELECT organization_id, name, weekly::text, holidays::text[] FROM reporting.service_calendars
            WHERE $1::uuid[] IS NULL OR organization_id IS NULL OR organization_id = ANY($1::uuid[])
            ORDER BY organization_id NULLS FIRST, name
            """, [organizationIDs], purpose: "service calendars")
        return (0..<r.count).map { i in
            Row(organizationID: r.string(i, 0), name: r.string(i, 1) ?? "", weeklyJSON: r.string(i, 2) ?? "{}",
                holidays: r.stringArray(i, 3) ?? [])
        }
    }

    /// `tenants` with `serviceCalendar` set from their `serviceCalendarName` (24x7 when none is set); one query.
    public func resolvingDefaults(of tenants: [Tenant]) throws -> [Tenant] {
        guard tenants.contains(where: { $0.serviceCalendarName != nil }) else { return tenants }
        let rows = try self.rows(organizationIDs: tenants.map(\.id))
        return try tenants.map { tenant in
            var t = tenant
            if let name = tenant.serviceCalendarName {
                t.serviceCalendar = try Self.resolve(name, for: tenant, in: rows, source: "tenant_settings.service_calendar")
            }
            return t
        }
    }

    /// The calendar a report of `tenant` uses: `name` when given (a definition's
    /// `service_calendar`, `source` says where it came from), else the tenant's default.
    public func calendar(named name: String?, for tenant: Tenant, source: String) throws -> ServiceCalendar {
        guard let name else { return tenant.serviceCalendar }
        if name == ServiceCalendar.alwaysName { return .always }
        return try Self.resolve(name, for: tenant, in: try rows(organizationIDs: [tenant.id]), source: source)
    }

    /// Throws the first problem with `definition`'s `service_calendar` for `tenants` (unknown
    /// for a tenant, or stored but invalid); nothing when the option is unset or `24x7`. One
    /// query. For planners, so that a bad name stops a run with exit 64 before any report.
    public func validate(_ definition: ReportDefinition, for tenants: [Tenant]) throws {
        guard let name = definition.options.serviceCalendar, name != ServiceCalendar.alwaysName, !tenants.isEmpty else { return }
        let rows = try self.rows(organizationIDs: tenants.map(\.id))
        let source = "options.service_calendar of definition \(definition.name) (\(definition.file))"
        for tenant in tenants {
            _ = try Self.resolve(name, for: tenant, in: rows, source: source)
        }
    }

    /// Every problem with the stored calendars and the names in use, one line each: every
    /// stored calendar that does not parse, every tenant default and every definition's
    /// `service_calendar` (`definitions`: where it is written, the name, the tenant slugs it
    /// applies to, nil = all) that resolves to nothing for a tenant. Empty when all is well.
    public func problems(tenants: [Tenant], definitions: [(source: String, name: String, tenantSlugs: [String]?)]) throws -> [String] {
        let rows = try self.rows(organizationIDs: nil)
        let slugs = Dictionary(tenants.map { ($0.id, $0.slug) }, uniquingKeysWith: { a, _ in a })
        var out: [String] = []
        for row in rows {
            do throws(AnalyticsError) {
                _ = try ServiceCalendar.parse(name: row.name, weeklyJSON: row.weeklyJSON, holidays: row.holidays)
            } catch {
                out.append("\(Self.owner(row.organizationID, slugs: slugs)): \(error.message)")
            }
        }
        for tenant in tenants {
            var names: [(String, String)] = tenant.serviceCalendarName.map { [($0, "tenant_settings.service_calendar")] } ?? []
            for d in definitions where d.tenantSlugs?.contains(tenant.slug) ?? true { names.append((d.name, d.source)) }
            for (name, source) in names where name != ServiceCalendar.alwaysName {
                if Self.row(named: name, for: tenant, in: rows) == nil {
                    out.append(Self.unknown(name, for: tenant, in: rows, source: source).message)
                }
            }
        }
        return out
    }

    /// The row `name` means for `tenant`: its own, else the shared one.
    static func row(named name: String, for tenant: Tenant, in rows: [Row]) -> Row? {
        rows.first { $0.name == name && $0.organizationID == tenant.id } ?? rows.first { $0.name == name && $0.organizationID == nil }
    }

    static func resolve(_ name: String, for tenant: Tenant, in rows: [Row], source: String) throws -> ServiceCalendar {
        if name == ServiceCalendar.alwaysName { return .always }
        guard let row = row(named: name, for: tenant, in: rows) else { throw unknown(name, for: tenant, in: rows, source: source) }
        do throws(AnalyticsError) {
            return try ServiceCalendar.parse(name: row.name, weeklyJSON: row.weeklyJSON, holidays: row.holidays)
        } catch {
            let owner = row.organizationID == nil ? "shared (used by tenant \(tenant.slug))" : "tenant \(tenant.slug)"
            throw ReportingError(.invalidInput, "\(owner): \(error.message) (reporting.service_calendars; named by \(source))")
        }
    }

    static func unknown(_ name: String, for tenant: Tenant, in rows: [Row], source: String) -> ReportingError {
        let known = Set(rows.filter { $0.organizationID == nil || $0.organizationID == tenant.id }.map(\.name) + [ServiceCalendar.alwaysName])
        return ReportingError(.invalidInput, "tenant \(tenant.slug): service calendar \"\(name)\" (\(source)) is unknown: neither the "
                              + "tenant's own nor a shared one in reporting.service_calendars (known: \(known.sorted().joined(separator: ", ")))")
    }

    static func owner(_ organizationID: String?, slugs: [String: String]) -> String {
        guard let id = organizationID else { return "shared" }
        return "tenant \(slugs[id] ?? id)"
    }
}
