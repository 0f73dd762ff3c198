import Reporting
/// The ClickHouse tables `rollup` writes and reports read (ClickHouse 18.16 compatible DDL).
///
/// Every table is partitioned by `day` (the UTC day a bucket starts in), so a rerun of
/// `rollup --date D` drops partition D and writes it again: it replaces, never doubles.
/// `hour` is the start of the tenant-local hour (for Asia/Kolkata it falls at :30 UTC), so
/// local-time periods are unions of whole buckets. `availability_hourly` keeps each hour's
/// heartbeat summary (first/last heartbeat, gaps over 90 s, online-flag changes) rather than
/// down seconds: down time depends on the definition's grace, outage_min and on maintenance
/// windows edited later, and on the neighbouring hours; from the summaries any period is
/// computed exactly, identically to the raw tier. `metrics_daily` holds the same metric cells
/// pre-merged per device, metric and piece (a tenant-local day cut at the rollup window, see
/// `DayPieces`), so a month merges about 31 rows per device and metric instead of 744;
/// `rollup_daily_days` lists the days whose pieces are written (days rolled up before the
/// table existed are read hour by hour). `rollup_hours` lists the tenant hours of a day not
/// yet wholly rolled up that `rollup --hours` has written (one row per tenant and hour,
/// written after the hour's rows); the day rollup drops the day's marks with its partitions.
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
                hour DateTime('UTC'),
                samples UInt32,
                sum Float64,
                min Float64,
                max Float64,
                dropped UInt32,
                bin_keys Array(Int32),
                bin_counts Array(UInt64)
            ) ENGINE = MergeTree PARTITION BY day ORDER BY (organization_id, device_id, metric, hour)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(d).availability_hourly (
                day Date,
                organization_id String,
                device_id String,
                hour DateTime('UTC'),
                heartbeats UInt32,
                first_time UInt32,
                first_online UInt8,
                last_time UInt32,
                last_online UInt8,
                gap_ends Array(UInt32),
                gap_seconds Array(UInt32),
                transition_times Array(UInt32),
                transition_online Array(UInt8)
            ) ENGINE = MergeTree PARTITION BY day ORDER BY (organization_id, device_id, hour)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(d).metrics_daily (
                day Date,
                organization_id String,
                device_id String,
                metric String,
                piece_start DateTime('UTC'),
                piece_end DateTime('UTC'),
                samples UInt64,
                sum Float64,
                min Float64,
                max Float64,
                dropped UInt64,
                bin_keys Array(Int32),
                bin_counts Array(UInt64)
            ) ENGINE = MergeTree PARTITION BY day ORDER BY (organization_id, device_id, metric, piece_start)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(d).rollup_daily_days (
                day Date,
                rolled_up_at DateTime('UTC')
            ) ENGINE = MergeTree PARTITION BY day ORDER BY day
            """,
            """
            CREATE TABLE IF NOT EXISTS \(d).rollup_days (
                day Date,
                rolled_up_at DateTime('UTC'),
                devices UInt32,
                rows UInt64
            ) ENGINE = MergeTree PARTITION BY day ORDER BY day
            """,
            """
            CREATE TABLE IF NOT EXISTS \(d).rollup_hours (
                day Date,
                organization_id String,
                hour DateTime('UTC'),
                rolled_up_at DateTime('UTC')
            ) ENGINE = MergeTree PARTITION BY day ORDER BY (organization_id, hour)
            """,
        ]
    }
}
