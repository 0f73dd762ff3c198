import Foundation

/// A maintenance window; `deviceID` nil = the whole tenant.
public struct MaintenanceWindow: Sendable {
    public var deviceID: String?
    public var start: Date
    public var end: Date
    public var reason: String
}
