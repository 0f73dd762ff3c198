import Connectors
import Crypto
import Foundation
import Reporting

/// What a report's e-mail carries, from the ledger's file list: attachments, the inline chart, the files it lists.
///
/// Each file's `mailUse` (recorded when the report was produced) decides: `attach` files are
/// attached when together (the ones that exist) they total at most `limit` bytes, otherwise none
/// is and the mail lists their paths; `inline` (the headline chart PNG) is shown in the HTML;
/// `list` files are stored and listed with their size, never attached. Every file that is sent
/// is read once and must match the recorded size and SHA-256, else `load` throws
/// `ReportingError(.invalidInput)` (the file changed since the run) and no mail goes out.
/// Files that do not exist are listed as not found.
struct MailAttachmentPlan {
    enum State: Equatable {
        /// Attached to the mail.
        case attached
        /// Stored on the report server and listed (over the limit, or not a `mail_attach` format).
        case stored
        /// Shown inside the HTML (and listed).
        case inline
        case missing
    }

    struct Entry {
        let file: ReportFile
        let name: String
        let state: State
    }

    /// The headline chart, shown inline.
    struct Chart {
        let file: ReportFile
        let data: Data
        /// CSS pixels: the PNG's size divided by `MailChart.scale`.
        let width: Int
        let height: Int
        let title: String
    }

    let entries: [Entry]
    let attachments: [SMTPAttachment]
    let chart: Chart?
    /// True when files to attach exist but were left out because together they exceed `limit`.
    let omittedForSize: Bool
    /// Bytes of the files to attach (those that exist).
    let totalBytes: Int
    let limit: Int

    static func load(files: [ReportFile], limit: Int) throws -> MailAttachmentPlan {
        let fm = FileManager.default
        let present = files.map { fm.fileExists(atPath: $0.path) }
        let total = zip(files, present).filter { $0.1 && $0.0.mailUse == .attach }.reduce(0) { $0 + max(0, $1.0.bytes) }
        let attach = total <= limit
        var entries: [Entry] = []
        var attachments: [SMTPAttachment] = []
        var chart: Chart?
        for (file, exists) in zip(files, present) {
            let name = URL(fileURLWithPath: file.path).lastPathComponent
            guard exists else {
                entries.append(Entry(file: file, name: name, state: .missing))
                continue
            }
            switch file.mailUse {
            case .list:
                entries.append(Entry(file: file, name: name, state: .stored))
            case .attach where !attach:
                entries.append(Entry(file: file, name: name, state: .stored))
            case .attach:
                let data = try verifiedData(file)
                attachments.append(SMTPAttachment(filename: name, contentType: SMTPAttachment.contentType(forFileName: name), data: data))
                entries.append(Entry(file: file, name: name, state: .attached))
            case .inline:
                let data = try verifiedData(file)
                if chart == nil, let size = pngSize(data) {
                    chart = Chart(file: file, data: data, width: max(1, size.width / MailChart.scale), height: max(1, size.height / MailChart.scale),
                                  title: file.caption ?? "Chart")
                    entries.append(Entry(file: file, name: name, state: .inline))
                } else {
                    entries.append(Entry(file: file, name: name, state: .stored))
                }
            }
        }
        return MailAttachmentPlan(entries: entries, attachments: attachments, chart: chart,
                                  omittedForSize: !attach && zip(files, present).contains { $0.1 && $0.0.mailUse == .attach },
                                  totalBytes: total, limit: limit)
    }

    /// The file's bytes, which must be the recorded size and SHA-256.
    static func verifiedData(_ file: ReportFile) throws -> Data {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file.path))
        } catch {
            throw ReportingError(.io, "cannot read report file \(file.path)", underlying: "\(error)")
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        guard data.count == file.bytes, digest == file.sha256.lowercased() else {
            throw ReportingError(.invalidInput, "report file \(file.path) does not match the run's record "
                + "(\(data.count) bytes, sha256 \(digest.prefix(12))…; expected \(file.bytes) bytes, sha256 \(file.sha256.prefix(12))…)")
        }
        return data
    }

    /// Width and height from a PNG's IHDR chunk; nil when `data` is not a PNG.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
              bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
        func be(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    /// `512 B`, `48.2 kB`, `3.4 MB` (decimal units, as mail clients show sizes), for the log.
    static func size(_ bytes: Int) -> String {
        let (value, unit) = scaled(bytes)
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + ["B", "kB", "MB", "GB", "TB"][unit]
    }

    /// `bytes` in decimal units: the value (one decimal shown) and the unit's index (0 B, 1 kB, 2 MB, 3 GB, 4 TB).
    static func scaled(_ bytes: Int) -> (value: Double, unit: Int) {
        if bytes < 1000 { return (Double(bytes), 0) }
        var value = Double(bytes) / 1000
        var unit = 1
        while value >= 999.95, unit < 4 {
            value /= 1000
            unit += 1
        }
        return (value, unit)
    }
}
