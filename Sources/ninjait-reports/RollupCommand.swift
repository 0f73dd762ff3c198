import Analytics
import ArgumentParser
import Foundation
import Reporting

struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: "Roll InfluxDB raw points of a UTC day up into ClickHouse hourly rollups (idempotent).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "UTC day to roll up, YYYY-MM-DD (default: yesterday).") var date: String?

    func run() throws {
        runCommand {
            let day = try CLIDates.day(date) ?? CLIDates.yesterdayUTC()
            let bar = ProgressBar(title: "rollup \(day)")
            let summary = try RollupJob(servers: Servers(config: try global.load())).run(day: day) { done, total, slug in
                bar.update(done: done, total: total, label: slug)
            }
            bar.finish()
            print("rolled up \(summary.day): \(summary.tenants) tenants, \(summary.devices) devices, \(summary.rows) rows in "
                  + String(format: "%.1f s", summary.seconds))
            return ExitStatus.success
        }
    }
}

/// Date arguments of the CLI.
enum CLIDates {
    static func day(_ text: String?) throws -> CivilDate? {
        guard let text else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = try? CivilDate(year: parts[0], month: parts[1], day: parts[2]) else {
            throw ValidationError("'\(text)' is not a date like 2026-11-25")
        }
        return date
    }

    static func yesterdayUTC() -> CivilDate {
        CivilDate(daysSinceEpoch: Int64(Date().timeIntervalSince1970) / 86_400 - 1)
    }
}
