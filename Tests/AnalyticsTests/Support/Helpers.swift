import Foundation
@testable import Analytics

/// Epoch seconds of a UTC timestamp literal `YYYY-MM-DDTHH:MM:SSZ`.
func utc(_ text: String) -> Int64 {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    guard let d = f.date(from: text) else { return Int64.min }
    return Int64(d.timeIntervalSince1970)
}

func zone(_ id: String) -> TimeZone { TimeZone(identifier: id) ?? TimeZone.current }

func relativeError(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return abs(a - b) / max(abs(a), abs(b))
}
