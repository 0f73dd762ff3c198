import Analytics
import Connectors
import Foundation

extension FleetSeeder {
    /// The shipped service-calendar example: a shared `business-hours` calendar (Mon-Fri
    /// 08:00-18:00, no holidays) for every tenant, and, for the demo fleet only (no slug
    /// prefix, so test fleets stay 24x7), the first tenant's own `business-hours` with two
    /// local holidays, made its default (`tenant_settings.service_calendar`).
    ///
    /// The holidays are two weekdays inside the seeded range (9 and 23 days before its end,
    /// moved to the next Monday from a weekend), so the demo's reports show them.
    func writeServiceCalendars(_ plan: FleetPlan, _ pg: PostgresClient) throws {
        let weekly = #"{"mon": [["08:00","18:00"]], "tue": [["08:00","18:00"]], "wed": [["08:00","18:00"]], "thu": [["08:00","18:00"]], "fri": [["08:00","18:00"]], "sat": [], "sun": []}"#
        try pg.query("""
            INSERT INTO reporting.service_calendars (organization_id, name, weekly, holidays) VALUES (NULL, 'business-hours', $1::jsonb, '{}')
            ON CONFLICT (name) WHERE organization_id IS NULL DO UPDATE SET weekly = EXCLUDED.weekly, holidays = EXCLUDED.holidays
            """, [weekly], purpose: "seed: shared business-hours calendar")
        guard options.slugPrefix.isEmpty, let tenant = plan.tenants.first else { return }
        let clock = LocalClock(TimeZone(identifier: tenant.timezone) ?? .gmt)
        let last = clock.date(at: Int64(plan.end) - 1)
        let holidays = [23, 9].map { back -> String in
            var day = last.adding(days: -back)
            while day.isoWeekday > 5 { day = day.adding(days: 1) }
            return day.description
        }
        try pg.query("""
            INSERT INTO reporting.service_calendars (organization_id, name, weekly, holidays) VALUES ($1, 'business-hours', $2::jsonb, $3::date[])
            """, [tenant.id, weekly, holidays], purpose: "seed: business-hours calendar of \(tenant.slug)")
        try pg.query("UPDATE reporting.tenant_settings SET service_calendar = 'business-hours' WHERE organization_id = $1",
                     [tenant.id], purpose: "seed: default calendar of \(tenant.slug)")
    }
}
