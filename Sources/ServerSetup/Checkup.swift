import Reporting

/// What `check` reports: every server's status and whether the report definitions load.
///
/// `exitCode` is 64 when a definition is invalid, else `HealthCheck.exitCode` of the servers
/// (0 all well, 69 a server unreachable, 1 reachable but not migrated).
public struct Checkup: Sendable {
    public let servers: [ServerStatus]
    /// The loaded definitions, or the error that named the bad file and line.
    public let definitions: Result<[ReportDefinition], ConfigurationErrorText>

    /// An error's text, so the result stays `Sendable`.
    public struct ConfigurationErrorText: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Reaches every server of `config` and loads its definitions.
    public init(config: Configuration) {
        servers = HealthCheck(servers: Servers(config: config)).run()
        do {
            definitions = .success(try DefinitionLoader(config: config).loadAll())
        } catch {
            definitions = .failure(ConfigurationErrorText(description: "\(error)"))
        }
    }

    public var exitCode: Int32 {
        if case .failure = definitions { return ExitStatus.usage }
        return HealthCheck.exitCode(servers)
    }
}
