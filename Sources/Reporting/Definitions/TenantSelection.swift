/// Which tenants a definition runs for.
public enum TenantSelection: Sendable, Equatable {
    case all
    case slugs([String])

    public func includes(_ slug: String) -> Bool {
        switch self {
        case .all: return true
        case .slugs(let list): return list.contains(slug)
        }
    }
}
