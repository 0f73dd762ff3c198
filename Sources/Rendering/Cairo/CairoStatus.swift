import CCairo

/// Turns cairo status codes into `RenderingError(.cairo)` with cairo's own message
/// (`.io` when cairo could not write or find a file).
enum CairoStatus {
    /// Throws unless `status` is `CAIRO_STATUS_SUCCESS`; `action` says what was being done.
    static func check(_ status: cairo_status_t, _ action: String) throws {
        guard status != CAIRO_STATUS_SUCCESS else { return }
        throw error(status, action)
    }

    /// The error for a failed `status`, e.g. "cairo: writing /x/r.pdf: error while writing to output stream".
    static func error(_ status: cairo_status_t, _ action: String) -> RenderingError {
        let reason = cairo_status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
        let io = status == CAIRO_STATUS_WRITE_ERROR || status == CAIRO_STATUS_FILE_NOT_FOUND
        return RenderingError(io ? .io : .cairo, "\(action): \(reason)")
    }
}
