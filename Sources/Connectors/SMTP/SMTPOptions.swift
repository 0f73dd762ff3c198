/// Settings of `SMTPClient`: timeouts and TLS.
///
/// `smtps://` URLs always use TLS from the first byte (implicit TLS, port 465 by default).
/// For `smtp://` URLs `startTLS` decides: `.opportunistic` (the default) upgrades with
/// STARTTLS when the server offers it and goes on in plain text when it does not (the
/// loopback and LAN relay case); `.required` fails instead; `.off` never upgrades. The URL
/// may override it with `?starttls=required|opportunistic|off`. Use `smtps://` or
/// `starttls=required` whenever a password crosses a network. TLS verification (peer and
/// host name) is on unless `verifyTLS` is false.
public struct SMTPOptions: Sendable {
    /// STARTTLS policy for `smtp://` URLs.
    public enum StartTLS: String, Sendable {
        case opportunistic, required, off
    }

    /// Seconds to connect (TCP and TLS handshake).
    public var connectTimeout: Int = 10
    /// Seconds one whole message may take, including the upload of its attachments.
    public var timeout: Int = 300
    /// A transfer slower than 1 byte/s for this many seconds is a timeout.
    public var lowSpeedTime: Int = 60
    public var startTLS: StartTLS = .opportunistic
    /// TLS peer and host name verification; on by default, never silently off.
    public var verifyTLS: Bool = true
    /// A CA bundle file for TLS verification, if not the system's.
    public var caFile: String? = nil

    public init(connectTimeout: Int = 10, timeout: Int = 300, startTLS: StartTLS = .opportunistic,
                verifyTLS: Bool = true, caFile: String? = nil) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.startTLS = startTLS
        self.verifyTLS = verifyTLS
        self.caFile = caFile
    }
}
