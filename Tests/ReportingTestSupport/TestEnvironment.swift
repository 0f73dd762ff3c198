import Foundation
import Reporting

/// The real servers of `scripts/services up` and the built CLI, for integration tests.
public enum TestEnvironment {
    public static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Configuration from the environment (`.local/env` exported by scripts/test) over the built-in defaults.
    public static func configuration() throws -> Configuration {
        try Configuration.load(path: nil, environment: ProcessInfo.processInfo.environment.filter { $0.key != "NINJAIT_CONFIG" })
    }

    /// The `ninjait-reports` binary built next to the test bundle (override: NINJAIT_BIN).
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["NINJAIT_BIN"] { return URL(fileURLWithPath: path) }
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [bundleDir, bundleDir.deletingLastPathComponent(), repoRoot.appendingPathComponent(".build/debug")] {
            let candidate = dir.appendingPathComponent("ninjait-reports")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return repoRoot.appendingPathComponent(".build/debug/ninjait-reports")
    }

    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs the CLI with `arguments`, with `environment` added to the test's own.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        return try spawn(binary.path, arguments, environment: env)
    }

    /// posix_spawn + waitpid with stdout/stderr in temporary files: no pipe to fill up, and no
    /// dependence on Foundation's child monitoring (which can miss the exit of a child whose
    /// own children, such as a daemonized server, live on).
    public static func spawn(_ path: String, _ arguments: [String], environment: [String: String]) throws -> Output {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outPath = dir.appendingPathComponent("stdout").path, errPath = dir.appendingPathComponent("stderr").path
        let pid = try launch(path, arguments, environment: environment, stdout: outPath, stderr: errPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Output(status: exitStatus, stdout: out, stderr: err)
    }

    /// Starts `path` without waiting (stdin /dev/null, stdout and stderr into the given files); the pid.
    public static func launch(_ path: String, _ arguments: [String], environment: [String: String], stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var cArgs = ([path] + arguments).map { strdup($0) } + [nil]
        var cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, path, &actions, nil, &cArgs, &cEnv)
        guard rc == 0 else { throw ReportingError(.io, "cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ninjait-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
