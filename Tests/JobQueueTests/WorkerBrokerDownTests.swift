import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import JobQueue
@testable import Reporting

/// `worker --once` with the broker down: an error and exit 69, never "nothing pending" and exit 0.
@Suite("Worker with the broker down", .serialized)
struct WorkerBrokerDownTests {
    /// A loopback port nothing listens on.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func onceWithTheBrokerDownAtTheStartExits69() throws {
        let config = try TestEnvironment.configuration()
        var down = URLComponents(string: config.amqpURL)!
        down.port = try Self.closedPort()
        let tag = "zz-worker-down-\(UInt32.random(in: 0...UInt32.max))"
        let result = try TestEnvironment.run(["worker", "--once"], environment: ["NINJAIT_AMQP_URL": down.string!, "NINJAIT_JOBS_QUEUE": "\(tag).jobs"])
        #expect(result.status == 69, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("rabbitmq"), "names the broker: \(result.stderr)")
        #expect(!result.stdout.contains("summary"), "no summary as if the queue were empty: \(result.stdout)")
        #expect(!(result.stdout + result.stderr).contains("pending=0") && !(result.stdout + result.stderr).contains("0 pending"))
    }

    /// The broker goes away while `worker --once` waits on an empty queue (a relay in front of it is
    /// killed): `run` throws a connector error that maps to 69, it does not return "nothing left".
    @Test func onceWhenTheBrokerGoesAwayWhileWaitingThrowsUnavailable() throws {
        var config = try TestEnvironment.configuration()
        let amqp = try Endpoint(config.amqpURL, kind: "amqp")
        // amqp_cut_proxy.py with --cuts 0 cuts nothing: a plain TCP relay.
        let relay = try FaultScript("amqp_cut_proxy.py", ["--upstream", "\(amqp.host):\(amqp.port ?? 5672)", "--cuts", "0"])
        defer { relay.stop() }
        var viaRelay = URLComponents(string: config.amqpURL)!
        viaRelay.host = "127.0.0.1"
        viaRelay.port = relay.port
        config.amqpURL = viaRelay.string!
        let tag = "zz-worker-down-\(UInt32.random(in: 0...UInt32.max))"
        config.jobsQueue = "\(tag).jobs"
        config.reportsDirectory = TestEnvironment.repoRoot.appendingPathComponent("reports").path
        config.templatesDirectory = TestEnvironment.repoRoot.appendingPathComponent("templates").path
        var options = WorkerOptions(config: config)
        options.once = true
        options.idleTimeout = 20
        let started = Lines()
        let worker = Unchecked(JobWorker(options: options) { line in started.add(line) })
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Thread.detachNewThread {
            do { outcome.set(.success(try worker.value.run())) } catch { outcome.set(.failure(error)) }
            finished.signal()
        }
        let deadline = Date().addingTimeInterval(20)
        while !started.all.contains(where: { $0.contains("msg=\"worker started\"") }) && Date() < deadline { usleep(20_000) }
        try #require(started.all.contains(where: { $0.contains("worker started") }), "\(started.all)")
        relay.stop()
        #expect(finished.wait(timeout: .now() + 60) == .success, "the worker notices the lost broker")
        defer {
            if let cleanup = try? AMQPConnection(url: try TestEnvironment.configuration().amqpURL) {
                for q in [config.jobsQueue, "\(config.jobsQueue).dead"] + options.topology.retryQueues { _ = try? cleanup.deleteQueue(q) }
            }
        }
        switch outcome.value {
        case .failure(let error)?:
            #expect(ExitStatus.code(for: error) == ExitStatus.unavailable, "\(error)")
            #expect("\(error)".contains("rabbitmq"), "\(error)")
        case .success(let done)?:
            Issue.record("the worker returned as if nothing were pending: \(done.summaryLine)")
        case nil:
            Issue.record("the worker did not finish")
        }
        #expect(!started.all.contains { $0.contains("level=info msg=\"worker stopped\"") }, "stopped with an error, not info: \(started.all)")
    }

    /// Hands the worker (used by one thread only) to the thread that runs it.
    final class Unchecked<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }

    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<WorkerOutcome, Error>?
        func set(_ r: Result<WorkerOutcome, Error>) { lock.lock(); result = r; lock.unlock() }
        var value: Result<WorkerOutcome, Error>? { lock.lock(); defer { lock.unlock() }; return result }
    }

}

/// A script of `Tests/faults/` that prints "port N" once it listens; `stop()` kills it (and every connection it relays).
final class FaultScript {
    let pid: pid_t
    let port: Int
    let dir: URL
    private var stopped = false

    var url: String { "http://127.0.0.1:\(port)" }

    init(_ name: String, _ arguments: [String]) throws {
        dir = try TestEnvironment.temporaryDirectory()
        let script = TestEnvironment.repoRoot.appendingPathComponent("Tests/faults/\(name)").path
        let out = dir.appendingPathComponent("stdout").path
        pid = try TestEnvironment.launch("/usr/bin/python3", [script] + arguments,
                                         environment: ProcessInfo.processInfo.environment, stdout: out,
                                         stderr: dir.appendingPathComponent("stderr").path)
        var found: Int?
        let deadline = Date().addingTimeInterval(10)
        while found == nil && Date() < deadline {
            if let text = try? String(contentsOfFile: out, encoding: .utf8), text.hasPrefix("port ") {
                found = Int(text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                usleep(20_000)
            }
        }
        guard let found else {
            kill(pid, SIGKILL)
            throw ReportingError(.io, "\(name) did not start")
        }
        port = found
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
