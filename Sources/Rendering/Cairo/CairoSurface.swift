import CCairo

/// Owns one `cairo_surface_t` (PDF or image) and destroys it in `deinit`.
///
/// Create it with `pdf(path:width:height:)` or `image(width:height:)`; a surface cairo could
/// not create throws `RenderingError(.cairo)`. Call `finish()` before reading a PDF file:
/// cairo writes the trailer, the fonts and the outline only then.
final class CairoSurface {
    let pointer: OpaquePointer
    private var finished = false

    /// Takes ownership of `pointer` (cairo never returns NULL; a failed surface carries its status).
    private init(owning pointer: OpaquePointer, _ action: String) throws {
        self.pointer = pointer
        try CairoStatus.check(cairo_surface_status(pointer), action)
    }

    deinit { cairo_surface_destroy(pointer) }

    /// A PDF surface writing to `path`; every page is `width` x `height` points.
    static func pdf(path: String, width: Double, height: Double) throws -> CairoSurface {
        guard let p = path.withCString({ cairo_pdf_surface_create($0, width, height) }) else {
            throw RenderingError(.cairo, "creating the PDF surface \(path) returned nothing")
        }
        return try CairoSurface(owning: p, "creating the PDF file \(path)")
    }

    /// A 32-bit ARGB image surface of `width` x `height` pixels, transparent.
    static func image(width: Int, height: Int) throws -> CairoSurface {
        guard width > 0, height > 0, width <= 16_384, height <= 16_384 else {
            throw RenderingError(.cairo, "image size \(width) x \(height) is outside 1...16384")
        }
        guard let p = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw RenderingError(.cairo, "creating a \(width) x \(height) image returned nothing")
        }
        return try CairoSurface(owning: p, "creating a \(width) x \(height) image")
    }

    /// Wraps a surface cairo returned (e.g. decoded from PNG), checking its status.
    static func adopt(_ pointer: OpaquePointer?, _ action: String) throws -> CairoSurface {
        guard let pointer else { throw RenderingError(.cairo, "\(action): cairo returned nothing") }
        return try CairoSurface(owning: pointer, action)
    }

    /// Throws the surface's error status, if any.
    func check(_ action: String) throws {
        try CairoStatus.check(cairo_surface_status(pointer), action)
    }

    /// Width and height in pixels of an image surface (0 for other surfaces).
    var pixelSize: (width: Int, height: Int) {
        (Int(cairo_image_surface_get_width(pointer)), Int(cairo_image_surface_get_height(pointer)))
    }

    /// Finishes the surface (PDF: writes the rest of the file) and checks for write errors.
    func finish(_ action: String) throws {
        guard !finished else { return }
        finished = true
        cairo_surface_finish(pointer)
        try check(action)
    }
}
