import Analytics
import Connectors
import Foundation

/// Reads raw InfluxDB points of one tenant and folds them into `DeviceHour`s, one device at a time.
///
/// Queries are scoped by the tenant's id (an escaped InfluxQL literal) and grouped by device,
/// so memory holds one device's hours, never the fleet's.
public struct RawHistoryReader {
    let influx: InfluxClient

    public init(influx: InfluxClient) { self.influx = influx }

    /// Metric cells of every device for [from, to); `visit` gets each device's hours in time order. Returns the points read.
    @discardableResult
    public func metrics(organizationID: String, grid: HourGrid, from: Int64, to: Int64, purpose: String,
                        _ visit: (_ device: String, _ hours: [DeviceHour]) throws -> Void) throws -> Int {
        let columns = Metric.allCases.map { InfluxQL.identifier($0.rawValue) }.joined(separator: ", ")
        let q = "SELECT \(columns) FROM system_metrics WHERE organization_id = \(InfluxQL.string(organizationID)) "
            + "AND time >= \(from)s AND time < \(to)s GROUP BY device_id"
        return try fold(q, grid: grid, purpose: purpose, visit) { builder, chunk in
            let indexes = Metric.allCases.map { chunk.index(of: $0.rawValue) }
            for row in chunk.values {
                guard let t = row[0].int else { continue }
                for (m, index) in indexes.enumerated() {
                    guard let index, let value = row[index].double else { continue }
                    builder.addSample(time: Int64(t), metric: m, value: value)
                }
            }
        }
    }

    /// Heartbeat summaries of every device for [from, to); `visit` gets each device's hours in time order. Returns the points read.
    @discardableResult
    public func heartbeats(organizationID: String, grid: HourGrid, from: Int64, to: Int64, purpose: String,
                           _ visit: (_ device: String, _ hours: [DeviceHour]) throws -> Void) throws -> Int {
        let q = "SELECT online FROM heartbeat WHERE organization_id = \(InfluxQL.string(organizationID)) "
            + "AND time >= \(from)s AND time < \(to)s GROUP BY device_id"
        return try heartbeatPoints(q, grid: grid, purpose: purpose, visit)
    }

    /// Folds the points of a `SELECT online ... GROUP BY device_id` query into hours.
    func heartbeatPoints(_ q: String, grid: HourGrid, purpose: String,
                         _ visit: (_ device: String, _ hours: [DeviceHour]) throws -> Void) throws -> Int {
        try fold(q, grid: grid, purpose: purpose, visit) { builder, chunk in
            guard let index = chunk.index(of: "online") else { return }
            for row in chunk.values {
                guard let t = row[0].int else { continue }
                // A heartbeat without a readable flag counts as a check-in (online).
                try builder.addHeartbeat(time: Int64(t), online: row[index].bool ?? true)
            }
        }
    }

    private func fold(_ query: String, grid: HourGrid, purpose: String,
                      _ visit: (_ device: String, _ hours: [DeviceHour]) throws -> Void,
                      _ add: (inout HourSummaryBuilder, InfluxSeriesChunk) throws -> Void) throws -> Int {
        var current: String? = nil
        var points = 0
        var builder = HourSummaryBuilder(grid: grid)
        try influx.query(query, purpose: purpose) { chunk in
            let device = chunk.tags["device_id"] ?? ""
            if device != current {
                if let current { try visit(current, builder.sortedHours()) }
                current = device
                builder = HourSummaryBuilder(grid: grid)
            }
            points += chunk.values.count
            try add(&builder, chunk)
        }
        if let current { try visit(current, builder.sortedHours()) }
        return points
    }
}
