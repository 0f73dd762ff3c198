import CCairo
import Foundation

/// PNG encoding and decoding of image surfaces through in-memory streams.
extension CairoSurface {
    /// The surface encoded as PNG.
    func pngData() throws -> Data {
        let sink = PNGStreamBuffer()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        let status = cairo_surface_write_to_png_stream(pointer, { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<PNGStreamBuffer>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, box.toOpaque())
        try CairoStatus.check(status, "encoding the chart as PNG")
        return sink.data
    }

    /// An image surface decoded from PNG bytes (no size check: callers check the header first).
    static func decodePNG(_ data: Data) throws -> CairoSurface {
        let source = PNGStreamBuffer()
        source.data = data
        let box = Unmanaged.passRetained(source)
        defer { box.release() }
        let surface = cairo_image_surface_create_from_png_stream({ closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_READ_ERROR }
            let buffer = Unmanaged<PNGStreamBuffer>.fromOpaque(closure).takeUnretainedValue()
            let n = Int(length)
            guard buffer.offset + n <= buffer.data.count else { return CAIRO_STATUS_READ_ERROR }
            let start = buffer.data.startIndex + buffer.offset
            buffer.data.copyBytes(to: bytes, from: start..<(start + n))
            buffer.offset += n
            return CAIRO_STATUS_SUCCESS
        }, box.toOpaque())
        return try adopt(surface, "decoding the PNG logo")
    }
}

/// The bytes a PNG stream callback reads from or appends to.
private final class PNGStreamBuffer {
    var data = Data()
    var offset = 0
}
