/// Tenant branding from `tenant_settings.branding`; unsafe values are dropped, never rendered.
///
/// `accentColor` is used only when it is exactly `#rrggbb` (else the default accent);
/// `logoDataURI` only when it is a `data:image/(png|jpeg|gif|svg+xml);base64,` URI with
/// base64 payload (else no logo), so the HTML never fetches anything.
public struct ReportBranding: Hashable, Sendable {
    public static let defaultAccent = "#1f5fa8"

    public var displayName: String?
    public var accentColor: String?
    public var logoDataURI: String?

    public init(displayName: String? = nil, accentColor: String? = nil, logoDataURI: String? = nil) {
        self.displayName = displayName
        self.accentColor = accentColor
        self.logoDataURI = logoDataURI
    }

    /// The accent colour if it is a valid `#rrggbb`, lower-cased; else `defaultAccent`.
    public var validatedAccent: String {
        guard let c = accentColor, c.utf8.count == 7, c.hasPrefix("#"),
              c.utf8.dropFirst().allSatisfy({ isHexDigit($0) }) else { return Self.defaultAccent }
        return c.lowercased()
    }

    /// The logo URI if it is a base64 image data URI of an allowed type; else nil.
    public var validatedLogo: String? {
        guard let uri = logoDataURI else { return nil }
        let prefixes = ["data:image/png;base64,", "data:image/jpeg;base64,", "data:image/gif;base64,", "data:image/svg+xml;base64,"]
        guard let prefix = prefixes.first(where: { uri.hasPrefix($0) }) else { return nil }
        let payload = uri.utf8.dropFirst(prefix.utf8.count)
        guard !payload.isEmpty, payload.count <= 512 * 1024 else { return nil }
        let ok = payload.allSatisfy { b in
            isHexDigit(b) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2B || b == 0x2F || b == 0x3D
        }
        return ok ? uri : nil
    }
}

private func isHexDigit(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
}
