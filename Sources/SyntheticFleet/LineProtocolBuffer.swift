import Analytics
import Reporting
/// A byte buffer that builds InfluxDB line protocol fast: no String interpolation per point.
struct LineProtocolBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var lines = 0

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    mutating func append(integer value: Int) {
        var v = value
        if v < 0 { bytes.append(UInt8(ascii: "-")); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            } while v > 0
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }

    /// Appends `value` with exactly two decimals (percent metrics).
    mutating func append(twoDecimals value: Double) {
        let hundredths = Int((value * 100).rounded())
        if hundredths < 0 { bytes.append(UInt8(ascii: "-")) }
        let a = abs(hundredths)
        append(integer: a / 100)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(48 + (a / 10) % 10))
        bytes.append(UInt8(48 + a % 10))
    }

    mutating func endLine() {
        bytes.append(10)
        lines += 1
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        lines = 0
    }
}

/// The constant parts of one device's points (measurement + tags, field keys), built once per device.
struct DevicePointPrefixes {
    let heartbeat: [UInt8], metrics: [UInt8]
    let online = Array("online=true ".utf8), offline = Array("online=false ".utf8)
    let cpu = Array("cpu_usage=".utf8), disk = Array(",disk_usage=".utf8), memory = Array(",memory_usage=".utf8)

    init(deviceID: String, organizationID: String) {
        let tags = Array(",device_id=\(deviceID),organization_id=\(organizationID) ".utf8)
        heartbeat = Array("heartbeat".utf8) + tags
        metrics = Array("system_metrics".utf8) + tags
    }
}
