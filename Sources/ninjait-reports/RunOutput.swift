import Foundation
import Reporting

/// What `run` and `nightly` show: progress on a TTY, a logfmt line per report otherwise, then the summary.
final class RunOutput: Sendable {
    let bar: ProgressBar

    init(title: String) { bar = ProgressBar(title: title) }

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

    /// Prints the rollup lines (without a TTY), the summary line and every error; returns the outcome's exit code.
    func summarize(_ outcome: ProductionOutcome) -> Int32 {
        bar.finish()
        if !bar.enabled { for line in outcome.rollups { print("level=info msg=\(line)") } }
        let results = outcome.results
        let failed = results.filter { $0.status == .failed }
        var line = "summary reports=\(results.count) succeeded=\(results.filter { $0.status == .succeeded }.count) "
            + "skipped=\(results.filter { $0.status == .skipped }.count) failed=\(failed.count)"
        if let outbox = outcome.outbox { line += " published=\(outbox.published) unpublished=\(outbox.failed)" }
        if let seconds = outcome.publishSeconds { line += " publish_seconds=" + String(format: "%.2f", seconds) }
        print(line)
        for r in failed { FileHandle.standardError.write(Data("failed: \(r.definition) \(r.tenant) \(r.period): \(r.error ?? "")\n".utf8)) }
        for e in outcome.rollupErrors { FileHandle.standardError.write(Data("error: \(e)\n".utf8)) }
        if let outbox = outcome.outbox { for e in outbox.errors { FileHandle.standardError.write(Data("outbox: \(e)\n".utf8)) } }
        if let e = outcome.metricsError { FileHandle.standardError.write(Data("metrics: \(e)\n".utf8)) }
        return outcome.exitCode
    }
}
