import Connectors
import Foundation
import Reporting

/// Reaches each configured server, reports its version and what is missing.
///
/// Never throws for a server problem: each becomes a `ServerStatus`; `exitCode` sums them up
/// (0 all well, 69 a server unreachable, 1 reachable but not migrated).
public struct HealthCheck: Sendable {
    public let servers: Servers
    /// The reporting schema version this build migrates to; an older one is "missing".
    let schemaVersion = PostgresMigrations.latestVersion

    public init(servers: Servers) { self.servers = servers }

    public func run() -> [ServerStatus] {
        [checkPostgres(), checkInflux(), checkClickHouse(), checkAMQP()]
    }

    public static func exitCode(_ statuses: [ServerStatus]) -> Int32 {
        if statuses.contains(where: { $0.state == .unavailable }) { return ExitStatus.unavailable }
        if statuses.contains(where: { $0.state == .missing }) { return ExitStatus.someFailed }
        return ExitStatus.success
    }

    func checkPostgres() -> ServerStatus {
        let endpoint = (try? Endpoint(servers.config.postgresURL, kind: "postgres").redacted) ?? "postgres"
        do {
            let pg = try servers.postgres()
            let version = pg.serverVersion
            let schema = try SchemaVersions(pg: pg).status()
            guard schema.versionTable else {
                return ServerStatus(name: "postgres", endpoint: endpoint, state: .missing, version: version,
                                    detail: "reporting schema missing: run `ninjait-reports migrate`")
            }
            guard schema.platformTables else {
                return ServerStatus(name: "postgres", endpoint: endpoint, state: .missing, version: version,
                                    detail: "platform tables organizations/devices missing")
            }
            let v = schema.version
            let latest = schemaVersion
            guard v >= latest else {
                return ServerStatus(name: "postgres", endpoint: endpoint, state: .missing, version: version,
                                    detail: "schema version \(v) < \(latest): run `ninjait-reports migrate`")
            }
            return ServerStatus(name: "postgres", endpoint: endpoint, state: .ok, version: version, detail: "schema version \(v)")
        } catch {
            return ServerStatus(name: "postgres", endpoint: endpoint, state: .unavailable, version: nil, detail: "\(error)")
        }
    }

    func checkInflux() -> ServerStatus {
        let endpoint = (try? Endpoint(servers.config.influxURL, kind: "influxdb").redacted) ?? "influxdb"
        do {
            let influx = try servers.influx()
            let version = try influx.ping()
            var databases: [String] = []
            try influx.query("SHOW DATABASES", purpose: "check: databases") { chunk in
                databases += chunk.values.compactMap { $0.first?.string }
            }
            guard databases.contains(servers.config.influxDatabase) else {
                return ServerStatus(name: "influxdb", endpoint: endpoint, state: .missing, version: version,
                                    detail: "database \(servers.config.influxDatabase) missing: run `ninjait-reports migrate`")
            }
            return ServerStatus(name: "influxdb", endpoint: endpoint, state: .ok, version: version, detail: "database \(servers.config.influxDatabase)")
        } catch {
            return ServerStatus(name: "influxdb", endpoint: endpoint, state: .unavailable, version: nil, detail: "\(error)")
        }
    }

    func checkClickHouse() -> ServerStatus {
        let endpoint = (try? Endpoint(servers.config.clickhouseURL, kind: "clickhouse").redacted) ?? "clickhouse"
        do {
            let clickhouse = try servers.clickhouse()
            let version = try clickhouse.version()
            let db = servers.config.clickhouseDatabase
            let tables = try clickhouse.queryStrings("SELECT name FROM system.tables WHERE database = \(ClickHouseLiteral.string(db))",
                                                     purpose: "check: tables", database: "default").compactMap(\.first)
            let needed = ["metrics_hourly", "availability_hourly", "rollup_days"]
            let missing = needed.filter { !tables.contains($0) }
            guard missing.isEmpty else {
                return ServerStatus(name: "clickhouse", endpoint: endpoint, state: .missing, version: version,
                                    detail: "tables missing in \(db): \(missing.joined(separator: ", ")): run `ninjait-reports migrate`")
            }
            return ServerStatus(name: "clickhouse", endpoint: endpoint, state: .ok, version: version, detail: "database \(db), \(needed.count) tables")
        } catch {
            return ServerStatus(name: "clickhouse", endpoint: endpoint, state: .unavailable, version: nil, detail: "\(error)")
        }
    }
}
