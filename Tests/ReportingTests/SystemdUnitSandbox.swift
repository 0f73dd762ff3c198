import Foundation
import ReportingTestSupport
@testable import Reporting

/// The `[Service]` settings of a unit in `cron/` that decide how its command runs.
struct SystemdUnit {
    let name: String
    var execStart: [String] = []
    var environment: [String: String] = [:]
    var workingDirectory: String?
    var umask: String?
    var readWritePaths: [String] = []
    var protectSystemStrict = false
    var privateTmp = false
    var protectHome = false
    var noNewPrivileges = false
    var emptyCapabilities = false
    var user: String?

    init(name: String, text: String) {
        self.name = name
        var inService = false
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") { inService = line == "[Service]"; continue }
            guard inService, !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq]), value = String(line[line.index(after: eq)...])
            switch key {
            case "ExecStart": execStart = value.split(separator: " ").map(String.init)
            case "Environment":
                for pair in value.split(separator: " ") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { environment[kv[0]] = kv[1] }
                }
            case "WorkingDirectory": workingDirectory = value
            case "UMask": umask = value
            case "ReadWritePaths": readWritePaths += value.split(separator: " ").map { String($0.hasPrefix("-") ? $0.dropFirst() : $0) }
            case "ProtectSystem": protectSystemStrict = value == "strict"
            case "PrivateTmp": privateTmp = value == "yes"
            case "ProtectHome": protectHome = value == "yes"
            case "NoNewPrivileges": noNewPrivileges = value == "yes"
            case "CapabilityBoundingSet": emptyCapabilities = value.isEmpty
            case "User": user = value
            default: break
            }
        }
    }
}

/// Runs a unit's `ExecStart` as systemd would, as far as it can be done without systemd:
/// a clean environment with the unit's `Environment=`, its `WorkingDirectory=` and `UMask=`,
/// a private mount namespace in which the whole file system is read-only except the unit's
/// `ReadWritePaths=` (`ProtectSystem=strict`), `/tmp` and `/var/tmp` are empty (`PrivateTmp=`),
/// `/home`, `/root` and `/run/user` are hidden (`ProtectHome=`), as an unprivileged user
/// (nobody, for `User=`) with no capabilities (`CapabilityBoundingSet=`) and no new privileges.
///
/// The unit's absolute paths (`/etc/ninjait-reports`, `/var/lib/ninjait-reports`,
/// `/srv/reports`) are mapped into a folder below `.build` (not `/tmp`: it is private to the
/// unit), and `/usr/local/bin/ninjait-reports` to the built binary. Needs root (unshare, mount).
final class SystemdUnitSandbox {
    static let nobody: UInt32 = 65_534
    let root: URL
    let unit: SystemdUnit

    init(unit: SystemdUnit) throws {
        self.unit = unit
        root = TestEnvironment.repoRoot.appendingPathComponent(".build/unit-sandbox-\(UUID().uuidString.prefix(8))")
        for path in unit.readWritePaths + [unit.workingDirectory].compactMap({ $0 }) {
            try makeOwnedDirectory(map(path))
        }
    }

    /// A unit path inside the sandbox (`/srv/reports` → `<root>/srv/reports`); other paths unchanged.
    func map(_ path: String) -> String {
        for prefix in ["/etc/ninjait-reports", "/var/lib/ninjait-reports", "/srv/reports"] where path == prefix || path.hasPrefix(prefix + "/") {
            return root.path + path
        }
        return path
    }

    /// A folder (and its parents below the sandbox) owned by the unit's user.
    func makeOwnedDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var dir = URL(fileURLWithPath: path)
        while dir.path.hasPrefix(root.path) {
            chown(dir.path, Self.nobody, Self.nobody)
            dir = dir.deletingLastPathComponent()
        }
    }

    /// Writes a file readable by the unit's user (config, definitions).
    func writeOwned(_ text: String, to path: String) throws {
        try makeOwnedDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chown(path, Self.nobody, Self.nobody)
        chmod(path, 0o640)
    }

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs `ExecStart` (plus `extra` arguments) confined as described above.
    func run(extra: [String] = []) throws -> TestEnvironment.Output {
        var command = unit.execStart
        guard command.first == "/usr/local/bin/ninjait-reports" else { throw ReportingError(.io, "\(unit.name): unexpected ExecStart \(command)") }
        command[0] = TestEnvironment.binary.path
        command += extra
        let rw = unit.readWritePaths.map(map)
        var script = ["set -e"]
        if unit.protectSystemStrict {
            script += rw.map { "mount --bind \(Self.shellQuote($0)) \(Self.shellQuote($0))" }
            script.append("""
                awk '{print $2}' /proc/self/mounts | sort -u | while read -r mp; do
                  case "$mp" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*) continue ;; esac
                  mount -o remount,bind,ro "$mp" 2>/dev/null || [ "$mp" != / ] || exit 1
                done
                """)
            script += rw.map { "mount -o remount,bind,rw \(Self.shellQuote($0))" }
        }
        if unit.privateTmp { script += ["mount -t tmpfs -o mode=1777 tmpfs /tmp", "mount -t tmpfs -o mode=1777 tmpfs /var/tmp"] }
        if unit.protectHome {
            script.append("for h in /home /root /run/user; do [ -d \"$h\" ] && mount -t tmpfs -o ro,mode=755 tmpfs \"$h\"; done; true")
        }
        if let dir = unit.workingDirectory { script.append("cd \(Self.shellQuote(map(dir)))") }
        if let umask = unit.umask { script.append("umask \(umask)") }
        var setpriv = ["setpriv"]
        if unit.user != nil { setpriv += ["--reuid=\(Self.nobody)", "--regid=\(Self.nobody)", "--clear-groups"] }
        if unit.noNewPrivileges { setpriv.append("--no-new-privs") }
        if unit.emptyCapabilities { setpriv += ["--inh-caps=-all", "--bounding-set=-all"] }
        var env = ["PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"]
        for (k, v) in unit.environment.sorted(by: { $0.key < $1.key }) { env.append("\(k)=\(map(v))") }
        let exec = (setpriv + ["--", "env", "-i"] + env + command).map(Self.shellQuote).joined(separator: " ")
        script.append("exec \(exec)")
        return try TestEnvironment.spawn("/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script.joined(separator: "\n")],
                                         environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
