import Analytics
import ArgumentParser
import Foundation
import Reporting

struct NightlyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nightly",
        abstract: "Rollup, then every definition due on the date for every tenant (in its time zone), then flush the outbox.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The date the job runs for, YYYY-MM-DD (default: today, UTC).") var date: String?
    @Option(help: "Also catch up this many earlier dates that were missed.") var catchUpDays = 3
    @Option(help: "Output directory (default: out_dir of the configuration).") var out: String?
    @Flag(help: "Do not publish notifications (they stay in the outbox).") var noPublish = false

    func run() throws {
        runCommand {
            let config = try global.load()
            let definitions = try DefinitionLoader(directory: config.reportsDirectory, templatesDirectory: config.templatesDirectory).loadAll()
            let day = try CLIDates.day(date) ?? CivilDate(daysSinceEpoch: Int64(Date().timeIntervalSince1970) / 86_400)
            var options = RunOptions(outDirectory: out ?? config.outDirectory)
            options.publish = !noPublish
            let output = RunOutput(title: "nightly \(day)")
            let outcome = try NightlyJob(config: config).run(date: day, catchUpDays: catchUpDays, definitions: definitions, options: options,
                                                             progress: output.progress, finished: output.finished)
            if !output.bar.enabled { for line in outcome.rollups { print("level=info msg=\(line)") } }
            return output.summarize(results: outcome.results, outbox: options.publish ? outcome.outbox : nil, extraErrors: outcome.rollupErrors)
        }
    }
}
