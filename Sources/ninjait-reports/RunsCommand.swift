import Analytics
import ArgumentParser
import Foundation
import Reporting

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List report runs from the ledger, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this tenant.") var tenant: String?
    @Option(help: "Only runs started on or after this date (YYYY-MM-DD, UTC).", transform: CivilDate.parse(argument:)) var since: CivilDate?

    func run() throws {
        try runCommand {
            let config = try global.load()
            let entries = try ReportLedger(pg: try Servers(config: config).postgres()).list(tenantSlug: tenant, since: since?.utcMidnight)
            for e in entries {
                let started = e.startedAt.map(ISOTimestamp.string) ?? "-"
                // A succeeded run that a later rollup may have changed: its figures are stale until reissued.
                let newer = e.status == "succeeded" && e.newerRollupAt != nil
                    ? "  newer-rollup=\(e.newerRollupDays.joined(separator: ",")) (newer data: rerun with --force)" : ""
                print("\(started)  \(e.status.padding(toLength: 10, withPad: " ", startingAt: 0)) \(e.definition) \(e.tenant) \(e.period) files=\(e.files) id=\(e.id)\(e.error.map { "  error=\($0)" } ?? "")\(newer)")
            }
            return ExitStatus.success
        }
    }
}
