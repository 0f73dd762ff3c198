import Foundation
import ReportingTestSupport
@testable import Reporting

/// `Tests/faults/fault_proxy.py` started on a free loopback port in front of a real server.
///
/// Requests containing `match` (all when nil) get the fault `mode`; the rest pass through.
/// `hits` counts the faulted requests. `stop()` (or deinit) ends the process.
final class FaultProxy {
    let pid: pid_t
    let port: Int
    let hitsPath: String
    let dir: URL
    private var stopped = false

    var url: String { "http://127.0.0.1:\(port)" }

    convenience init(upstream: String, mode: String, match: String? = nil) throws {
        var args = ["--upstream", upstream, "--mode", mode]
        if let match { args += ["--match", match] }
        try self.init(script: "fault_proxy.py", arguments: args)
    }

    /// Any proxy of `Tests/faults/` that prints "port N" and takes `--hits FILE`.
    init(script name: String, arguments: [String]) throws {
        dir = try TestEnvironment.temporaryDirectory()
        hitsPath = dir.appendingPathComponent("hits").path
        let outPath = dir.appendingPathComponent("stdout").path
        let script = TestEnvironment.repoRoot.appendingPathComponent("Tests/faults/\(name)").path
        let args = ["python3", script] + arguments + ["--hits", hitsPath]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, dir.appendingPathComponent("stderr").path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var cArgs = args.map { strdup($0) } + [nil]
        let env = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        var cEnv = env.map { strdup($0) } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var child = pid_t()
        let rc = posix_spawnp(&child, "python3", &actions, nil, &cArgs, &cEnv)
        guard rc == 0 else { throw ReportingError(.io, "cannot start the fault proxy: \(String(cString: strerror(rc)))") }
        pid = child
        var found: Int? = nil
        let deadline = Date().addingTimeInterval(10)
        while found == nil && Date() < deadline {
            if let text = try? String(contentsOfFile: outPath, encoding: .utf8), text.hasPrefix("port "),
               let p = Int(text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) {
                found = p
            } else {
                usleep(20_000)
            }
        }
        guard let found else {
            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
            let err = (try? String(contentsOfFile: dir.appendingPathComponent("stderr").path, encoding: .utf8)) ?? ""
            throw ReportingError(.io, "the fault proxy did not start: \(err)")
        }
        port = found
    }

    /// Faulted requests so far.
    var hits: Int {
        Int(((try? String(contentsOfFile: hitsPath, encoding: .utf8)) ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        try? FileManager.default.removeItem(at: dir)
    }

    deinit { stop() }
}
