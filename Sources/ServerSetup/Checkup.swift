import Foundation
import Rendering
import Reporting

/// What `check` reports: every server's status, whether the report definitions load, and
/// every bad service calendar.
///
/// `exitCode` is 64 when a definition is invalid or a service calendar is bad (a stored one
/// that does not parse, or a name that resolves to none for a tenant), else
/// `HealthCheck.exitCode` of the servers (0 all well, 69 a server unreachable, 1 reachable
/// but not migrated).
public struct Checkup: Sendable {
    public let servers: [ServerStatus]
    /// The loaded definitions, or the error that named the bad file and line.
    public let definitions: Result<[ReportDefinition], ConfigurationErrorText>
    /// One line per bad service calendar (tenant or shared, name, field); nil when PostgreSQL
    /// could not be asked (its status says why).
    public let calendarProblems: [String]?
    /// The message catalogs of `templates_dir/i18n`, or the error naming the bad file and line.
    public let catalogs: Result<MessageCatalogs, ConfigurationErrorText>

    /// An error's text, so the result stays `Sendable`.
    public struct ConfigurationErrorText: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Reaches every server of `config`, loads its definitions and checks the service calendars.
    public init(config: Configuration) {
        servers = HealthCheck(servers: Servers(config: config)).run()
        do {
            definitions = .success(try DefinitionLoader(config: config).loadAll())
        } catch {
            definitions = .failure(ConfigurationErrorText(description: "\(error)"))
        }
        let postgresOK = servers.first { $0.name == "postgres" }?.state == .ok
        calendarProblems = postgresOK ? Checkup.calendars(config: config, definitions: (try? definitions.get()) ?? []) : nil
        do {
            catalogs = .success(try MessageCatalogs.load(templatesDirectory: URL(fileURLWithPath: config.templatesDirectory)))
        } catch {
            catalogs = .failure(ConfigurationErrorText(description: "\(error)"))
        }
    }

    /// Every calendar problem; a query that fails is itself one line.
    static func calendars(config: Configuration, definitions: [ReportDefinition]) -> [String] {
        do {
            let pg = try Servers(config: config).postgres()
            let tenants = try TenantDirectory(pg: pg).tenantsUnresolved()
            let named = definitions.compactMap { d -> (source: String, name: String, tenantSlugs: [String]?)? in
                guard let name = d.options.serviceCalendar else { return nil }
                let slugs: [String]?
                switch d.tenants {
                case .all: slugs = nil
                case .slugs(let list): slugs = list
                }
                return ("options.service_calendar of definition \(d.name) (\(d.file))", name, slugs)
            }
            return try ServiceCalendarStore(pg: pg).problems(tenants: tenants, definitions: named)
        } catch {
            return ["service calendars could not be read: \(error)"]
        }
    }

    /// What `check` prints about the catalogs: one line per catalog with the keys it lacks
    /// (those fall back to English), or the error of a catalog that does not load.
    public var catalogLines: [String] {
        switch catalogs {
        case .failure(let error): return ["catalogs    invalid      \(error)"]
        case .success(let set):
            guard let dir = set.directory else { return ["catalogs    missing      no i18n folder in the templates directory: every report is in English"] }
            let missing = set.missingKeys()
            var lines = ["catalogs    ok           \(set.catalogs.keys.sorted().joined(separator: ", ")) in \(dir)"]
            for name in missing.keys.sorted() {
                let keys = missing[name] ?? []
                lines.append("catalog \(name)  missing \(keys.count) key(s), shown in English: \(keys.joined(separator: ", "))")
            }
            return lines
        }
    }

    public var exitCode: Int32 {
        if case .failure = definitions { return ExitStatus.usage }
        if let problems = calendarProblems, !problems.isEmpty { return ExitStatus.usage }
        if case .failure = catalogs { return ExitStatus.usage }
        return HealthCheck.exitCode(servers)
    }
}
