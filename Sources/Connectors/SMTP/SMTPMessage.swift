import Foundation

/// One e-mail to send: envelope, headers, an HTML body with its plain-text alternative, and attachments.
///
/// The envelope sender is `from.address` and the envelope recipients are `to` (the `To:` header
/// lists the same addresses). The body goes out as `multipart/mixed`: first a
/// `multipart/alternative` (text/plain, then text/html, both UTF-8 quoted-printable), then one
/// base64 part per attachment. With `inline` images the HTML and the images form a
/// `multipart/related` inside the alternative (the HTML first; it refers to each image as
/// `cid:<contentID>`), so clients that show no attachments inline still draw them. `messageID` (without angle brackets) should be stable for the
/// same logical mail so receivers can spot duplicates; nil makes a random one. `headers` adds
/// more header fields (`Auto-Submitted`, `X-...`); CR and LF in any header value are replaced.
public struct SMTPMessage: Sendable {
    public var from: SMTPAddress
    public var to: [SMTPAddress]
    public var subject: String
    public var html: String
    public var text: String
    public var attachments: [SMTPAttachment]
    /// Images the HTML shows (`<img src="cid:...">`), sent inside `multipart/related`.
    public var inline: [SMTPInlineImage]
    public var date: Date
    public var messageID: String?
    public var headers: [(name: String, value: String)]

    public init(from: SMTPAddress, to: [SMTPAddress], subject: String, html: String, text: String,
                attachments: [SMTPAttachment] = [], inline: [SMTPInlineImage] = [], date: Date = Date(), messageID: String? = nil,
                headers: [(name: String, value: String)] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.html = html
        self.text = text
        self.attachments = attachments
        self.inline = inline
        self.date = date
        self.messageID = messageID
        self.headers = headers
    }

    /// The `Message-ID` value without brackets: `messageID`, or a random UUID at the sender's domain.
    func resolvedMessageID() -> String {
        if let messageID, !messageID.isEmpty { return SMTPHeader.clean(messageID).trimmingCharacters(in: CharacterSet(charactersIn: "<> ")) }
        return "\(UUID().uuidString.lowercased())@\(from.domain)"
    }

    /// The top-level header lines handed to curl (it adds `MIME-Version` and `Content-Type`).
    func headerLines() -> [String] {
        var lines = [
            "Date: \(SMTPHeader.date(date))",
            "From: \(from.headerValue)",
            SMTPHeader.fold("To: " + to.map(\.headerValue).joined(separator: ", ")),
            "Subject: \(SMTPHeader.encodeIfNeeded(subject))",
            "Message-ID: <\(resolvedMessageID())>",
        ]
        for header in headers {
            let name = header.name.filter { $0.isASCII && $0 != ":" && !$0.isWhitespace }
            guard !name.isEmpty else { continue }
            lines.append("\(name): \(SMTPHeader.encodeIfNeeded(header.value))")
        }
        return lines
    }
}

/// A file attached to an `SMTPMessage`: its name as the receiver sees it, its type, and its bytes.
///
/// The bytes are held in memory (and copied once more by curl while sending), so keep the
/// total size bounded; `filename` loses any directory part, quotes, backslashes and control characters.
public struct SMTPAttachment: Sendable {
    public var filename: String
    public var contentType: String
    public var data: Data

    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }

    /// The file name as written into `Content-Disposition`.
    var safeFilename: String {
        let base = filename.split(separator: "/").last.map(String.init) ?? filename
        let cleaned = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0 != "\\" && $0.value != 0x7f })
        return cleaned.isEmpty ? "attachment" : cleaned
    }

    /// A content type for a report file name: xlsx, csv, csv.gz, html, json, pdf, else octet-stream.
    public static func contentType(forFileName name: String) -> String {
        let lower = name.lowercased()
        if lower.hasSuffix(".csv.gz") || lower.hasSuffix(".gz") { return "application/gzip" }
        switch (lower as NSString).pathExtension {
        case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "csv": return "text/csv; charset=utf-8"
        case "html", "htm": return "text/html; charset=utf-8"
        case "json": return "application/json"
        case "pdf": return "application/pdf"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}

/// An image shown inside the HTML body: `<img src="cid:\(contentID)">` refers to it.
///
/// `contentID` is written as `Content-ID: <contentID>` (keep it to `[A-Za-z0-9.@_-]`, e.g.
/// `chart.<run-id>@sender-domain`; other characters are dropped); the part is
/// `Content-Disposition: inline` with `filename`.
public struct SMTPInlineImage: Sendable {
    public var contentID: String
    public var filename: String
    public var contentType: String
    public var data: Data

    public init(contentID: String, filename: String, contentType: String, data: Data) {
        self.contentID = contentID
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }

    /// The id as written between the angle brackets of `Content-ID`.
    public var safeContentID: String {
        String(contentID.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".@_-".unicodeScalars.contains($0)) }
            .map(Character.init))
    }

    var safeFilename: String { SMTPAttachment(filename: filename, contentType: contentType, data: Data()).safeFilename }
}

/// What the SMTP server said when it took a message.
public struct SMTPReceipt: Sendable {
    /// Recipients the server accepted (`RCPT TO` answered 2xx).
    public let accepted: [String]
    /// Recipients the server refused, with its reply (the mail went to the others).
    public let refused: [String: String]
    /// The server's final reply to the message data, e.g. `250 2.0.0 Ok: queued as 4F2A`.
    public let reply: String?
}
