import Foundation
import Testing
@testable import Rendering

/// Without fonts a PDF fails with a clear `RenderingError(.font)`, it does not draw empty
/// pages. Fontconfig reads its configuration once per process, so the font-less case runs in
/// a child process (the `ninjait-bench` built next to the tests) with `FONTCONFIG_FILE`
/// pointing to a configuration without font directories.
@Suite struct PDFFontFailureTests {
    static var bench: URL? {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return [bundleDir, bundleDir.deletingLastPathComponent()].map { $0.appendingPathComponent("ninjait-bench") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func renderInChild(fontconfig: URL?, out: URL) throws -> PDFTestTools.Output {
        guard let bench else { throw RenderingError(.io, "ninjait-bench is not built next to the test bundle (swift build --build-tests)") }
        let p = Process()
        p.executableURL = bench
        p.arguments = ["render", "pdf-rows", "--rows", "20", "--out", out.path]
        var env = ProcessInfo.processInfo.environment
        if let fontconfig { env["FONTCONFIG_FILE"] = fontconfig.path }
        p.environment = env
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        let stdout = o.fileHandleForReading.readDataToEndOfFile(), stderr = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return PDFTestTools.Output(status: p.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func noFontsFailsTheReportWithAFontError() throws {
        let dir = try PDFTestTools.tempDir("nofonts")
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("fonts.conf")
        try Data("<?xml version=\"1.0\"?>\n<fontconfig><cachedir>\(dir.path)/cache</cachedir></fontconfig>\n".utf8).write(to: conf)

        let ok = try Self.renderInChild(fontconfig: nil, out: dir.appendingPathComponent("ok.pdf"))
        #expect(ok.status == 0, "the same render with the system fonts failed: \(ok.stderr)")
        #expect(ok.stdout.contains("pages="))

        let failed = try Self.renderInChild(fontconfig: conf, out: dir.appendingPathComponent("none.pdf"))
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("font: none of the fonts Noto Sans,DejaVu Sans is installed"), "stderr: \(failed.stderr)")
        #expect(failed.stderr.contains("fonts-noto-core"), "the message names the package to install: \(failed.stderr)")
        #expect(!failed.stdout.contains("pages="))
    }
}
