import ArgumentParser
import Foundation
import Reporting

struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Write a deterministic synthetic fleet into PostgreSQL and InfluxDB, and its ground truth as JSON.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Number of tenants.") var tenants = 3
    @Option(help: "Devices per tenant.") var devices = 100
    @Option(help: "Days of history, ending now.") var days = 8
    @Option(help: "Random seed: the same seed gives the same fleet.") var seed: UInt64 = 42
    @Option(help: "End of the range (ISO 8601, default now).") var until: String?
    @Option(help: "Where to write the ground-truth JSON.") var truth = "seed-truth.json"
    @Option(help: "Raw points only for the last N days; older days go to ClickHouse as rollups.") var rawDays = 8
    @Option(help: "Prefix for tenant slugs (keeps a test fleet apart from the demo fleet).") var slugPrefix = ""

    func validate() throws {
        guard tenants > 0, tenants <= 1000 else { throw ValidationError("--tenants must be between 1 and 1000") }
        guard devices > 0, devices <= 100_000 else { throw ValidationError("--devices must be between 1 and 100000") }
        guard days > 0, days <= 400 else { throw ValidationError("--days must be between 1 and 400") }
        if let until, ISO8601DateFormatter().date(from: until) == nil {
            throw ValidationError("--until must be an ISO 8601 instant like 2026-11-26T00:00:00Z")
        }
    }

    func run() throws {
        runCommand {
            var options = SeedOptions()
            options.tenants = tenants
            options.devicesPerTenant = devices
            options.days = days
            options.seed = seed
            options.end = until.flatMap { ISO8601DateFormatter().date(from: $0) }
            options.truthPath = truth
            options.slugPrefix = slugPrefix
            options.rawDays = rawDays
            let config = try global.load()
            let bar = ProgressBar(title: "seed")
            let summary = try FleetSeeder(servers: Servers(config: config), options: options).run { done, total in
                bar.update(done: done, total: total, label: "points")
            }
            bar.finish()
            print("seeded \(summary.tenants) tenants, \(summary.devices) devices, \(summary.points) points, "
                  + "\(summary.rolledUpDays) days as rollups (\(summary.rollupRows) rows), \(summary.alerts) alerts, \(summary.maintenanceWindows) maintenance windows in "
                  + String(format: "%.1f s (%.0f points/s); ground truth in %@", summary.seconds,
                           Double(summary.points) / max(summary.seconds, 0.001), summary.truthPath))
            return ExitStatus.success
        }
    }
}
