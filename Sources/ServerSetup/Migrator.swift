import Connectors
import Foundation
import Reporting

/// Creates or upgrades everything the job needs on the four servers; safe to run again.
public struct Migrator {
    public let config: Configuration

    public init(config: Configuration) { self.config = config }

    /// Migrates all four servers in order; returns what was done, line by line.
    public func run() throws -> [String] {
        let servers = Servers(config: config)
        var lines = try migratePostgres(try servers.postgres())
        lines += try migrateClickHouse(try servers.clickhouse())
        lines += try migrateInflux(try servers.influx())
        lines += try migrateAMQP()
        return lines
    }

    func migrateAMQP() throws -> [String] {
        let connection = try AMQPConnection(url: config.amqpURL)
        defer { connection.close() }
        // The mailer's durable queue too, so notifications published before the mailer first runs are kept.
        try NotificationTopology.declare(on: connection, exchange: config.exchange)
        return ["rabbitmq: exchange \(config.exchange) (topic, durable) and queue \(NotificationTopology.mailerQueue) (\(NotificationTopology.mailerBindingKeys.joined(separator: ", "))) ready"]
    }

    /// Applies pending PostgreSQL migrations, the ClickHouse DDL and the InfluxDB database.
    public func migratePostgres(_ pg: PostgresClient) throws -> [String] {
        var lines: [String] = []
        let versions = SchemaVersions(pg: pg)
        try versions.create()
        // One migrator at a time: two concurrent `migrate` runs must not race on DDL.
        try pg.transaction(purpose: "migrate") {
            try versions.lockForTransaction()
            let done = try versions.applied()
            for migration in PostgresMigrations.all where !done.contains(migration.version) {
                for statement in migration.sql {
                    try pg.query(statement, purpose: "migrate: \(migration.name)")
                }
                try versions.record(version: migration.version, name: migration.name)
                lines.append("postgres: applied migration \(migration.version) (\(migration.name))")
            }
        }
        if lines.isEmpty { lines.append("postgres: schema up to date (version \(PostgresMigrations.latestVersion))") }
        return lines
    }

    public func migrateClickHouse(_ clickhouse: ClickHouseClient) throws -> [String] {
        var lines: [String] = []
        let db = ClickHouseLiteral.string(config.clickhouseDatabase)
        let old = try clickhouse.queryStrings("""
            SELECT count() FROM system.columns WHERE database = \(db) AND table = 'metrics_hourly' AND name = 'sketch'
            """, purpose: "migrate: inspect metrics_hourly", database: "default")
        if old.first?.first != "0" {
            // Layout 1 kept sketches as opaque strings that ClickHouse cannot merge. Rollups are
            // derived data: drop them and the completion marks, so reports read InfluxDB raw
            // until `rollup --date D` writes those days again.
            for table in ["metrics_hourly", "availability_hourly", "rollup_days"] {
                let name = "`" + config.clickhouseDatabase.replacingOccurrences(of: "`", with: "") + "`.\(table)"
                try clickhouse.execute("DROP TABLE IF EXISTS \(name)", purpose: "migrate: drop old \(table)", database: "default")
            }
            lines.append("clickhouse: dropped rollups of layout 1 (opaque sketches); rerun `rollup --date D` for days still in InfluxDB")
        }
        for statement in ClickHouseSchema.statements(database: config.clickhouseDatabase) {
            try clickhouse.execute(statement, purpose: "migrate: ClickHouse DDL", database: "default")
        }
        lines.append("clickhouse: database \(config.clickhouseDatabase) and tables ready (layout 2: mergeable sketch bins)")
        return lines
    }

    public func migrateInflux(_ influx: InfluxClient) throws -> [String] {
        try influx.execute("CREATE DATABASE \(InfluxQL.identifier(config.influxDatabase))", purpose: "migrate: create database")
        return ["influxdb: database \(config.influxDatabase) ready"]
    }
}
