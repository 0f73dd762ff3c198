import Foundation

/// A mailbox: an ASCII address with an optional display name (`Reports <reports@example.com>`).
///
/// Parsing is deliberately strict, because the address goes into SMTP commands and headers:
/// one `@`, a non-empty local part and domain, no spaces, control characters or
/// `<>()[],;:"\`. Internationalised addresses (SMTPUTF8) are not accepted.
public struct SMTPAddress: Sendable, Equatable, CustomStringConvertible {
    public let address: String
    public let displayName: String?

    /// Parses `reports@example.com`, `<reports@example.com>` or `Name <reports@example.com>`; nil if invalid.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else { return nil }
        var name: String?
        var address = trimmed
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let rawName = trimmed[..<open].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard !rawName.contains("<"), !rawName.contains(">") else { return nil }
            name = rawName.isEmpty ? nil : rawName
        }
        guard SMTPAddress.isValid(address) else { return nil }
        self.address = address
        self.displayName = name
    }

    /// The part after `@`.
    public var domain: String { address.split(separator: "@").last.map(String.init) ?? address }

    /// The form written into `From:` and `To:` headers (display name RFC 2047-encoded when not ASCII).
    public var headerValue: String {
        guard let displayName else { return address }
        return "\(SMTPHeader.phrase(displayName)) <\(address)>"
    }

    public var description: String { headerValue }

    static func isValid(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, address.utf8.count <= 254 else { return false }
        let forbidden = Set("<>()[],;:\"\\ ".unicodeScalars)
        return address.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value != 0x7f && !forbidden.contains($0) }
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}
