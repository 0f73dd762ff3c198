import ArgumentParser
import Foundation
import Reporting
import SyntheticFleet

struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Write a deterministic synthetic fleet into PostgreSQL and InfluxDB, and its ground truth as JSON.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Number of tenants.") var tenants = 3
    @Option(help: "Devices per tenant.") var devices = 100
    @Option(help: "Days of history, ending now.") var days = 8
    @Option(help: "Random seed: the same seed gives the same fleet.") var seed: UInt64 = 42
    @Option(help: "End of the range (ISO 8601, default now).", transform: Date.parse(argument:)) var until: Date?
    @Option(help: "Where to write the ground-truth JSON.") var truth = "seed-truth.json"
    @Option(help: "Raw points only for the last N days; older days go to ClickHouse as rollups.") var rawDays = 8
    @Option(help: "Prefix for tenant slugs (keeps a test fleet apart from the demo fleet; --synthetic-rollups: default bench-).") var slugPrefix = ""
    @Flag(help: "Fast path for benchmarks: old days straight as ClickHouse hourly rollups, only --raw-days as raw InfluxDB points.")
    var syntheticRollups = false
    @Flag(help: "With --synthetic-rollups: skip seeding when this exact fleet is complete; rollups of its raw days and its report runs from an earlier run are cleared.") var reuse = false
    @Flag(help: "With --synthetic-rollups: remove the fleet (tenants with the prefix, their series, the rolled-up days) and exit.")
    var remove = false

    func validate() throws {
        guard tenants > 0, tenants <= 1000 else { throw ValidationError("--tenants must be between 1 and 1000") }
        guard devices > 0, devices <= 100_000 else { throw ValidationError("--devices must be between 1 and 100000") }
        guard days > 0, days <= 400 else { throw ValidationError("--days must be between 1 and 400") }
        if (reuse || remove) && !syntheticRollups { throw ValidationError("--reuse and --remove need --synthetic-rollups") }
    }

    func run() throws {
        try runCommand {
            var options = SeedOptions()
            options.tenants = tenants
            options.devicesPerTenant = devices
            options.days = days
            options.seed = seed
            options.end = until
            options.truthPath = truth
            options.slugPrefix = slugPrefix
            options.rawDays = rawDays
            let config = try global.load()
            if syntheticRollups {
                if options.slugPrefix.isEmpty { options.slugPrefix = "bench-" }
                return try seedSynthetic(options, servers: Servers(config: config))
            }
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

    /// `--synthetic-rollups`: seed (or reuse, or remove) the benchmark fleet and print one summary line per phase.
    private func seedSynthetic(_ options: SeedOptions, servers: Servers) throws -> Int32 {
        let seeder = SyntheticRollupSeeder(servers: servers, options: options)
        if remove {
            let started = Date()
            try seeder.remove()
            print(String(format: "removed the synthetic fleet (slug prefix %@) in %.1f s", options.slugPrefix, Date().timeIntervalSince(started)))
            return ExitStatus.success
        }
        let bar = ProgressBar(title: "seed")
        let s = try seeder.run(reuse: reuse) { phase, done, total in bar.update(done: done, total: total, label: phase) }
        bar.finish()
        print("slugs=" + s.slugs.joined(separator: ","))
        if s.reused {
            print("reused the synthetic fleet: \(s.tenants) tenants, \(s.devices) devices, rollups \(s.firstRolledUpDay)..\(s.lastRolledUpDay), "
                  + "raw \(s.rawFrom)..\(s.rawTo) (checked in \(String(format: "%.1f", s.seconds)) s)")
            return ExitStatus.success
        }
        print("seeded \(s.tenants) tenants, \(s.devices) devices, \(s.alerts) alerts; \(s.rolledUpDays) days as rollups "
              + "(\(s.firstRolledUpDay)..\(s.lastRolledUpDay), \(s.rollupRows) rows), \(s.rawPoints) raw points (\(s.rawFrom)..\(s.rawTo))")
        print(String(format: "seed_seconds total=%.1f remove=%.1f postgres=%.1f influx=%.1f (%.0f points/s) clickhouse=%.1f (%.0f rows/s)",
                     s.seconds, s.removeSeconds, s.postgresSeconds, s.influxSeconds, Double(s.rawPoints) / max(s.influxSeconds, 0.001),
                     s.clickhouseSeconds, Double(s.rollupRows) / max(s.clickhouseSeconds, 0.001)))
        return ExitStatus.success
    }
}
