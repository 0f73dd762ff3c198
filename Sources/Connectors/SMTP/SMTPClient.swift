import CCurl
import Foundation

/// Sends e-mail through one SMTP server with libcurl: `smtp://[user:password@]host[:port]` or `smtps://...`.
///
/// Owns one curl handle and reuses its connection between messages; not thread-safe (one
/// per thread). TLS: see `SMTPOptions` (implicit TLS for `smtps://`, opportunistic STARTTLS
/// for `smtp://` by default, verification on). A user and password in the URL are used for
/// SMTP AUTH and never appear in errors: `server` is the redacted URL. When the server
/// refuses some recipients the mail still goes to the others (see `SMTPReceipt.refused`);
/// when it refuses all of them, the sender or the data, `send` throws.
///
/// Failures are `ConnectorError`s carrying curl's message and the server's last reply:
/// `.unavailable` (cannot connect, connection dropped, or a 4xx "try again later"),
/// `.timeout`, `.rejected` (a 5xx refusal: retrying the same mail will not help),
/// `.badConfiguration` (authentication refused, TLS required or unverifiable), `.protocolError`.
public final class SMTPClient {
    public let endpoint: Endpoint
    public let options: SMTPOptions
    /// `smtp smtp://host:port`, without password: what errors name.
    public let server: String
    private let curl: CurlHandle
    private let curlURL: String
    private let startTLS: SMTPOptions.StartTLS

    /// Validates `url` (no connection is made until `send`).
    public init(url: String, options: SMTPOptions = SMTPOptions()) throws {
        let endpoint = try Endpoint(url, kind: "smtp")
        self.endpoint = endpoint
        self.options = options
        server = "smtp \(endpoint.redacted)"
        guard endpoint.scheme == "smtp" || endpoint.scheme == "smtps" else {
            throw ConnectorError(.badConfiguration, server: server, purpose: "configuration",
                                 message: "the SMTP URL must start with smtp:// or smtps://")
        }
        var policy = options.startTLS
        if let value = endpoint.query.first(where: { $0.name.lowercased() == "starttls" })?.value {
            guard let parsed = SMTPOptions.StartTLS(rawValue: value.lowercased()) else {
                throw ConnectorError(.badConfiguration, server: server, purpose: "configuration",
                                     message: "starttls must be required, opportunistic or off, not '\(value)'")
            }
            policy = parsed
        }
        startTLS = policy
        // The URL's path is the EHLO domain for curl; credentials and query are not part of it.
        curlURL = endpoint.httpBase + endpoint.path
        curl = try CurlHandle(server: server)
    }

    /// Sends `message`; returns once the server accepted it (`250` after the data).
    ///
    /// `purpose` names the mail in errors ("mail sla-monthly for acme"). Attachments are copied
    /// into curl's MIME structure, so peak memory is about twice their size.
    @discardableResult
    public func send(_ message: SMTPMessage, purpose: String? = nil) throws -> SMTPReceipt {
        let purpose = purpose ?? "send mail to \(message.to.count) recipient(s)"
        guard !message.to.isEmpty else {
            throw ConnectorError(.badConfiguration, server: server, purpose: purpose, message: "the message has no recipients")
        }
        try curl.reset()
        defer { try? curl.reset() } // drops the option pointers into lists and MIME freed below
        try configure()
        try curl.set(CURLOPT_MAIL_FROM, string: "<\(message.from.address)>")
        let recipients = CurlStringList(message.to.map { "<\($0.address)>" })
        try curl.set(CURLOPT_MAIL_RCPT, list: recipients)
        try curl.setMailRecipientsAllowFails(true)
        let headers = CurlStringList(message.headerLines())
        try curl.set(CURLOPT_HTTPHEADER, list: headers)
        let mime = try makeBody(message)
        try curl.setMime(mime)

        let transcript = SMTPTranscript()
        let code: CURLcode = try withExtendedLifetime((recipients, headers, mime, transcript)) {
            try curl.setDebugFunction(smtpDebugCallback)
            try curl.set(CURLOPT_DEBUGDATA, pointer: Unmanaged.passUnretained(transcript).toOpaque())
            try curl.set(CURLOPT_VERBOSE, 1)
            return curl.perform()
        }
        guard code == CURLE_OK else { throw classify(code, transcript: transcript, purpose: purpose) }
        return SMTPReceipt(accepted: transcript.accepted, refused: transcript.refused, reply: transcript.lastReply.map(scrub))
    }

    private func configure() throws {
        try curl.set(CURLOPT_URL, string: curlURL)
        try curl.set(CURLOPT_CONNECTTIMEOUT, options.connectTimeout)
        try curl.set(CURLOPT_TIMEOUT, options.timeout)
        try curl.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        try curl.set(CURLOPT_LOW_SPEED_TIME, options.lowSpeedTime)
        if endpoint.scheme == "smtp" {
            let level: curl_usessl = switch startTLS {
            case .opportunistic: CURLUSESSL_TRY
            case .required: CURLUSESSL_ALL
            case .off: CURLUSESSL_NONE
            }
            try curl.set(CURLOPT_USE_SSL, Int(level.rawValue))
        }
        try curl.set(CURLOPT_SSL_VERIFYPEER, options.verifyTLS ? 1 : 0)
        try curl.set(CURLOPT_SSL_VERIFYHOST, options.verifyTLS ? 2 : 0)
        if let caFile = options.caFile { try curl.set(CURLOPT_CAINFO, string: caFile) }
        if let user = endpoint.user, !user.isEmpty {
            try curl.set(CURLOPT_USERNAME, string: user)
            try curl.set(CURLOPT_PASSWORD, string: endpoint.password ?? "")
        }
    }

    /// `multipart/mixed`: a `multipart/alternative` (plain text, then HTML, or with inline images a
    /// `multipart/related` of the HTML and the images), then the attachments.
    private func makeBody(_ message: SMTPMessage) throws -> CurlMime {
        let mime = try curl.makeMime()
        let alternative = try curl.makeMime()
        let text = try alternative.addPart()
        try text.setData(Data(message.text.utf8))
        try text.setType("text/plain; charset=utf-8")
        try text.setEncoder("quoted-printable")
        if message.inline.isEmpty {
            let html = try alternative.addPart()
            try html.setData(Data(message.html.utf8))
            try html.setType("text/html; charset=utf-8")
            try html.setEncoder("quoted-printable")
        } else {
            let related = try curl.makeMime()
            let html = try related.addPart()
            try html.setData(Data(message.html.utf8))
            try html.setType("text/html; charset=utf-8")
            try html.setEncoder("quoted-printable")
            for image in message.inline {
                let part = try related.addPart()
                try part.setData(image.data)
                try part.setType(SMTPHeader.clean(image.contentType))
                try part.setEncoder("base64")
                try part.setHeaders(["Content-ID: <\(image.safeContentID)>",
                                     "Content-Disposition: inline; filename=\"\(image.safeFilename)\""])
            }
            let container = try alternative.addPart()
            try container.setSubparts(related)
            try container.setType("multipart/related; type=\"text/html\"")
        }
        let container = try mime.addPart()
        try container.setSubparts(alternative)
        try container.setType("multipart/alternative")
        for attachment in message.attachments {
            let part = try mime.addPart()
            try part.setData(attachment.data)
            try part.setType(SMTPHeader.clean(attachment.contentType))
            try part.setFilename(attachment.safeFilename)
            try part.setEncoder("base64")
        }
        return mime
    }

    private func classify(_ code: CURLcode, transcript: SMTPTranscript, purpose: String) -> ConnectorError {
        let message = scrub(curl.message(for: code))
        let reply = (transcript.lastFailure?.line ?? transcript.lastReply).map { "server replied: " + scrub($0) }
        let replyCode = transcript.lastFailure?.code ?? 0
        let kind: ConnectorError.Code
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_GOT_NOTHING:
            kind = .unavailable
        case CURLE_LOGIN_DENIED, CURLE_USE_SSL_FAILED, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            kind = .badConfiguration
        default:
            if (400..<500).contains(replyCode) {
                kind = .unavailable
            } else if (500..<600).contains(replyCode) {
                kind = .rejected
            } else if code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_WEIRD_SERVER_REPLY
                        || code == CURLE_SSL_CONNECT_ERROR {
                kind = .unavailable
            } else {
                kind = .protocolError
            }
        }
        return ConnectorError(kind, server: server, purpose: purpose, message: message, underlying: reply)
    }

    /// Removes the password from text that came from curl or the server, whatever they put in it.
    private func scrub(_ text: String) -> String {
        var result = Endpoint.redact(text)
        if let password = endpoint.password, password.count >= 3 {
            result = result.replacingOccurrences(of: password, with: "***")
        }
        return result
    }
}
