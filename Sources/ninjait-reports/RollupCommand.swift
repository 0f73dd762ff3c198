import Analytics
import ArgumentParser
import Foundation
import Reporting

struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: "Roll InfluxDB raw points up into ClickHouse rollups (idempotent).",
        discussion: """
            Without --hours: the whole UTC day D (default yesterday) -> hourly rollups, daily pre-merged pieces \
            and the day's mark; a rerun replaces the day (and drops its hour marks). \
            With --hours: the finished hours of the current UTC day (or of --date D) not rolled up yet, for every \
            tenant on its own hour grid -> hourly rollups and one mark per tenant hour; an hour is finished 5 minutes \
            after its end; a rerun adds nothing, and it exits 75 while another rollup holds the rollup lock (the day rollup waits for it).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "UTC day to roll up, YYYY-MM-DD (default: yesterday; with --hours: today).", transform: CivilDate.parse(argument:)) var date: CivilDate?
    @Flag(help: "Roll up the finished hours of the day that are not rolled up yet (for the timer every 15 minutes).") var hours = false
    @Option(name: .customLong("tenant"), help: "With --hours: only this tenant (slug; repeatable).") var tenants: [String] = []
    @Option(help: ArgumentHelp("With --hours: the instant taken as now (ISO 8601; for tests).", visibility: .hidden),
            transform: Date.parse(argument:)) var now: Date?

    func validate() throws {
        if !hours && (now != nil || !tenants.isEmpty) { throw ValidationError("--now and --tenant need --hours") }
    }

    func run() throws {
        try runCommand {
            let config = try global.load()
            return hours ? try rollUpHours(config: config) : try rollUpDay(config: config)
        }
    }

    private func rollUpDay(config: Configuration) throws -> Int32 {
        let day = date ?? .todayUTC(adding: -1)
        let bar = ProgressBar(title: "rollup \(day)")
        let (summary, metricsError) = try RollupCatchUp(config: config).rollUp(day: day) { done, total, slug in
            bar.update(done: done, total: total, label: slug)
        }
        bar.finish()
        print("rolled up \(summary.day): \(summary.tenants) tenants, \(summary.devices) devices, \(summary.rows) rows in "
              + String(format: "%.1f s", summary.seconds))
        if let metricsError { FileHandle.standardError.write(Data("metrics: \(metricsError)\n".utf8)) }
        return metricsError == nil ? ExitStatus.success : ExitStatus.someFailed
    }

    private func rollUpHours(config: Configuration) throws -> Int32 {
        let instant = Int64((now ?? Date()).timeIntervalSince1970)
        let day = date ?? CivilDate(daysSinceEpoch: instant >= 0 ? instant / 86_400 : (instant - 86_399) / 86_400)
        let bar = ProgressBar(title: "rollup --hours \(day)")
        let (summary, metricsError) = try RollupJob(servers: Servers(config: config))
            .runHoursRecordingMetrics(day: day, now: instant, slugs: tenants.isEmpty ? nil : tenants) { done, total, slug in
                bar.update(done: done, total: total, label: slug)
            }
        bar.finish()
        if summary.dayRolledUp {
            print("rollup --hours \(summary.day): the day is rolled up already, nothing to do")
        } else {
            print("rolled up hours of \(summary.day): \(summary.tenants) tenants, \(summary.hours) tenant hours "
                  + "(\(summary.repaired) rewritten after an interrupted run), \(summary.devices) devices, \(summary.rows) rows in "
                  + String(format: "%.1f s", summary.seconds))
        }
        if let metricsError { FileHandle.standardError.write(Data("metrics: \(metricsError)\n".utf8)) }
        return metricsError == nil ? ExitStatus.success : ExitStatus.someFailed
    }
}
