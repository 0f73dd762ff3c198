import Connectors

/// `reporting.schema_migrations`: which versions of the reporting schema are applied.
///
/// Every query of that table is here; `Migrator` writes it, `HealthCheck` reads it.
struct SchemaVersions {
    let pg: PostgresClient

    /// Creates the schema and the version table if missing (idempotent).
    func create() throws {
        try pg.query("CREATE SCHEMA IF NOT EXISTS reporting", purpose: "migrate: create schema")
        try pg.query("""
            CREATE TABLE IF NOT EXISTS reporting.schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """, purpose: "migrate: version table")
    }

    /// Waits for the migration lock, held until the surrounding transaction ends (one migrator at a time).
    func lockForTransaction() throws {
        try pg.query("SELECT pg_advisory_xact_lock(7243001)", purpose: "migrate: lock")
    }

    /// The applied versions.
    func applied() throws -> Set<Int> {
        let r = try pg.query("SELECT version FROM reporting.schema_migrations", purpose: "migrate: applied versions")
        return Set((0..<r.count).compactMap { r.int($0, 0) })
    }

    /// Records `version` as applied.
    func record(version: Int, name: String) throws {
        try pg.query("INSERT INTO reporting.schema_migrations (version, name) VALUES ($1, $2)",
                     [version, name], purpose: "migrate: record version")
    }

    /// What `check` needs: is the version table there, are the platform tables there, and the newest applied version.
    func status() throws -> (versionTable: Bool, platformTables: Bool, version: Int) {
        let r = try pg.query("""
            SELECT to_regclass('reporting.schema_migrations') IS NOT NULL,
                   to_regclass('public.organizations') IS NOT NULL AND to_regclass('public.devices') IS NOT NULL
            """, purpose: "check: schema")
        guard r.bool(0, 0) == true else { return (false, r.bool(0, 1) == true, 0) }
        let v = try pg.query("SELECT coalesce(max(version), 0) FROM reporting.schema_migrations", purpose: "check: schema version").int(0, 0) ?? 0
        return (true, r.bool(0, 1) == true, v)
    }
}
