/// The generator version written into manifests and messages.
public enum ReportingVersion {
    public static let current = "0.1.0"
}
