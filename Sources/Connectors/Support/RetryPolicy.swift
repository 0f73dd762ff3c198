import Foundation

/// Bounded retries with exponential backoff for transient failures.
///
/// Only errors whose `isTransient` is true are retried, and only while both the attempt
/// count and the total time budget allow; the last error is rethrown unchanged.
public struct RetryPolicy: Sendable {
    public var attempts: Int
    public var initialDelay: Double
    public var maxDelay: Double
    public var budget: Double

    public init(attempts: Int = 3, initialDelay: Double = 0.2, maxDelay: Double = 2.0, budget: Double = 30) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.budget = budget
    }

    /// No retries at all.
    public static let none = RetryPolicy(attempts: 1)

    /// Runs `body`, retrying transient `ConnectorError`s; `canRetry` vetoes a retry (e.g. rows already streamed).
    @discardableResult
    public func run<T>(canRetry: () -> Bool = { true }, _ body: () throws -> T) throws -> T {
        let started = Date()
        var delay = initialDelay
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let error as ConnectorError {
                let elapsed = Date().timeIntervalSince(started)
                guard error.isTransient, attempt < attempts, canRetry(), elapsed + delay < budget else { throw error }
                Thread.sleep(forTimeInterval: delay)
                delay = min(maxDelay, delay * 2)
                attempt += 1
            }
        }
    }
}
