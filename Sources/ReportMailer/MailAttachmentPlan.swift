import Connectors
import Crypto
import Foundation
import Reporting

/// Which of a report's files go into its e-mail, read from disk and checked against the notification.
///
/// When the files that exist total at most `limit` bytes (by the sizes the notification
/// declares) they are all attached; otherwise none is, and the mail lists their paths. Every
/// attached file is read once, and the bytes that are sent must match the notification's size
/// and SHA-256, else `load` throws `ReportingError(.invalidInput)`: the message is wrong or the
/// file changed, and no mail goes out. Files that do not exist are listed as not found.
struct MailAttachmentPlan {
    enum State: Equatable {
        case attached, stored, missing
    }

    struct Entry {
        let file: ReportFile
        let name: String
        let state: State
    }

    let entries: [Entry]
    let attachments: [SMTPAttachment]
    /// True when files exist but were left out because together they exceed `limit`.
    let omittedForSize: Bool
    let totalBytes: Int
    let limit: Int

    static func load(files: [ReportFile], limit: Int) throws -> MailAttachmentPlan {
        let fm = FileManager.default
        let present = files.map { fm.fileExists(atPath: $0.path) }
        let total = zip(files, present).filter(\.1).reduce(0) { $0 + max(0, $1.0.bytes) }
        let attach = total <= limit
        var entries: [Entry] = []
        var attachments: [SMTPAttachment] = []
        for (file, exists) in zip(files, present) {
            let name = URL(fileURLWithPath: file.path).lastPathComponent
            guard exists else {
                entries.append(Entry(file: file, name: name, state: .missing))
                continue
            }
            guard attach else {
                entries.append(Entry(file: file, name: name, state: .stored))
                continue
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file.path))
            } catch {
                throw ReportingError(.io, "cannot read report file \(file.path)", underlying: "\(error)")
            }
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            guard data.count == file.bytes, digest == file.sha256.lowercased() else {
                throw ReportingError(.invalidInput, "report file \(file.path) does not match the message "
                    + "(\(data.count) bytes, sha256 \(digest.prefix(12))…; expected \(file.bytes) bytes, sha256 \(file.sha256.prefix(12))…)")
            }
            attachments.append(SMTPAttachment(filename: name, contentType: SMTPAttachment.contentType(forFileName: name), data: data))
            entries.append(Entry(file: file, name: name, state: .attached))
        }
        return MailAttachmentPlan(entries: entries, attachments: attachments,
                                  omittedForSize: !attach && present.contains(true), totalBytes: total, limit: limit)
    }

    /// `512 B`, `48.2 kB`, `3.4 MB` (decimal units, as mail clients show sizes).
    static func size(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 999.95, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: "%.1f", value) + " " + units[unit]
    }
}
