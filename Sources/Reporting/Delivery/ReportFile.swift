import Crypto
import Foundation

/// One written report file, as listed in the manifest, the ledger and the notification.
public struct ReportFile: Sendable, Codable, Equatable {
    /// What the e-mail does with a file, decided when the report is produced and recorded in the ledger.
    ///
    /// The mailer reads it from the ledger's copy of the file list, never from the message.
    public enum MailUse: String, Sendable, Codable, Equatable {
        /// Attached (a format in the definition's `mail_attach`), within the attachment size limit.
        case attach
        /// Shown inside the HTML body (the headline chart PNG, `Content-ID`).
        case inline
        /// Stored on the report server and listed with its size, never attached.
        case list
    }

    /// `html`, `pdf`, `xlsx`, `csv`, `csv.gz` or `png`.
    public var format: String
    /// Absolute path of the published file.
    public var path: String
    public var bytes: Int
    public var sha256: String
    /// What the e-mail does with it; nil in runs recorded before `mail_attach` existed (then: attach pdf and xlsx, list the rest).
    public var mail: MailUse?
    /// A caption shown with the file (the headline chart's title); nil for most files.
    public var caption: String?

    public init(format: String, path: String, bytes: Int, sha256: String, mail: MailUse? = nil, caption: String? = nil) {
        self.format = format
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
        self.mail = mail
        self.caption = caption
    }

    /// `mail`, or for files recorded without it the default rule (pdf and xlsx attached, the rest listed).
    public var mailUse: MailUse {
        mail ?? (["pdf", "xlsx"].contains(format) ? .attach : .list)
    }

    /// Size and SHA-256 of the file at `url`, streamed in 1 MiB blocks.
    static func digest(of url: URL) throws -> (bytes: Int, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw ReportingError(.io, "cannot open \(url.path) to checksum it")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total = 0
        while true {
            let block = try handle.read(upToCount: 1 << 20) ?? Data()
            if block.isEmpty { break }
            total += block.count
            hasher.update(data: block)
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return (total, hex)
    }
}
