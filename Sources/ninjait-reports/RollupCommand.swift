import Analytics
import ArgumentParser
import Foundation
import Reporting

struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: "Roll InfluxDB raw points of a UTC day up into ClickHouse hourly rollups (idempotent).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "UTC day to roll up, YYYY-MM-DD (default: yesterday).", transform: CivilDate.parse(argument:)) var date: CivilDate?

    func run() throws {
        try runCommand {
            let day = date ?? .todayUTC(adding: -1)
            let bar = ProgressBar(title: "rollup \(day)")
            let (summary, metricsError) = try RollupCatchUp(config: try global.load()).rollUp(day: day) { done, total, slug in
                bar.update(done: done, total: total, label: slug)
            }
            bar.finish()
            print("rolled up \(summary.day): \(summary.tenants) tenants, \(summary.devices) devices, \(summary.rows) rows in "
                  + String(format: "%.1f s", summary.seconds))
            if let metricsError { FileHandle.standardError.write(Data("metrics: \(metricsError)\n".utf8)) }
            return metricsError == nil ? ExitStatus.success : ExitStatus.someFailed
        }
    }
}
