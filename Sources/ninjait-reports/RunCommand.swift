import Analytics
import ArgumentParser
import Reporting

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Produce one report definition (or a kind with its defaults) on demand.",
        discussion: "NAME: a definition in reports/ (e.g. sla-monthly) or a kind (sla, performance, alerts, inventory).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Definition name or kind.") var name: String
    @Option(name: .customLong("tenant"), help: "Tenant slug (repeatable; default: the definition's tenants).") var tenants: [String] = []
    @Option(help: "Period: previous-day|previous-week|previous-month|YYYY-MM-DD|YYYY-Www|YYYY-MM|FROM..TO.",
            transform: PeriodSpec.parse(argument:))
    var period: PeriodSpec?
    @Option(help: "Formats, comma-separated (html,pdf,xlsx,csv).", transform: FormatSelection.parse(argument:)) var format: FormatSelection?
    @Option(help: "Output directory (default: out_dir of the configuration).") var out: String?
    @Option(help: "Templates directory (default: templates_dir of the configuration).") var templates: String?
    @Flag(help: "Do not queue or publish the report.ready notification.") var noPublish = false
    @Flag(help: "Produce it again even if it already succeeded.") var force = false

    func run() throws {
        try runCommand {
            var config = try global.load()
            if let templates { config.templatesDirectory = templates }
            var options = RunOptions(outDirectory: out ?? config.outDirectory)
            options.publish = !noPublish
            options.force = force
            options.formats = format?.formats
            let output = RunOutput(title: "run \(name)")
            let request = ReportRequest(definition: name, tenantSlugs: tenants.isEmpty ? nil : tenants, period: period)
            let outcome = try ReportProduction(config: config).run(request, options: options, progress: output.progress, finished: output.finished)
            return output.summarize(outcome)
        }
    }
}
