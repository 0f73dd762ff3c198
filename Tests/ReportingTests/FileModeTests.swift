import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// Report files hold tenant data: 0640 files in 0750 folders by default, whatever the umask, and configurable.
@Suite("file and folder modes of reports", .serialized)
struct FileModeTests {
    static func mode(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o7777
    }

    /// Writes one report folder with `modes` under an open umask (0000) and returns the root.
    static func publish(modes: FileModes) throws -> (root: URL, output: OutputDirectory, files: [ReportFile]) {
        let root = try TestEnvironment.temporaryDirectory()
        let old = umask(0)
        defer { umask(old) }
        let output = try OutputDirectory(root: root.path, tenantSlug: "acme", definition: "sla-monthly", periodLabel: "2026-10",
                                         runID: UUID(), modes: modes)
        #expect(try mode(output.temporaryURL) == Int(modes.directory), "temporary folder")
        try Data("a,b\n1,2\n".utf8).write(to: output.url(for: "summary.csv"))
        let files = try output.publish(files: [("summary.csv", "csv")]) { _ in Data("{}".utf8) }
        return (root, output, files)
    }

    @Test func defaultsAre0640And0750EvenWithAnOpenUmask() throws {
        let (root, output, files) = try Self.publish(modes: FileModes())
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.mode(output.finalURL) == 0o750)
        #expect(try Self.mode(output.finalURL.deletingLastPathComponent()) == 0o750, "definition folder")
        #expect(try Self.mode(root.appendingPathComponent("acme")) == 0o750, "tenant folder")
        #expect(try Self.mode(URL(fileURLWithPath: files[0].path)) == 0o640)
        #expect(try Self.mode(output.finalURL.appendingPathComponent("manifest.json")) == 0o640)
    }

    @Test func configuredModesApply() throws {
        let (root, output, files) = try Self.publish(modes: FileModes(file: 0o600, directory: 0o700))
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.mode(output.finalURL) == 0o700)
        #expect(try Self.mode(URL(fileURLWithPath: files[0].path)) == 0o600)
        #expect(try Self.mode(output.finalURL.appendingPathComponent("manifest.json")) == 0o600)
    }

    @Test func configurationParsesModesAndRejectsBadOnes() throws {
        let config = try Configuration.load(path: nil, environment: ["NINJAIT_FILE_MODE": "0600", "NINJAIT_DIR_MODE": "700"])
        #expect(config.fileModes == FileModes(file: 0o600, directory: 0o700))
        #expect(try Configuration.load(path: nil, environment: [:]).fileModes == FileModes(file: 0o640, directory: 0o750))
        for bad in ["0999", "rw-r-----", "12", "01777", ""] {
            #expect(throws: ConfigurationError.self, "\(bad)") {
                _ = try Configuration.load(path: nil, environment: ["NINJAIT_FILE_MODE": bad])
            }
        }
    }
}
