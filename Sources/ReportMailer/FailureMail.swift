import Foundation
import Reporting

/// The operators' e-mail for a failed report: subject, plain text and HTML (every value escaped).
///
/// Names the tenant, definition, period, the failing server, the query's or step's purpose and
/// the error message, as the producer wrote them (free of secrets).
struct FailureMail {
    let failure: ReportFailureNotification

    var subject: String { "Report failed: \(failure.title) – \(failure.tenant.name) – \(failure.period.label)" }

    /// Label and value, in the order both bodies show them.
    var facts: [(String, String)] {
        let f = failure
        return [("Tenant", "\(f.tenant.name) (\(f.tenant.slug))"), ("Report", "\(f.title) (\(f.definition), \(f.kind))"),
                ("Period", "\(f.period.label) (\(f.period.start) – \(f.period.end), \(f.period.timezone))"),
                ("Server", f.error.server), ("Purpose", f.error.purpose), ("Error", f.error.message),
                ("Failed at", f.failedAt), ("Attempts", "\(f.attempts)"), ("Run", f.runId)]
    }

    var text: String {
        var lines = ["The report \(failure.title) for \(failure.tenant.name) failed after its retries; no file was published for it.", ""]
        for (label, value) in facts { lines.append("\(label): \(value)") }
        lines += ["", "Sent by ninjait-reports \(ReportingVersion.current) to the operators (ops_recipients)."]
        return lines.joined(separator: "\n") + "\n"
    }

    var html: String {
        let rows = facts.map { label, value in
            "<tr><td style=\"padding:6px 12px 6px 0;color:#6b7280;vertical-align:top;white-space:nowrap;\">\(Self.escape(label))</td>"
                + "<td style=\"padding:6px 0;color:#111827;word-break:break-word;\">\(Self.escape(value))</td></tr>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(subject))</title></head>
            <body style="margin:0;padding:20px;background:#ffffff;color:#1f2937;font-family:Arial,sans-serif;font-size:14px;">
            <h1 style="font-size:18px;color:#b91c1c;margin:0 0 12px 0;">Report failed: \(Self.escape(failure.title))</h1>
            <p style="margin:0 0 12px 0;">The report failed after its retries; no file was published for it.</p>
            <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:14px;">
            \(rows)
            </table>
            <p style="margin:16px 0 0 0;font-size:12px;color:#6b7280;">Sent by ninjait-reports \(Self.escape(ReportingVersion.current)) to the operators (ops_recipients).</p>
            </body></html>

            """
    }

    /// `&`, `<`, `>`, `"` and `'` as entities.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
