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

    public var exitCode: Int32 {
        if case .failure = definitions { return ExitStatus.usage }
        if let problems = calendarProblems, !problems.isEmpty { return ExitStatus.usage }
        return HealthCheck.exitCode(servers)
    }
}
