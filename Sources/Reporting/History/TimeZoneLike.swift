import Foundation

/// Anything with a UTC offset (Foundation's TimeZone), so the grid stays testable.
public protocol TimeZoneLike {
    var secondsFromGMT: Int { get }
}

extension TimeZone: TimeZoneLike {
    public var secondsFromGMT: Int { secondsFromGMT(for: Date()) }
}
