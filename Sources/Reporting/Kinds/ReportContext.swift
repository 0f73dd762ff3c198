import Analytics
import Foundation
import Rendering

/// Everything a report kind needs to build one report for one tenant and period.
public struct ReportContext {
    public var definition: ReportDefinition
    public var tenant: Tenant
    public var period: ReportPeriod
    public var devices: [Device]
    public var directory: TenantDirectory
    public var history: TieredHistory
    /// "Now" for a period still running (its window ends here).
    public var now: Date
    public var generatedAt: Date
    /// Phase timings the kind fills in (milliseconds).
    public var timings = ReportTimings()

    public var grid: HourGrid { HourGrid(timeZone: tenant.timeZone) }

    /// The SLA target: the definition's override, else the tenant's setting.
    public var slaTarget: Double { definition.options.slaTargetPercent ?? tenant.slaTargetPercent }

    /// The tenant as the renderers know it.
    public var reportTenant: ReportTenant {
        ReportTenant(id: tenant.id, slug: tenant.slug, name: tenant.name, timeZoneID: tenant.timeZoneName,
                     branding: ReportBranding(displayName: tenant.displayName, accentColor: tenant.accentColor, logoDataURI: tenant.logoDataURI))
    }

    /// The report's language: the definition's `locale` option, else the tenant's setting, else en-US.
    ///
    /// A tenant setting that is not a known BCP 47 tag gives en-US and a logfmt warning on
    /// standard error (the log), never a failed report.
    public var locale: ReportLocale {
        if let own = definition.options.locale { return own }
        let (locale, problem) = tenant.reportLocale
        if let problem {
            let line = "level=warning msg=\"unknown tenant locale, English used\" tenant=\(tenant.slug) definition=\(definition.name) "
                + "locale=\(Logfmt.quote(tenant.localeID ?? "")) reason=\(Logfmt.quote(problem))\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        return locale
    }

    /// An empty document with the title, tenant, period and language filled in.
    public func document() -> ReportDocument {
        var doc = ReportDocument(title: definition.title, kind: definition.kind.rawValue, definition: definition.name, tenant: reportTenant,
                                 period: ReportDocument.Period(label: period.label, start: period.start, end: period.end),
                                 generatedAt: generatedAt, generator: "ninjait-reports \(ReportingVersion.current)")
        doc.locale = locale
        if TimeZone(identifier: tenant.timeZoneID) == nil {
            doc.addNote(ReportMessage("note.unknown_time_zone", english: "The tenant's time zone '\(tenant.timeZoneID)' is unknown; UTC was used.",
                                      arguments: [.init("zone", .text(tenant.timeZoneID), .text)]))
        }
        if period.isOpen(at: now) {
            doc.addNote(ReportMessage("note.period_running", english: "The period is still running: figures cover it up to \(ISOTimestamp.string(now)).",
                                      arguments: [.init("until", .instant(now), .timestamp(local: true))]))
        }
        return doc
    }

    /// Runs `body` and adds its wall time to a phase.
    mutating func timed<T>(_ phase: WritableKeyPath<ReportTimings, Int>, _ body: (inout ReportContext) throws -> T) rethrows -> T {
        let started = Date()
        defer { timings[keyPath: phase] += Int(Date().timeIntervalSince(started) * 1000) }
        return try body(&self)
    }
}

/// What a kind produced: the document to render and the notification's summary.
public struct BuiltReport {
    public var document: ReportDocument
    public var summary: ReportNotification.Summary
}

/// Helpers shared by the kinds.
enum KindSupport {
    static func reportDate(_ date: CivilDate) -> ReportDate { ReportDate(year: date.year, month: date.month, day: date.day) }

    static func value(_ d: Double?) -> ReportValue { d.map { $0.isFinite ? .number($0) : .missing } ?? .missing }

    static func value(_ i: Int64?) -> ReportValue { i.map { .integer($0) } ?? .missing }

    static func maintenance(_ windows: [MaintenanceWindow]) -> MaintenanceSchedule {
        MaintenanceSchedule(windows.map { EpochInterval(start: $0.start, end: $0.end) })
    }
}
