import Analytics
import Foundation

/// The four report kinds of DESIGN.md section 6.
public enum ReportKind: String, Sendable, CaseIterable {
    case sla, performance, alerts, inventory
}

/// An output format of a report.
public enum ReportFormat: String, Sendable, CaseIterable, Comparable {
    case html, xlsx, csv

    public static func < (a: ReportFormat, b: ReportFormat) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// When a definition is due, judged on the tenant's local calendar date.
public enum ReportSchedule: Sendable, Equatable, CustomStringConvertible {
    case daily
    /// ISO weekday 1 (Monday) ... 7 (Sunday).
    case weekly(Int)
    /// Day of month 1...28, or -1 for the last day.
    case monthly(Int)

    /// Whether a report is due on `date` (a tenant-local calendar date).
    public func isDue(on date: CivilDate) -> Bool {
        switch self {
        case .daily: return true
        case .weekly(let weekday): return date.isoWeekday == weekday
        case .monthly(let day):
            if day == -1 { return date.adding(days: 1).day == 1 }
            return date.day == day
        }
    }

    public var description: String {
        switch self {
        case .daily: return "daily"
        case .weekly(let d): return "weekly:" + ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d - 1]
        case .monthly(let d): return d == -1 ? "monthly:last" : "monthly:\(d)"
        }
    }
}

/// Which tenants a definition runs for.
public enum TenantSelection: Sendable, Equatable {
    case all
    case slugs([String])

    public func includes(_ slug: String) -> Bool {
        switch self {
        case .all: return true
        case .slugs(let list): return list.contains(slug)
        }
    }
}

/// Kind-specific knobs of a definition (`options:`), with the documented defaults.
public struct ReportOptions: Sendable, Equatable {
    /// Overrides the tenant's `sla_target_pct` when set.
    public var slaTargetPercent: Double? = nil
    /// Outages shorter than this are dropped (counted as up), seconds.
    public var outageMinSeconds: Int64 = 180
    /// Heartbeat grace, seconds (default 3 x the 60 s interval).
    public var graceSeconds: Int64 = 180
    /// Points per downsampled chart series.
    public var chartPoints: Int = 400
    /// Devices shown in the HTML (the full tables are in XLSX and CSV).
    public var topN: Int = 10
    /// gzip CSV tables with more rows than this (0 = never).
    public var gzipCSVOverRows: Int = 100_000

    public init() {}
}

/// A validated report definition from `reports/*.yaml`.
public struct ReportDefinition: Sendable {
    public var name: String
    public var title: String
    public var kind: ReportKind
    public var schedule: ReportSchedule
    /// A period spec (`previous-month`, `2026-10`, ...), validated when loaded.
    public var period: String
    public var tenants: TenantSelection
    public var formats: [ReportFormat]
    public var options: ReportOptions
    /// The HTML template's name in the templates directory (default `report`).
    public var template: String
    /// Where it was defined, for messages.
    public var file: String

    public init(name: String, title: String, kind: ReportKind, schedule: ReportSchedule, period: String,
                tenants: TenantSelection = .all, formats: [ReportFormat] = ReportFormat.allCases,
                options: ReportOptions = ReportOptions(), template: String = "report", file: String = "built-in") {
        self.name = name
        self.title = title
        self.kind = kind
        self.schedule = schedule
        self.period = period
        self.tenants = tenants
        self.formats = formats
        self.options = options
        self.template = template
        self.file = file
    }

    /// The definition `run KIND` uses when NAME is a kind rather than a file in reports/.
    public static func defaults(for kind: ReportKind) -> ReportDefinition {
        let titles: [ReportKind: String] = [.sla: "Availability and SLA", .performance: "Performance",
                                            .alerts: "Alerts", .inventory: "Device inventory"]
        return ReportDefinition(name: kind.rawValue, title: titles[kind]!, kind: kind, schedule: .monthly(1), period: "previous-month")
    }
}
