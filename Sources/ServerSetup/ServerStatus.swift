/// What `check` found for one server.
public struct ServerStatus: Sendable {
    public enum State: String, Sendable { case ok, missing, unavailable }
    public let name: String
    public let endpoint: String
    public let state: State
    public let version: String?
    public let detail: String
}
