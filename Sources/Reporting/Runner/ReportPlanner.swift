import Analytics
import Foundation

/// Expands definitions into jobs: one per (definition, tenant), its period resolved in the tenant's time zone.
///
/// Periods are already parsed (`PeriodSpec`), so planning fails only when PostgreSQL does, when
/// a tenant asked for by slug does not exist, or when an on-demand period has not started yet
/// in a tenant's zone, or when a definition's `service_calendar` resolves to no valid calendar for
/// a tenant it names (all `ReportingError(.invalidInput)`/calendar errors, exit 64: there is nothing to report).
public struct ReportPlanner {
    let directory: TenantDirectory

    public init(directory: TenantDirectory) { self.directory = directory }

    /// On demand (`run`): `definitions` for the tenants `tenantSlugs` (each must exist; nil: the
    /// tenants each definition names), over `period` (nil: each definition's), relative periods
    /// counted from `now` in each tenant's zone.
    public func plan(definitions: [ReportDefinition], tenantSlugs: [String]?, period: PeriodSpec?, now: Date) throws -> [ReportJob] {
        let tenants = try directory.tenants(slugs: tenantSlugs)
        var jobs: [ReportJob] = []
        let calendars = ServiceCalendarStore(pg: directory.pg)
        for definition in definitions {
            try calendars.validate(definition, for: tenants.filter { tenantSlugs != nil || definition.tenants.includes($0.slug) })
            for tenant in tenants where tenantSlugs != nil || definition.tenants.includes(tenant.slug) {
                let spec = period ?? definition.period
                let resolved = spec.resolve(relativeTo: now, in: tenant.timeZone)
                guard resolved.start <= now else {
                    throw ReportingError(.invalidInput, "period \(resolved.label) has not started for tenant \(tenant.slug): it starts "
                                         + "\(ISOTimestamp.string(resolved.start)) (\(tenant.timeZoneName)); nothing was produced")
                }
                jobs.append(ReportJob(definition: definition, tenant: tenant, period: resolved))
            }
        }
        return jobs
    }

    /// Nightly (`nightly`, `enqueue`): every definition due on each of `dates` (read as the
    /// tenant's local date) for every tenant it names, relative periods counted from local noon
    /// of that date; a job that two dates both plan (same key) is planned once, for the first.
    public func nightly(definitions: [ReportDefinition], dates: [CivilDate]) throws -> [ReportJob] {
        let tenants = try directory.tenants()
        var jobs: [ReportJob] = []
        var seen = Set<ReportJobKey>()
        let calendars = ServiceCalendarStore(pg: directory.pg)
        for definition in definitions where dates.contains(where: definition.schedule.isDue(on:)) {
            try calendars.validate(definition, for: tenants.filter { definition.tenants.includes($0.slug) })
        }
        for date in dates {
            for tenant in tenants {
                let reference = ReportPlanner.localNoon(date, in: tenant.timeZone)
                for definition in definitions where definition.tenants.includes(tenant.slug) && definition.schedule.isDue(on: date) {
                    let job = ReportJob(definition: definition, tenant: tenant,
                                        period: definition.period.resolve(relativeTo: reference, in: tenant.timeZone))
                    guard seen.insert(job.key).inserted else { continue }
                    jobs.append(job)
                }
            }
        }
        return jobs
    }

    /// The `catchUpDays` dates before `date`, oldest first, then `date`.
    public static func dates(_ date: CivilDate, catchUpDays: Int) -> [CivilDate] {
        (0...max(0, catchUpDays)).reversed().map { date.adding(days: -$0) }
    }

    /// 12:00 local time on `date`: a reference instant that is unambiguous on DST days.
    static func localNoon(_ date: CivilDate, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))
            ?? Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86_400 + 43_200))
    }
}
