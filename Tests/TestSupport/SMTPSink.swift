import Foundation
import Testing

/// Test support shared by ConnectorsTests and ReportingTests (not shipped).

/// A real SMTP server on loopback (`Tests/mailer/smtp_sink.py`, aiosmtpd) and what it received.
///
/// Starting it without python3 or aiosmtpd fails the test with the reason (never a skip).
/// `stop()` (or deinit) sends SIGTERM to the one process this object started.
public final class SMTPSink {
    public let directory: URL
    public let port: Int
    private let process: Process
    private let base: URL

    public static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("mailer/smtp_sink.py")
    }

    /// Starts the sink; `mode`: accept, reject-rcpt, reject-data, tempfail, drop.
    public init(mode: String = "accept", reject: [String] = [], auth: String? = nil) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        directory = base.appendingPathComponent("mail")
        let portFile = base.appendingPathComponent("port")
        let errFile = base.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", SMTPSink.script.path, "serve", "--dir", directory.path, "--port-file", portFile.path, "--mode", mode]
        for address in reject { arguments += ["--reject", address] }
        if let auth { arguments += ["--auth", auth] }
        process.arguments = arguments
        process.standardError = try FileHandle(forWritingTo: errFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        var found: Int?
        while Date() < deadline, process.isRunning {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let value = Int(text) { found = value; break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let found else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let err = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
            let reason = "the SMTP test server (python3 \(SMTPSink.script.path)) did not start; it needs python3 and aiosmtpd "
                + "(python3 -m pip install -r scripts/requirements-test.txt): \(err)"
            Issue.record(Comment(rawValue: reason))
            throw SinkError(reason)
        }
        port = found
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: base)
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// SIGTERM to the sink, SIGKILL to the same pid if it has not gone after 5 s.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Every message received so far, parsed by Python's `email` package.
    public func messages() throws -> [ReceivedMail] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        let inspector = Process()
        inspector.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        inspector.arguments = ["python3", SMTPSink.script.path, "inspect", directory.path]
        let out = Pipe()
        inspector.standardOutput = out
        try inspector.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        inspector.waitUntilExit()
        guard inspector.terminationStatus == 0 else { throw SinkError("smtp_sink.py inspect failed (\(inspector.terminationStatus))") }
        return try JSONDecoder().decode([ReceivedMail].self, from: data)
    }
}

public struct SinkError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One received e-mail as `smtp_sink.py inspect` describes it.
public struct ReceivedMail: Decodable {
    public struct Attachment: Decodable {
        public let filename: String?
        public let content_type: String
        public let bytes: Int
        public let sha256: String
    }

    /// A part with a `Content-ID` (an inline image), its decoded size and, for a PNG, its pixel size.
    public struct InlinePart: Decodable {
        public let content_id: String
        public let content_type: String
        public let disposition: String?
        /// The multipart types holding it, innermost first: `multipart/related<multipart/alternative<multipart/mixed`.
        public let parent: String
        public let bytes: Int
        public let sha256: String
        public let png_size: [Int]?
    }

    public let mail_from: String?
    public let rcpt_tos: [String]
    public let subject: String
    public let raw_subject: String
    public let from: String
    public let to: String
    public let date: String
    public let message_id: String
    public let content_type: String
    public let leaf_types: [String]
    /// The MIME tree: `multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png)))`.
    public let structure: String?
    public let inline: [InlinePart]?
    public let html: String?
    public let text: String?
    public let attachments: [Attachment]
    public let defects: [String]
    public let headers: [String: String]
}
