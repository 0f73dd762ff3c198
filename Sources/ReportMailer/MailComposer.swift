import Connectors
import Foundation
import Rendering
import Reporting

/// Builds the e-mail for one `report.ready/v1` notification: subject, HTML and text bodies, headers, the inline chart, attachments.
///
/// The `Message-ID` is derived from the run id (`<run-id.report@sender-domain>`), so a mail sent
/// twice after a crash is recognisable as the same one. `Auto-Submitted: auto-generated` keeps
/// vacation responders quiet (RFC 3834); `X-NinjaIT-*` headers name the run, tenant and report.
struct MailComposer: Sendable {
    let template: MailTemplate
    let from: SMTPAddress
    /// The message catalogs: the mail is written in the notification's `locale` (English without one or for an unknown tag).
    var catalogs = MessageCatalogs()

    func compose(_ notification: ReportNotification, recipients: [SMTPAddress], plan: MailAttachmentPlan,
                 messageID: String, date: Date = Date()) -> SMTPMessage {
        let locale = notification.locale.flatMap { try? ReportLocale(parsing: $0) } ?? .english
        var context = MailContext(notification: notification, plan: plan, words: catalogs.localization(for: locale))
        var inline: [SMTPInlineImage] = []
        if let chart = plan.chart {
            let image = SMTPInlineImage(contentID: "chart.\(messageID)@\(from.domain)", filename: MailChart.fileName,
                                        contentType: "image/png", data: chart.data)
            context.chartContentID = image.safeContentID
            inline.append(image)
        }
        return SMTPMessage(
            from: from, to: recipients, subject: context.subject, html: template.render(context), text: context.plainText,
            attachments: plan.attachments, inline: inline, date: date, messageID: "\(messageID).report@\(from.domain)",
            headers: [("Auto-Submitted", "auto-generated"), ("X-NinjaIT-Run-Id", notification.runId),
                      ("X-NinjaIT-Tenant", notification.tenant.slug), ("X-NinjaIT-Report", notification.definition)])
    }
}
