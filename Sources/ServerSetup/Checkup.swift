import Foundation
import Rendering
import Reporting

/// What `check` reports: every server's status and whether the report definitions load.
///
/// `exitCode` is 64 when a definition is invalid, else `HealthCheck.exitCode` of the servers
/// (0 all well, 69 a server unreachable, 1 reachable but not migrated).
public struct Checkup: Sendable {
    public let servers: [ServerStatus]
    /// The loaded definitions, or the error that named the bad file and line.
    public let definitions: Result<[ReportDefinition], ConfigurationErrorText>
    /// The message catalogs of `templates_dir/i18n`, or the error naming the bad file and line.
    public let catalogs: Result<MessageCatalogs, ConfigurationErrorText>

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
        do {
            catalogs = .success(try MessageCatalogs.load(templatesDirectory: URL(fileURLWithPath: config.templatesDirectory)))
        } catch {
            catalogs = .failure(ConfigurationErrorText(description: "\(error)"))
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
        if case .failure = catalogs { return ExitStatus.usage }
        return HealthCheck.exitCode(servers)
    }
}
