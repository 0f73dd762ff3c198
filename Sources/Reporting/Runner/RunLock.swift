import Connectors
import Foundation

/// The PostgreSQL advisory lock that keeps report runs from overlapping (held on its own connection).
///
/// `nightly` and `run` both take it without waiting; the second one gets `ReportingError(.locked)`,
/// exit 75. The lock goes away with the connection, so a killed process never leaves it held.
public final class RunLock {
    /// "ninjait" in ASCII: one key for every ninjait-reports run.
    public static let key: Int64 = 0x6e_696e_6a61_6974
    let pg: PostgresClient
    private var held = false

    public init(config: Configuration) throws {
        pg = try PostgresClient(url: config.postgresURL, applicationName: "ninjait-reports lock")
    }

    /// Takes the lock or throws `locked`.
    public func acquire(purpose: String) throws {
        guard try pg.tryAdvisoryLock(RunLock.key, purpose: "\(purpose): take the run lock") else {
            throw ReportingError(.locked, "another ninjait-reports run holds the lock; try again when it has finished")
        }
        held = true
    }

    public func release() {
        if held { _ = try? pg.advisoryUnlock(RunLock.key, purpose: "release the run lock") }
        held = false
    }

    deinit { release() }
}
