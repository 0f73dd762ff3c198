import Connectors
import Foundation

/// `ninjait-bench connectors [--clickhouse-rows N] [--influx-points N]`: read and write throughput of our clients.
///
/// Prints machine-readable lines `name value unit`; scripts/bench.d/connectors runs curl on
/// the same queries in the same run and prints the ratios.
func connectorsBench(_ arguments: [String]) throws {
    var clickhouseRows = 5_000_000
    var influxPoints = 1_000_000
    var i = 0
    while i < arguments.count {
        switch arguments[i] {
        case "--clickhouse-rows": clickhouseRows = Int(arguments[i + 1]) ?? clickhouseRows; i += 2
        case "--influx-points": influxPoints = Int(arguments[i + 1]) ?? influxPoints; i += 2
        default: i += 1
        }
    }
    let env = ProcessInfo.processInfo.environment
    let clickhouseURL = env["NINJAIT_CLICKHOUSE_URL"] ?? "http://127.0.0.1:58123"
    let influxURL = env["NINJAIT_INFLUX_URL"] ?? "http://127.0.0.1:58086"

    // ClickHouse: stream 8 typed columns, parse every field.
    let clickhouse = try ClickHouseClient(url: clickhouseURL, database: "default")
    let sql = BenchQueries.clickhouse(rows: clickhouseRows)
    var checksum = 0.0
    let chStart = Date()
    let rows = try clickhouse.query(sql, columns: 8, purpose: "bench read") { row in
        checksum += Double(row.int(0)! &+ row.int(1)!) + row.double(3)! + row.double(4)! + row.double(5)!
        checksum += Double(row.int(6)! + row.string(2).utf8.count + row.string(7).utf8.count)
    }
    let chSeconds = Date().timeIntervalSince(chStart)
    print("clickhouse_rows \(rows) rows")
    print("clickhouse_read_seconds \(String(format: "%.3f", chSeconds)) s")
    print("clickhouse_rows_per_s \(Int(Double(rows) / chSeconds)) rows/s")

    // InfluxDB: write points in 10k-line batches, then stream them back.
    let influx = try InfluxClient(url: influxURL, database: BenchQueries.influxDatabase)
    try influx.execute("DROP DATABASE \(BenchQueries.influxDatabase)", purpose: "bench reset")
    try influx.execute("CREATE DATABASE \(BenchQueries.influxDatabase)", purpose: "bench create")
    let devices = 100
    let base = 1_780_000_000
    let writeStart = Date()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1_500_000)
    var written = 0
    for p in 0..<influxPoints {
        let device = p % devices
        let t = base + (p / devices) * 60
        buffer += Array("system_metrics,device_id=dev\(device),organization_id=org1 cpu_usage=\(Double(p % 1000) / 10),memory_usage=\(Double(p % 777) / 10),disk_usage=\(Double(p % 555) / 10) \(t)\n".utf8)
        written += 1
        if written % 10_000 == 0 {
            try influx.write(buffer, precision: "s", purpose: "bench write")
            buffer.removeAll(keepingCapacity: true)
        }
    }
    if !buffer.isEmpty { try influx.write(buffer, precision: "s", purpose: "bench write") }
    let writeSeconds = Date().timeIntervalSince(writeStart)
    print("influx_write_points_per_s \(Int(Double(influxPoints) / writeSeconds)) points/s")

    let readStart = Date()
    var points = 0
    var sum = 0.0
    try influx.query(BenchQueries.influxRead, purpose: "bench read") { chunk in
        for row in chunk.values {
            points += 1
            sum += (row[1].double ?? 0) + (row[2].double ?? 0) + (row[3].double ?? 0)
        }
    }
    let readSeconds = Date().timeIntervalSince(readStart)
    print("influx_points \(points) points")
    print("influx_read_seconds \(String(format: "%.3f", readSeconds)) s")
    print("influx_points_per_s \(Int(Double(points) / readSeconds)) points/s")
    if checksum.isNaN || sum.isNaN { print("checksum nan") }
}

/// The exact queries the bench runs, so the curl peer can run the same ones.
enum BenchQueries {
    static let influxDatabase = "bench_connectors"
    static let influxRead = "SELECT cpu_usage, memory_usage, disk_usage FROM system_metrics"

    static func clickhouse(rows: Int) -> String {
        """
        SELECT number, number % 997, concat('device-', toString(number % 300)), number / 7, sin(number), \
        toFloat64(number % 100) / 3, toUInt32(number % 86400), 'cpu_usage' FROM system.numbers LIMIT \(rows)
        """
    }
}
