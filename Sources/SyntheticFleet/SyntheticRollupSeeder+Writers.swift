import Analytics
import Connectors
import Dispatch
import Foundation
import Synchronization
import Reporting

extension SyntheticRollupSeeder {
    /// Writes the raw range of every device to InfluxDB with `options.writers` threads; returns the lines written.
    func writeRaw(_ layout: Layout, progress: @escaping @Sendable (String, Int, Int) -> Void) throws -> Int {
        guard layout.rawFrom < layout.end else { return 0 }
        let plan = layout.plan
        let perDevice = 2 * (layout.end - layout.rawFrom) / plan.interval
        let total = perDevice * plan.devices.count
        let written = Atomic<Int>(0)
        let failure = Mutex<Error?>(nil)
        let writers = max(1, options.writers)
        let servers = self.servers, batchLines = self.batchLines
        DispatchQueue.concurrentPerform(iterations: writers) { worker in
            do {
                let influx = try servers.influx()
                var buffer = LineProtocolBuffer(capacity: batchLines * 140)
                let send: (inout LineProtocolBuffer) throws -> Void = { buffer in
                    try influx.write(buffer.bytes, precision: "s", purpose: "seed: write synthetic raw points")
                    progress("raw points", written.add(buffer.lines, ordering: .relaxed).newValue, total)
                }
                for device in plan.devices where device.index % writers == worker {
                    if failure.withLock({ $0 != nil }) { return }
                    try SyntheticRawDay(plan: plan, device: device)
                        .generate(from: layout.rawFrom, to: layout.end, batchLines: batchLines, into: &buffer, flush: send)
                }
                if buffer.lines > 0 { try send(&buffer) }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return written.load(ordering: .relaxed)
    }

    /// Writes every rolled-up day to ClickHouse (hourly and daily rollups, through the writer `rollup` uses),
    /// days spread over `options.writers` threads; each day is one run of inserts into its own
    /// partition, then its `rollup_days` row. Returns the hourly rows written.
    func writeRollups(_ layout: Layout, progress: @escaping @Sendable (String, Int, Int) -> Void) throws -> Int {
        let plan = layout.plan
        let zones = plan.tenants.map { TimeZone(identifier: $0.timezone) ?? .gmt }
        let grids = zones.map { HourGrid(timeZone: $0) }
        let pieces = zip(grids, zones).map { DayPieces(grid: $0, clock: LocalClock($1)) }
        let days = layout.rollupDays
        let total = days.count * plan.devices.count
        let done = Atomic<Int>(0)
        let rows = Atomic<Int>(0)
        let failure = Mutex<Error?>(nil)
        let writers = max(1, min(options.writers, days.count))
        let servers = self.servers
        DispatchQueue.concurrentPerform(iterations: writers) { worker in
            do {
                let clickhouse = try servers.clickhouse()
                let writer = HourlyStore(clickhouse: clickhouse).writer()
                for (i, day) in days.enumerated() where i % writers == worker {
                    let before = writer.rows
                    for device in plan.devices {
                        if failure.withLock({ $0 != nil }) { return }
                        let grid = grids[device.tenant]
                        let hours = SyntheticDeviceHours(plan: plan, device: device, grid: grid)
                        let window = grid.dayWindow(utcDayStart: day)
                        for hour in stride(from: window.start, to: window.end, by: 3600) {
                            guard let h = try hours.hour(hour) else { continue }
                            try writer.append(organizationID: plan.tenants[device.tenant].id, deviceID: device.id, grid: grid, hour: h,
                                              pieces: pieces[device.tenant])
                        }
                    }
                    try writer.flush()
                    // The fleet's device count (not the devices seen that day): `isSeeded` checks it.
                    try RollupCatalog(clickhouse: clickhouse).markDay(day, devices: plan.devices.count, rows: writer.rows - before, daily: true)
                    progress("device-days", done.add(plan.devices.count, ordering: .relaxed).newValue, total)
                    _ = rows.add(writer.rows - before, ordering: .relaxed)
                }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return rows.load(ordering: .relaxed)
    }
}
