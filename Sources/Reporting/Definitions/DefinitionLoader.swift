import Analytics
import Foundation
import Rendering

/// Reads and validates `reports/*.yaml`; every problem names the file, the line and the reason.
public struct DefinitionLoader: Sendable {
    public let directory: String
    public let templatesDirectory: String

    public init(directory: String, templatesDirectory: String) {
        self.directory = directory
        self.templatesDirectory = templatesDirectory
    }

    /// The loader of the configuration's `reports_dir` and `templates_dir`.
    public init(config: Configuration) {
        self.init(directory: config.reportsDirectory, templatesDirectory: config.templatesDirectory)
    }

    static let keys: Set<String> = ["name", "title", "kind", "schedule", "period", "tenants", "formats", "options", "template"]
    static let optionKeys: Set<String> = Set<String>(["sla_target_pct", "outage_min", "grace", "chart_points", "top_n", "gzip_csv_over_rows", "pdf_appendix"])
        .union(DefinitionLoader.serviceCalendarOptionKeys).union(DefinitionLoader.languageOptionKeys)
    /// The service-calendar options (sla, inventory).
    static let serviceCalendarOptionKeys: Set<String> = ["service_calendar", "max_outages"]
    /// The language options: `locale` (BCP 47, overrides the tenant's) and `csv_bom`.
    static let languageOptionKeys: Set<String> = ["locale", "csv_bom"]

    /// All definitions, sorted by name; names must be unique.
    public func loadAll() throws -> [ReportDefinition] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw ConfigurationError(file: directory, reason: "cannot read the report definitions directory")
        }
        var seen: [String: String] = [:]
        var definitions: [ReportDefinition] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            let definition = try load(path: path)
            if let other = seen[definition.name] {
                throw ConfigurationError(file: path, line: 1, reason: "definition name '\(definition.name)' is also used by \(other)")
            }
            seen[definition.name] = path
            definitions.append(definition)
        }
        return definitions
    }

    /// A definition by name, or the built-in defaults when `name` is a kind.
    public func definition(named name: String) throws -> ReportDefinition {
        if let found = try loadAll().first(where: { $0.name == name }) { return found }
        if let kind = ReportKind(rawValue: name) { return ReportDefinition.defaults(for: kind) }
        throw ConfigurationError(file: directory, reason: "no report definition named '\(name)' (and it is not a kind: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")))")
    }

    public func load(path: String) throws -> ReportDefinition {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationError(file: path, reason: "cannot read the file")
        }
        return try parse(text, file: path)
    }

    public func parse(_ text: String, file: String) throws -> ReportDefinition {
        let map = try YAMLMapping.parse(text, file: file)
        try map.rejectUnknownKeys(DefinitionLoader.keys, context: "a report definition")
        let name = try map.requiredString("name", context: "the definition")
        guard name.range(of: "^[a-z0-9][a-z0-9-]{0,62}$", options: .regularExpression) != nil else {
            throw ConfigurationError(file: file, line: map.line("name"), reason: "name '\(name)' must be lower-case letters, digits and dashes")
        }
        let title = try map.string("title") ?? name
        let kindText = try map.requiredString("kind", context: "the definition")
        guard let kind = ReportKind(rawValue: kindText) else {
            throw ConfigurationError(file: file, line: map.line("kind"),
                                     reason: "unknown kind '\(kindText)' (one of \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let scheduleText = try map.requiredString("schedule", context: "the definition")
        guard let schedule = DefinitionLoader.schedule(scheduleText) else {
            throw ConfigurationError(file: file, line: map.line("schedule"),
                                     reason: "bad schedule '\(scheduleText)' (daily, weekly:mon..sun, monthly:1..28 or monthly:last)")
        }
        let periodText = try map.requiredString("period", context: "the definition")
        let period: PeriodSpec
        do {
            period = try PeriodSpec(parsing: periodText)
        } catch {
            throw ConfigurationError(file: file, line: map.line("period"), reason: "bad period '\(periodText)': \(error.message)")
        }
        var tenants = TenantSelection.all
        if let list = try map.stringList("tenants"), list != ["all"] {
            guard !list.isEmpty else { throw ConfigurationError(file: file, line: map.line("tenants"), reason: "tenants: an empty list") }
            tenants = .slugs(list)
        }
        var formats = OutputFormat.allCases
        if let list = try map.stringList("formats") {
            formats = try list.map { text in
                guard let format = OutputFormat(rawValue: text.lowercased()) else {
                    throw ConfigurationError(file: file, line: map.line("formats"),
                                             reason: "unknown format '\(text)' (\(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return format
            }
            guard !formats.isEmpty else { throw ConfigurationError(file: file, line: map.line("formats"), reason: "formats: an empty list") }
        }
        let template = try map.string("template") ?? "report"
        let templatePath = (templatesDirectory as NSString).appendingPathComponent(template + ".html.mustache")
        let legacyPath = (templatesDirectory as NSString).appendingPathComponent(template + ".mustache")
        if formats.contains(.html), !FileManager.default.fileExists(atPath: templatePath), !FileManager.default.fileExists(atPath: legacyPath) {
            throw ConfigurationError(file: file, line: map.line("template"), reason: "template '\(template)' not found in \(templatesDirectory)")
        }
        var options = ReportOptions()
        if let o = try map.mapping("options") {
            try o.rejectUnknownKeys(DefinitionLoader.optionKeys.union(DefinitionLoader.mailOptionKeys), context: "options")
            if let target = try o.double("sla_target_pct") {
                guard target > 0, target <= 100 else {
                    throw ConfigurationError(file: file, line: o.line("sla_target_pct"), reason: "sla_target_pct must be in (0, 100]")
                }
                options.slaTargetPercent = target
            }
            if let text = try o.string("outage_min") { options.outageMinSeconds = try duration(text, key: "outage_min", file: file, line: o.line("outage_min")) }
            if let text = try o.string("grace") { options.graceSeconds = try duration(text, key: "grace", file: file, line: o.line("grace")) }
            if let points = try o.int("chart_points") {
                guard points >= 3, points <= 10_000 else {
                    throw ConfigurationError(file: file, line: o.line("chart_points"), reason: "chart_points must be between 3 and 10000")
                }
                options.chartPoints = points
            }
            if let top = try o.int("top_n") {
                guard top >= 1, top <= 1000 else { throw ConfigurationError(file: file, line: o.line("top_n"), reason: "top_n must be between 1 and 1000") }
                options.topN = top
            }
            if let rows = try o.int("gzip_csv_over_rows") { options.gzipCSVOverRows = max(0, rows) }
            if let appendix = try o.bool("pdf_appendix") { options.pdfAppendix = appendix }
            // Service calendars: the name is resolved against PostgreSQL when a report runs (and by `check`).
            let unset: Set<String> = ["null", "~", "Null", "NULL"]
            if let calendar = try o.string("service_calendar"), !unset.contains(calendar) {
                guard !calendar.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ConfigurationError(file: file, line: o.line("service_calendar"), reason: "service_calendar: an empty name (use 24x7 or a calendar name)")
                }
                options.serviceCalendar = calendar
            }
            if let text = try o.string("max_outages"), !unset.contains(text), !text.isEmpty {
                guard let n = Int(text), n >= 0 else {
                    throw ConfigurationError(file: file, line: o.line("max_outages"),
                                             reason: "max_outages must be a whole number of outages, 0 or more, or null (not '\(text)')")
                }
                options.maxOutages = n
            }
            // What the e-mail attaches.
            if let list = try o.stringList("mail_attach") { options.mailAttach = try mailAttach(list, file: file, line: o.line("mail_attach")) }
            try Self.languageOptions(o, into: &options, file: file)
        }
        return ReportDefinition(name: name, title: title, kind: kind, schedule: schedule, period: period, tenants: tenants,
                                formats: formats, options: options, template: template, file: file)
    }

    // MARK: mail_attach
    static let mailOptionKeys: Set<String> = ["mail_attach"]

    /// `mail_attach: [pdf, xlsx]`: known format names (an empty list attaches nothing), each once.
    func mailAttach(_ list: [String], file: String, line: Int?) throws -> [OutputFormat] {
        var formats: [OutputFormat] = []
        for text in list {
            guard let format = OutputFormat(rawValue: text.lowercased()) else {
                throw ConfigurationError(file: file, line: line, reason: "mail_attach: unknown format '\(text)' "
                    + "(\(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if !formats.contains(format) { formats.append(format) }
        }
        return formats
    }

    /// `locale` (a known BCP 47 tag, else `file:line` and exit 64) and `csv_bom`.
    static func languageOptions(_ o: YAMLMapping, into options: inout ReportOptions, file: String) throws {
        if let text = try o.string("locale") {
            do { options.locale = try ReportLocale(parsing: text) } catch {
                throw ConfigurationError(file: file, line: o.line("locale"), reason: "locale: \(error.description)")
            }
        }
        if let bom = try o.bool("csv_bom") { options.csvBOM = bom }
    }

    static func schedule(_ text: String) -> ReportSchedule? {
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        switch parts.first {
        case "daily" where parts.count == 1: return .daily
        case "weekly" where parts.count == 2:
            guard let i = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].firstIndex(of: String(parts[1].prefix(3))) else { return nil }
            return .weekly(i + 1)
        case "monthly" where parts.count == 2:
            if parts[1] == "last" { return .monthly(-1) }
            guard let day = Int(parts[1]), (1...28).contains(day) else { return nil }
            return .monthly(day)
        default: return nil
        }
    }

    /// `90s`, `3m`, `1h`, `1h30m`, or plain seconds.
    func duration(_ text: String, key: String, file: String, line: Int?) throws -> Int64 {
        if let seconds = Int64(text), seconds >= 0 { return seconds }
        var total: Int64 = 0
        var number = ""
        for ch in text {
            if ch.isNumber { number.append(ch); continue }
            let unit: Int64
            switch ch { case "s": unit = 1; case "m": unit = 60; case "h": unit = 3600; case "d": unit = 86_400
            default: throw ConfigurationError(file: file, line: line, reason: "\(key): bad duration '\(text)' (like 90s, 3m, 1h)") }
            guard let n = Int64(number) else { throw ConfigurationError(file: file, line: line, reason: "\(key): bad duration '\(text)'") }
            total += n * unit
            number = ""
        }
        guard number.isEmpty, !text.isEmpty else { throw ConfigurationError(file: file, line: line, reason: "\(key): bad duration '\(text)' (like 90s, 3m, 1h)") }
        return total
    }
}
