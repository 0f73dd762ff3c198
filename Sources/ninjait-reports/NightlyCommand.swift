import Analytics
import ArgumentParser
import Reporting

struct NightlyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nightly",
        abstract: "Rollup, then every definition due on the date for every tenant (in its time zone), then flush the outbox.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The date the job runs for, YYYY-MM-DD (default: today, UTC).", transform: CivilDate.parse(argument:)) var date: CivilDate?
    @Option(help: "Also catch up this many earlier dates that were missed.") var catchUpDays = 3
    @Option(help: "Output directory (default: out_dir of the configuration).") var out: String?
    @Flag(help: "Do not publish notifications (they stay in the outbox).") var noPublish = false

    func validate() throws {
        guard catchUpDays >= 0, catchUpDays <= 366 else { throw ValidationError("--catch-up-days must be between 0 and 366") }
    }

    func run() throws {
        try runCommand {
            let config = try global.load()
            let day = date ?? .todayUTC()
            var options = RunOptions(outDirectory: out ?? config.outDirectory)
            options.publish = !noPublish
            let output = RunOutput(title: "nightly \(day)")
            let outcome = try ReportProduction(config: config).nightly(date: day, catchUpDays: catchUpDays, options: options,
                                                                       progress: output.progress, finished: output.finished)
            return output.summarize(outcome)
        }
    }
}
