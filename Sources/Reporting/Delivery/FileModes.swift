import Foundation

/// The permissions of report files and folders: they hold tenant data, so group-readable at most.
///
/// Defaults `0640` for files (the manifest included) and `0750` for folders (the temporary
/// folder too, and the tenant and definition folders the run creates). Set with `file_mode` /
/// `dir_mode` (octal, e.g. `"0640"`) in the configuration. Applied with `chmod`, so the
/// process umask cannot widen them.
public struct FileModes: Sendable, Equatable {
    public var file: mode_t
    public var directory: mode_t

    public init(file: mode_t = 0o640, directory: mode_t = 0o750) {
        self.file = file
        self.directory = directory
    }

    /// `"0640"` or `"640"` → 0o640; nil for anything that is not 3 or 4 octal digits up to 0777.
    public static func parse(_ text: String) -> mode_t? {
        let digits = text.hasPrefix("0o") ? String(text.dropFirst(2)) : text
        guard (3...4).contains(digits.count), digits.allSatisfy({ ("0"..."7").contains($0) }),
              let value = UInt32(digits, radix: 8), value <= 0o777 else { return nil }
        return mode_t(value)
    }

    /// `0640`.
    public static func text(_ mode: mode_t) -> String { "0" + String(mode, radix: 8) }
}
