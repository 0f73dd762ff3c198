import Foundation
import Reporting

/// What the mailer may send for a `report.ready` message: the ledger's record, checked against the message.
///
/// The message is only a pointer to a run. It is mailable when its run is `succeeded` in
/// `reporting.report_runs` with the same tenant (id and slug), definition, kind and period; when
/// its files are exactly the run's (format, path, bytes, sha256; order aside); when its
/// recipients are exactly the ones recorded for the run; and when the run's folder is
/// `<tenant>/<definition>/<period>` and every file, symlinks resolved, lies inside it. What is
/// sent comes from the ledger: its recipients, its files and what the mail does with each.
struct MailTrust {
    /// The run as recorded, with the files to use (the ledger's) and the recipients.
    let run: RecordedRun
    let recipients: [String]
    let files: [ReportFile]

    static func verify(_ n: ReportNotification, against recorded: RecordedRun?) -> Result<MailTrust, MailRejection> {
        guard let run = recorded else { return .failure(MailRejection(.unknownRun, "run \(n.runId) is not in the ledger")) }
        switch run.status {
        case "succeeded": break
        case "superseded": return .failure(MailRejection(.superseded, "run \(n.runId) was superseded by a newer run of the same report"))
        default: return .failure(MailRejection(.forged, "run \(n.runId) is \(run.status), not succeeded"))
        }
        let pairs = [("tenant id", n.tenant.id.lowercased(), run.organizationID.lowercased()), ("tenant slug", n.tenant.slug, run.tenantSlug),
                     ("definition", n.definition, run.definition), ("kind", n.kind, run.kind), ("period", n.period.label, run.periodLabel)]
        for (what, message, ledger) in pairs where message != ledger {
            return .failure(MailRejection(.tampered, "\(what) '\(message)' differs from the run's '\(ledger)'"))
        }
        let claimed = n.files.map(Self.key), recordedKeys = run.files.map(Self.key)
        if claimed.sorted() != recordedKeys.sorted() {
            let extra = Set(claimed).subtracting(recordedKeys).map { $0.split(separator: "|").dropFirst().first.map(String.init) ?? $0 }
            let lacking = Set(recordedKeys).subtracting(claimed).map { $0.split(separator: "|").dropFirst().first.map(String.init) ?? $0 }
            var detail = "the files differ from the run's"
            if !extra.isEmpty { detail += "; not the run's: \(extra.sorted().joined(separator: ", "))" }
            if !lacking.isEmpty { detail += "; the run's differ or are missing: \(lacking.sorted().joined(separator: ", "))" }
            return .failure(MailRejection(.tampered, detail))
        }
        guard let recipients = run.recipients else {
            return .failure(MailRejection(.unrecorded, "run \(n.runId) has no recipients on record (produced before they were recorded)"))
        }
        if Set(n.recipients.map { $0.lowercased() }) != Set(recipients.map { $0.lowercased() }) {
            return .failure(MailRejection(.tampered, "the recipients differ from the ones recorded for the run"))
        }
        if let problem = outsideFolder(run) { return .failure(MailRejection(.outsideFolder, problem)) }
        return .success(MailTrust(run: run, recipients: recipients, files: run.files))
    }

    static func key(_ file: ReportFile) -> String { "\(file.format)|\(file.path)|\(file.bytes)|\(file.sha256.lowercased())" }

    /// Why the run's folder or a file lies outside `<tenant>/<definition>/<period>`, or nil when all lie inside.
    static func outsideFolder(_ run: RecordedRun) -> String? {
        guard let folder = run.outputDirectory, folder.hasPrefix("/") else { return "the run recorded no absolute report folder" }
        let parts = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        guard parts.count >= 4, Array(parts.suffix(3)) == [run.tenantSlug, run.definition, run.periodLabel] else {
            return "the report folder \(folder) is not <tenant>/\(run.definition)/\(run.periodLabel) of tenant \(run.tenantSlug)"
        }
        let tenantFolder = URL(fileURLWithPath: folder).standardizedFileURL.deletingLastPathComponent().deletingLastPathComponent().path
        guard let realTenant = realPath(tenantFolder), let realFolder = realPath(folder) else {
            return "the report folder \(folder) does not exist on this host"
        }
        guard realFolder == realTenant + "/\(run.definition)/\(run.periodLabel)" else {
            return "the report folder \(folder) resolves to \(realFolder), outside the tenant folder \(realTenant)"
        }
        for file in run.files {
            if let real = realPath(file.path) {
                guard real.hasPrefix(realFolder + "/") else { return "\(file.path) resolves to \(real), outside the tenant folder \(realTenant)" }
            } else {
                // Missing: it is listed as not found, but its path must still name a place inside the folder.
                let lexical = URL(fileURLWithPath: file.path).standardizedFileURL.path
                guard lexical.hasPrefix(URL(fileURLWithPath: folder).standardizedFileURL.path + "/") else {
                    return "\(file.path) lies outside the report folder \(folder)"
                }
            }
        }
        return nil
    }

    /// `realpath(3)`: the path with every symlink resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
