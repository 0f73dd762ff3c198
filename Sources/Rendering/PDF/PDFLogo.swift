import Foundation

/// The tenant's logo for the title band: the validated `logo_data_uri`, when it is a PNG of at
/// most 2,000 x 2,000 pixels that cairo decodes; anything else (JPEG, GIF, SVG, a broken or
/// oversized image) means no logo, never a failed report.
enum PDFLogo {
    static let maxSide = 2_000

    static func decode(_ branding: ReportBranding) -> CairoSurface? {
        guard let uri = branding.validatedLogo else { return nil }
        let prefix = "data:image/png;base64,"
        guard uri.hasPrefix(prefix), let data = Data(base64Encoded: String(uri.dropFirst(prefix.count))) else { return nil }
        guard let (w, h) = pngSize(data), w > 0, h > 0, w <= maxSide, h <= maxSide else { return nil }
        return try? CairoSurface.decodePNG(data)
    }

    /// Width and height from a PNG's IHDR chunk, read before decoding so a huge image is refused cheaply.
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data.prefix(24))
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func be32(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}
