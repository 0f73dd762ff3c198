import Connectors
import Foundation

/// The PostgreSQL advisory lock that keeps rollups from overlapping (held on its own connection).
///
/// The day rollup (`rollup --date`, `nightly`) waits for it, so an hour rollup in progress
/// finishes before the day is replaced; `rollup --hours` does not wait: when another rollup
/// holds it, it gets `ReportingError(.locked)` (exit 75) and the next timer tick catches up.
/// It is not the run lock: reports may run while hours are rolled up (they trust only marked
/// hours). The lock goes away with the connection, so a killed process never leaves it held.
public final class RollupLock {
    /// "ninjroll" in ASCII: one key for every ninjait-reports rollup.
    public static let key: Int64 = 0x6e69_6e6a_726f_6c6c
    let pg: PostgresClient
    private var held = false

    public init(servers: Servers) throws {
        pg = try PostgresClient(url: servers.config.postgresURL, applicationName: "ninjait-reports rollup lock")
    }

    /// Takes the lock or throws `locked`.
    public func acquire(purpose: String) throws {
        guard try pg.tryAdvisoryLock(RollupLock.key, purpose: "\(purpose): take the rollup lock") else {
            throw ReportingError(.locked, "another ninjait-reports rollup holds the rollup lock; the next run catches up")
        }
        held = true
    }

    /// Takes the lock, waiting up to `timeout` seconds for the rollup holding it; then throws `locked`.
    public func acquire(purpose: String, waiting timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !pg.tryAdvisoryLock(RollupLock.key, purpose: "\(purpose): take the rollup lock") {
            guard Date() < deadline else {
                throw ReportingError(.locked, "another ninjait-reports rollup held the rollup lock for over \(Int(timeout)) s")
            }
            Thread.sleep(forTimeInterval: 1)
        }
        held = true
    }

    public func release() {
        if held { _ = try? pg.advisoryUnlock(RollupLock.key, purpose: "release the rollup lock") }
        held = false
    }

    deinit { release() }
}
