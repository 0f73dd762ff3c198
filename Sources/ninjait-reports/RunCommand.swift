import ArgumentParser
import Foundation
import Reporting

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Produce one report definition (or a kind with its defaults) on demand.",
        discussion: "NAME: a definition in reports/ (e.g. sla-monthly) or a kind (sla, performance, alerts, inventory).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Definition name or kind.") var name: String
    @Option(name: .customLong("tenant"), help: "Tenant slug (repeatable; default: the definition's tenants).") var tenants: [String] = []
    @Option(help: "Period: previous-day|previous-week|previous-month|YYYY-MM-DD|YYYY-Www|YYYY-MM|FROM..TO.") var period: String?
    @Option(help: "Formats, comma-separated (csv,xlsx,html).") var format: String?
    @Option(help: "Output directory (default: out_dir of the configuration).") var out: String?
    @Option(help: "Templates directory (default: templates_dir of the configuration).") var templates: String?
    @Flag(help: "Do not queue or publish the report.ready notification.") var noPublish = false
    @Flag(help: "Produce it again even if it already succeeded.") var force = false

    func run() throws {
        runCommand {
            var config = try global.load()
            if let templates { config.templatesDirectory = templates }
            let definition = try DefinitionLoader(directory: config.reportsDirectory, templatesDirectory: config.templatesDirectory).definition(named: name)
            var options = RunOptions(outDirectory: out ?? config.outDirectory)
            options.publish = !noPublish
            options.force = force
            options.formats = try format.map(RunOutput.formats)
            let lock = try RunLock(config: config)
            try lock.acquire(purpose: "run")
            defer { lock.release() }
            let runner = try ReportRunner(config: config)
            let jobs = try runner.plan(definitions: [definition], tenantSlugs: tenants.isEmpty ? nil : tenants, periodOverride: period, reference: Date())
            let output = RunOutput(title: "run \(definition.name)")
            let results = runner.run(jobs, options: options, progress: output.progress, finished: output.finished)
            var outbox: OutboxPublisher.Outcome? = nil
            if options.publish, results.contains(where: { $0.status == .succeeded }) {
                outbox = try runner.flushOutbox()
            }
            return output.summarize(results: results, outbox: outbox, extraErrors: [])
        }
    }
}

/// Progress on a TTY, logfmt lines otherwise, and the final summary and exit code.
final class RunOutput: @unchecked Sendable {
    let bar: ProgressBar

    init(title: String) { bar = ProgressBar(title: title) }

    static func formats(_ text: String) throws -> [ReportFormat] {
        try text.split(separator: ",").map { part in
            guard let f = ReportFormat(rawValue: part.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw ValidationError("unknown format '\(part)' (csv, xlsx, html)")
            }
            return f
        }
    }

    var progress: (Int, Int, String) -> Void { { [bar] done, total, label in bar.update(done: done, total: total, label: label) } }

    var finished: (ReportResult) -> Void {
        { [bar] result in
            if bar.enabled {
                if result.status == .failed { FileHandle.standardError.write(Data("\n\(result.logLine)\n".utf8)) }
            } else {
                print(result.logLine)
            }
        }
    }

    func summarize(results: [ReportResult], outbox: OutboxPublisher.Outcome?, extraErrors: [String]) -> Int32 {
        bar.finish()
        let ok = results.filter { $0.status == .succeeded }.count
        let skipped = results.filter { $0.status == .skipped }.count
        let failed = results.filter { $0.status == .failed }
        var line = "summary reports=\(results.count) succeeded=\(ok) skipped=\(skipped) failed=\(failed.count)"
        if let outbox { line += " published=\(outbox.published) unpublished=\(outbox.failed)" }
        print(line)
        for r in failed { FileHandle.standardError.write(Data("failed: \(r.definition) \(r.tenant) \(r.period): \(r.error ?? "")\n".utf8)) }
        for e in extraErrors { FileHandle.standardError.write(Data("error: \(e)\n".utf8)) }
        if let outbox { for e in outbox.errors { FileHandle.standardError.write(Data("outbox: \(e)\n".utf8)) } }
        if !failed.isEmpty && ok == 0 && skipped == 0 && failed.allSatisfy(\.unavailable) { return ExitStatus.unavailable }
        if !failed.isEmpty || !extraErrors.isEmpty || (outbox?.failed ?? 0) > 0 { return ExitStatus.someFailed }
        return ExitStatus.success
    }
}
