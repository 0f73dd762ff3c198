import CCurl
import Foundation

/// What the SMTP server answered during one transfer, read from curl's debug stream.
///
/// Only the server's replies and the addresses of our `RCPT TO` commands are kept; nothing
/// else we send (in particular `AUTH` and its credentials) is ever looked at or stored.
final class SMTPTranscript {
    private(set) var accepted: [String] = []
    private(set) var refused: [String: String] = [:]
    /// The last complete reply line, e.g. `550 5.1.1 mailbox unavailable`.
    private(set) var lastReply: String?
    /// The code of the last reply (0 before the greeting).
    private(set) var lastCode = 0
    /// The last reply with a 4xx or 5xx code (curl's `QUIT` after a failure answers 221, which says nothing).
    private(set) var lastFailure: (code: Int, line: String)?
    private var pendingRecipient: String?

    /// A command we sent: only `RCPT TO:<address>` is remembered (to attribute its reply).
    func sent(_ text: String) {
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.uppercased().hasPrefix("RCPT TO:") {
            let address = line.dropFirst("RCPT TO:".count)
            pendingRecipient = address.split(separator: ">").first.map { String($0.drop(while: { $0 == "<" || $0 == " " })) }
        } else {
            pendingRecipient = nil
        }
    }

    /// Reply lines from the server; the final line of a multi-line reply settles a pending recipient.
    func received(_ text: String) {
        for raw in text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }) {
            let line = String(raw.prefix(512))
            guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
            let continued = line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-"
            if continued { continue }
            lastCode = code
            lastReply = line
            if code >= 400 { lastFailure = (code, line) }
            if let recipient = pendingRecipient {
                if code < 400 { accepted.append(recipient) } else { refused[recipient] = line }
                pendingRecipient = nil
            }
        }
    }
}

/// Feeds curl's debug stream into the `SMTPTranscript` behind `userdata`.
let smtpDebugCallback: ncurl_debug_cb = { _, type, data, size, userdata in
    guard let userdata, let data, size > 0 else { return 0 }
    let transcript = Unmanaged<SMTPTranscript>.fromOpaque(userdata).takeUnretainedValue()
    if type == CURLINFO_HEADER_IN {
        transcript.received(String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self))
    } else if type == CURLINFO_HEADER_OUT {
        transcript.sent(String(decoding: UnsafeRawBufferPointer(start: data, count: min(size, 600)), as: UTF8.self))
    }
    return 0
}
