import Foundation

/// Where the daemons (`mailer`, `worker`) write their logfmt lines.
public enum LogOutput {
    /// Writes a line to stdout unbuffered (a daemon's log must not lag behind).
    public static let standardOutput: @Sendable (String) -> Void = { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
