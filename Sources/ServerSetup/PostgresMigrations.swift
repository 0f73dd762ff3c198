import Reporting
/// The versioned PostgreSQL migrations `ninjait-reports migrate` applies, in order.
///
/// Version 1 creates the platform tables (`organizations`, `devices`, `alerts`) only if they are absent
/// (production already has them from the platform's own `001_initial_schema.sql`); the
/// rest build the `reporting` schema. Applied versions are recorded in
/// `reporting.schema_migrations`; each runs in its own transaction.
enum PostgresMigrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let sql: [String]
    }

    /// The version the last migration brings the schema to.
    static var latestVersion: Int { all.last?.version ?? 0 }

    static let all: [Migration] = [
        Migration(version: 1, name: "platform tables (if absent)", sql: [
            """
            CREATE TABLE IF NOT EXISTS organizations (
                id uuid PRIMARY KEY,
                name text NOT NULL,
                slug text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS devices (
                id uuid PRIMARY KEY,
                organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                agent_id text,
                name text NOT NULL,
                device_type text,
                os_type text,
                os_version text,
                cpu_info text,
                ram_gb double precision,
                disk_gb double precision,
                ip_address text,
                last_seen timestamptz,
                status text,
                tags text[] NOT NULL DEFAULT '{}',
                custom_fields jsonb NOT NULL DEFAULT '{}',
                created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX IF NOT EXISTS devices_organization_id_idx ON devices (organization_id)",
            """
            CREATE TABLE IF NOT EXISTS alerts (
                id uuid PRIMARY KEY,
                organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                device_id uuid REFERENCES devices(id) ON DELETE CASCADE,
                alert_type text NOT NULL,
                severity text NOT NULL,
                message text,
                triggered_at timestamptz NOT NULL,
                resolved_at timestamptz,
                is_resolved boolean NOT NULL DEFAULT false
            )
            """,
            "CREATE INDEX IF NOT EXISTS alerts_organization_triggered_idx ON alerts (organization_id, triggered_at)",
            """
            CREATE TABLE IF NOT EXISTS script_executions (
                id uuid PRIMARY KEY,
                organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                device_id uuid REFERENCES devices(id) ON DELETE CASCADE,
                script_name text,
                status text,
                started_at timestamptz,
                finished_at timestamptz,
                exit_code integer
            )
            """,
        ]),
        Migration(version: 2, name: "reporting schema", sql: [
            """
            CREATE TABLE IF NOT EXISTS reporting.tenant_settings (
                organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
                timezone text NOT NULL DEFAULT 'UTC',
                sla_target_pct double precision NOT NULL DEFAULT 99.9
                    CHECK (sla_target_pct > 0 AND sla_target_pct <= 100),
                recipients text[] NOT NULL DEFAULT '{}',
                branding jsonb NOT NULL DEFAULT '{}'
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS reporting.maintenance_windows (
                id bigserial PRIMARY KEY,
                organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                device_id uuid REFERENCES devices(id) ON DELETE CASCADE,
                starts_at timestamptz NOT NULL,
                ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
                reason text
            )
            """,
            "CREATE INDEX IF NOT EXISTS maintenance_windows_org_idx ON reporting.maintenance_windows (organization_id, starts_at)",
            """
            CREATE TABLE IF NOT EXISTS reporting.report_runs (
                id uuid PRIMARY KEY,
                definition text NOT NULL,
                kind text NOT NULL,
                organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                tenant_slug text NOT NULL,
                period_label text NOT NULL,
                period_start timestamptz NOT NULL,
                period_end timestamptz NOT NULL,
                status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'superseded')),
                trigger text NOT NULL DEFAULT 'run',
                host text,
                started_at timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz,
                fetch_ms bigint,
                compute_ms bigint,
                render_ms bigint,
                output_dir text,
                files jsonb NOT NULL DEFAULT '[]',
                error text
            )
            """,
            """
            CREATE UNIQUE INDEX IF NOT EXISTS report_runs_one_success
                ON reporting.report_runs (definition, organization_id, period_label) WHERE status = 'succeeded'
            """,
            "CREATE INDEX IF NOT EXISTS report_runs_started_idx ON reporting.report_runs (started_at)",
            """
            CREATE TABLE IF NOT EXISTS reporting.outbox (
                id bigserial PRIMARY KEY,
                message_id uuid NOT NULL UNIQUE,
                run_id uuid REFERENCES reporting.report_runs(id) ON DELETE CASCADE,
                exchange text NOT NULL,
                routing_key text NOT NULL,
                body text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                attempts integer NOT NULL DEFAULT 0,
                last_attempt_at timestamptz,
                last_error text,
                published_at timestamptz
            )
            """,
            "CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON reporting.outbox (id) WHERE published_at IS NULL",
            """
            CREATE TABLE IF NOT EXISTS reporting.mail_log (
                message_id uuid PRIMARY KEY,
                run_id uuid,
                recipients text[] NOT NULL,
                mailed_at timestamptz NOT NULL DEFAULT now(),
                attachments integer NOT NULL DEFAULT 0
            )
            """,
        ]),
        Migration(version: 3, name: "abandoned runs", sql: [
            "ALTER TABLE reporting.report_runs DROP CONSTRAINT IF EXISTS report_runs_status_check",
            """
            ALTER TABLE reporting.report_runs ADD CONSTRAINT report_runs_status_check
                CHECK (status IN ('running', 'succeeded', 'failed', 'superseded', 'abandoned'))
            """,
        ]),
        Migration(version: 4, name: "service calendars", sql: [
            """
            CREATE TABLE IF NOT EXISTS reporting.service_calendars (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
                name text NOT NULL CHECK (name <> ''),
                weekly jsonb NOT NULL DEFAULT '{}',
                holidays date[] NOT NULL DEFAULT '{}'
            )
            """,
            // One calendar of a name per tenant, and one shared (organization null) of a name.
            """
            CREATE UNIQUE INDEX IF NOT EXISTS service_calendars_tenant_name
                ON reporting.service_calendars (organization_id, name) WHERE organization_id IS NOT NULL
            """,
            """
            CREATE UNIQUE INDEX IF NOT EXISTS service_calendars_shared_name
                ON reporting.service_calendars (name) WHERE organization_id IS NULL
            """,
            "ALTER TABLE reporting.tenant_settings ADD COLUMN IF NOT EXISTS service_calendar text",
        ]),
        // Each tenant's report language (BCP 47); NULL and unknown tags mean en-US.
        Migration(version: 5, name: "tenant locale", sql: [
            "ALTER TABLE reporting.tenant_settings ADD COLUMN IF NOT EXISTS locale text NOT NULL DEFAULT 'en-US'",
        ]),
        // The recipients a run was produced for, the only ones the mailer sends it to.
        Migration(version: 6, name: "recipients recorded per run", sql: [
            "ALTER TABLE reporting.report_runs ADD COLUMN IF NOT EXISTS recipients text[]",
        ]),
        // A day a succeeded run may have read was rolled up again after it (late raw points):
        // when, and which UTC days. Its files stay; `run --force` reissues it.
        Migration(version: 7, name: "newer rollup noted per run", sql: [
            "ALTER TABLE reporting.report_runs ADD COLUMN IF NOT EXISTS newer_rollup_at timestamptz",
            "ALTER TABLE reporting.report_runs ADD COLUMN IF NOT EXISTS newer_rollup_days date[]",
        ]),
    ]
}
