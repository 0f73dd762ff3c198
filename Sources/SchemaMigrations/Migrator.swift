import Connectors
import Foundation
import Reporting

/// Creates or upgrades everything the job needs on the four servers; safe to run again.
public struct Migrator {
    public let config: Configuration

    public init(config: Configuration) { self.config = config }

    /// The reporting schema version this build migrates to (what `check` expects).
    public static var schemaVersion: Int { PostgresMigrations.latestVersion }

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
        return ["rabbitmq: exchange \(config.exchange) (topic, durable) and queue \(NotificationTopology.mailerQueue) (report.ready.#) ready"]
    }

    /// Applies pending PostgreSQL migrations, the ClickHouse DDL and the InfluxDB database.
    public func migratePostgres(_ pg: PostgresClient) throws -> [String] {
        var lines: [String] = []
        try pg.query("CREATE SCHEMA IF NOT EXISTS reporting", purpose: "migrate: create schema")
        try pg.query("""
            CREATE TABLE IF NOT EXISTS reporting.schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """, purpose: "migrate: version table")
        // One migrator at a time: two concurrent `migrate` runs must not race on DDL.
        try pg.transaction(purpose: "migrate") {
            try pg.query("SELECT pg_advisory_xact_lock(7243001)", purpose: "migrate: lock")
            let applied = try pg.query("SELECT version FROM reporting.schema_migrations", purpose: "migrate: applied versions")
            let done = Set((0..<applied.count).compactMap { applied.int($0, 0) })
            for migration in PostgresMigrations.all where !done.contains(migration.version) {
                for statement in migration.sql {
                    try pg.query(statement, purpose: "migrate: \(migration.name)")
                }
                try pg.query("INSERT INTO reporting.schema_migrations (version, name) VALUES ($1, $2)",
                             [migration.version, migration.name], purpose: "migrate: record version")
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
