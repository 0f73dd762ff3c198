import Crypto
import Foundation

/// One written report file, as listed in the manifest, the ledger and the notification.
public struct ReportFile: Sendable, Codable, Equatable {
    /// `html`, `xlsx`, `csv` or `csv.gz`.
    public var format: String
    /// Absolute path of the published file.
    public var path: String
    public var bytes: Int
    public var sha256: String

    public init(format: String, path: String, bytes: Int, sha256: String) {
        self.format = format
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
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
