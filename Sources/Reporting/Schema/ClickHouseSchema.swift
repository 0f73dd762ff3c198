/// The ClickHouse tables `rollup` writes and reports read (ClickHouse 18.16 compatible DDL).
///
/// Every table is partitioned by `day` (the UTC day a bucket starts in), so a rerun of
/// `rollup --date D` drops partition D and writes it again: it replaces, never doubles.
/// `hour` is the start of the tenant-local hour (for Asia/Kolkata it falls at :30 UTC), so
/// local-time periods are unions of whole buckets.
enum ClickHouseSchema {
    static func statements(database db: String) -> [String] {
        let d = "`" + db.replacingOccurrences(of: "`", with: "") + "`"
        return [
            "CREATE DATABASE IF NOT EXISTS \(d)",
            """
            CREATE TABLE IF NOT EXISTS \(d).metrics_hourly (
                day Date,
                organization_id String,
                device_id String,
                metric String,
                hour DateTime,
                samples UInt32,
                sum Float64,
                min Float64,
                max Float64,
                dropped UInt32,
                sketch String
            ) ENGINE = MergeTree PARTITION BY day ORDER BY (organization_id, device_id, metric, hour)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(d).availability_hourly (
                day Date,
                organization_id String,
                device_id String,
                hour DateTime,
                heartbeats UInt32,
                monitored_s UInt32,
                down_s UInt32,
                maintenance_s UInt32
            ) ENGINE = MergeTree PARTITION BY day ORDER BY (organization_id, device_id, hour)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(d).outages (
                day Date,
                organization_id String,
                device_id String,
                start DateTime,
                end DateTime,
                cause String
            ) ENGINE = MergeTree PARTITION BY day ORDER BY (organization_id, device_id, start)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(d).rollup_days (
                day Date,
                rolled_up_at DateTime,
                devices UInt32,
                rows UInt64
            ) ENGINE = ReplacingMergeTree(rolled_up_at) ORDER BY day
            """,
        ]
    }
}
