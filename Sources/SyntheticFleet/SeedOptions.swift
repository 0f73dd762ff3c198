import Analytics
import Foundation
import Reporting

/// What `seed` generates; every field has the CLI default.
public struct SeedOptions: Sendable {
    public var tenants = 3
    public var devicesPerTenant = 100
    public var days = 8
    public var seed: UInt64 = 42
    /// End of the generated range (exclusive); default: now, floored to the minute.
    public var end: Date? = nil
    /// Where the ground-truth JSON goes.
    public var truthPath = "seed-truth.json"
    /// Raw points only for the last N days; older days are rolled up in-process into ClickHouse (like a retention policy).
    public var rawDays = 8
    /// Prefix for tenant slugs and names, so test fleets never collide with the demo fleet.
    public var slugPrefix = ""
    /// Writer threads for InfluxDB.
    public var writers = 2

    public init() {}
}

/// What `seed` did.
public struct SeedSummary: Sendable {
    public var tenants = 0
    public var devices = 0
    public var points = 0
    public var rolledUpDays = 0
    public var rollupRows = 0
    public var alerts = 0
    public var maintenanceWindows = 0
    public var seconds = 0.0
    public var truthPath = ""
}
