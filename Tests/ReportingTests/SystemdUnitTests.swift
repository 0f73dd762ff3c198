import Foundation
import Testing
import ReportingTestSupport

/// The shipped systemd units are confined (exposure at most 2.0) and valid.
@Suite("systemd units in cron/")
struct SystemdUnitTests {
    static let cron = TestEnvironment.repoRoot.appendingPathComponent("cron")

    static var units: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cron.path)) ?? []).filter { $0.hasSuffix(".service") }.sorted()
    }

    static func systemdAnalyze(_ arguments: [String], in directory: URL) throws -> TestEnvironment.Output {
        guard let path = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestFailure("systemd-analyze is not installed (Debian package systemd; scripts/test installs it)")
        }
        let files = arguments.map { $0.hasPrefix("./") ? directory.appendingPathComponent(String($0.dropFirst(2))).path : $0 }
        return try TestEnvironment.spawn(path, files, environment: ProcessInfo.processInfo.environment)
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    @Test func everyServiceIsShipped() {
        #expect(Set(Self.units).isSuperset(of: ["ninjait-reports.service", "ninjait-reports-mailer.service",
                                                 "ninjait-reports-worker@.service", "ninjait-reports-enqueue.service"]))
    }

    @Test(arguments: SystemdUnitTests.units)
    func exposureIsAtMostTwo(unit: String) throws {
        let out = try Self.systemdAnalyze(["security", "--offline=yes", "--no-pager", "./\(unit)"], in: Self.cron)
        let line = out.stdout.split(separator: "\n").last { $0.contains("Overall exposure level") }
        let score = line.flatMap { l in l.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) } }
        #expect(score != nil, "no score in: \(out.stdout)\(out.stderr)")
        #expect((score ?? 10) <= 2.0, "\(unit): \(line ?? "")")
    }

    /// Confinement that the score alone would not pin down: what the job needs stays possible.
    @Test(arguments: SystemdUnitTests.units)
    func confinementKeepsWhatTheJobNeeds(unit: String) throws {
        let text = try String(contentsOf: Self.cron.appendingPathComponent(unit), encoding: .utf8)
        for line in ["ProtectSystem=strict", "PrivateTmp=yes", "PrivateDevices=yes", "ProtectHome=yes", "CapabilityBoundingSet=",
                     "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service", "UMask=0027", "NoNewPrivileges=yes"] {
            #expect(text.contains("\n\(line)\n"), "\(unit) lacks \(line)")
        }
        // Reports and the working directory stay writable for the units that write them.
        if unit != "ninjait-reports-mailer.service" {
            #expect(text.contains("ReadWritePaths=/var/lib/ninjait-reports /srv/reports"), "\(unit): report folders not writable")
        }
    }

    /// `systemd-analyze verify` finds nothing to say (the binary path stubbed, as it is not installed here).
    @Test func unitsVerifyClean() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.cron.path).filter { $0.hasSuffix(".service") || $0.hasSuffix(".timer") }
        for file in files {
            let text = try String(contentsOf: Self.cron.appendingPathComponent(file), encoding: .utf8)
            try text.replacingOccurrences(of: "/usr/local/bin/ninjait-reports", with: "/bin/true")
                .write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let out = try Self.systemdAnalyze(["verify", "--man=no"] + files.sorted().map { "./\($0)" }, in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let complaints = (out.stdout + out.stderr).split(separator: "\n").filter { !$0.isEmpty }
        #expect(complaints.isEmpty, "\(complaints.joined(separator: "\n"))")
    }
}
