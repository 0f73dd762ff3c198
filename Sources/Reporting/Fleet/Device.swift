import Foundation

/// A device of a tenant, from the platform's `devices` table.
public struct Device: Sendable {
    public var id: String
    public var name: String
    public var type: String
    public var os: String
    public var ipAddress: String
    public var status: String
    public var tags: [String]
    public var lastSeen: Date?
    public var createdAt: Date
    public var ramGB: Double?
    public var diskGB: Double?
}
