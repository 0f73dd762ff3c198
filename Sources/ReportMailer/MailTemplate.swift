import Foundation
import Mustache
import Reporting

/// The e-mail body template, `email.html.mustache` in the templates directory, parsed once.
///
/// A missing or unparsable template is a `ConfigurationError` naming the file (exit 64), found
/// when the mailer starts rather than at its first message.
struct MailTemplate: Sendable {
    static let fileName = "email.html.mustache"
    let path: String
    private let template: MustacheTemplate

    init(directory: URL) throws {
        let url = directory.appendingPathComponent(MailTemplate.fileName)
        path = url.path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: url.path, reason: "the e-mail template cannot be read (set templates_dir or NINJAIT_TEMPLATES_DIR)")
        }
        do {
            template = try MustacheTemplate(string: text)
        } catch {
            throw ConfigurationError(file: url.path, reason: "the e-mail template does not parse: \(error)")
        }
    }

    /// The HTML body; every `{{value}}` is HTML-escaped by Mustache.
    func render(_ context: MailContext) -> String {
        template.render(context.dictionary)
    }
}
