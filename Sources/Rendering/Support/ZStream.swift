import CZlib

/// The single owner of one zlib stream (a heap `z_stream` and its output buffer), inflating or deflating.
///
/// zlib keeps a pointer back to its `z_stream`, so the struct lives at a fixed address this
/// class allocates; `deinit` ends the stream and frees it. Every zlib return code is checked:
/// a failure throws `RenderingError(.compression)` with zlib's own message and `what` (the
/// data involved). Input is only read during `process`. Not thread-safe: use it from one task.
final class ZStream {
    /// What the stream does.
    enum Mode {
        case inflate
        case deflate
    }

    /// The framing around the deflate data.
    enum Framing {
        /// Bare deflate data, as in ZIP entries.
        case raw
        /// One gzip member with zlib's fixed header (mtime 0), so equal input gives equal bytes.
        case gzip

        var windowBits: Int32 {
            switch self {
            case .raw: return -15
            case .gzip: return 15 + 16
            }
        }
    }

    let mode: Mode
    /// Names the data in error messages (`/out/devices.csv.gz`, `styles.xml of /out/r.xlsx`).
    let what: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableBufferPointer<Bytef>
    /// True once the compressed stream has ended; no more input is taken.
    private(set) var ended = false

    /// Starts a stream; deflating uses level 6, memory level 8 and the default strategy.
    init(_ mode: Mode, framing: Framing, what: String, bufferSize: Int = 1 << 16) throws {
        let zs = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        zs.initialize(to: z_stream())
        let size = Int32(MemoryLayout<z_stream>.size)
        let rc: Int32
        switch mode {
        case .inflate: rc = inflateInit2_(zs, framing.windowBits, ZLIB_VERSION, size)
        case .deflate: rc = deflateInit2_(zs, 6, Z_DEFLATED, framing.windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, size)
        }
        guard rc == Z_OK else {
            let error = Self.failure(rc, zs, mode == .inflate ? "starting to inflate" : "starting to deflate", what)
            zs.deinitialize(count: 1)
            zs.deallocate()
            throw error
        }
        self.mode = mode
        self.what = what
        self.stream = zs
        self.output = UnsafeMutableBufferPointer<Bytef>.allocate(capacity: max(bufferSize, 64))
    }

    deinit {
        // The end status only says whether the stream had finished, which `process(finish: true)` checks.
        switch mode {
        case .inflate: _ = inflateEnd(stream)
        case .deflate: _ = deflateEnd(stream)
        }
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// Runs `input` through the stream, handing every piece of output to `emit` as it is produced.
    ///
    /// All of `input` is consumed. With `finish`, the stream must end in this call: deflating
    /// flushes everything and writes the trailer; inflating must reach the end of the
    /// compressed data (bytes after it are ignored); otherwise it throws. Without `finish`,
    /// output may stay inside zlib until a later call.
    func process(_ input: UnsafeRawBufferPointer, finish: Bool, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        let action = mode == .inflate ? "inflating" : "deflating"
        guard !ended else { throw RenderingError(.compression, "\(action) \(what): the stream has already ended") }
        let flush = finish && mode == .deflate ? Z_FINISH : Z_NO_FLUSH
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            // zlib must not keep a pointer into the caller's buffers after this call.
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
            stream.pointee.next_out = nil
            stream.pointee.avail_out = 0
        }
        while true {
            stream.pointee.next_out = output.baseAddress
            stream.pointee.avail_out = uInt(output.count)
            let inputBefore = stream.pointee.avail_in
            let rc = mode == .inflate ? inflate(stream, flush) : deflate(stream, flush)
            // Z_BUF_ERROR: no progress was possible (all input used, all output drained): not an error.
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else { throw Self.failure(rc, stream, action, what) }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try emit(UnsafeRawBufferPointer(start: output.baseAddress, count: produced)) }
            if rc == Z_STREAM_END {
                ended = true
                return
            }
            // A full output buffer may leave more output inside zlib: go round again; stop when
            // all input is used and the output drained, or when a round made no progress.
            if stream.pointee.avail_out > 0 && (stream.pointee.avail_in == 0 || rc == Z_BUF_ERROR) { break }
            if produced == 0 && stream.pointee.avail_in == inputBefore { break }
        }
        if finish {
            throw RenderingError(.compression, "\(action) \(what): the data ends before the compressed stream does")
        }
    }

    /// All of `bytes` through a fresh stream: the whole inflated or deflated result.
    static func run(_ mode: Mode, framing: Framing, _ bytes: [UInt8], what: String) throws -> [UInt8] {
        let zs = try ZStream(mode, framing: framing, what: what)
        var out: [UInt8] = []
        try bytes.withUnsafeBytes { input in
            try zs.process(input, finish: true) { out.append(contentsOf: $0) }
        }
        return out
    }

    private static func failure(_ rc: Int32, _ zs: UnsafeMutablePointer<z_stream>, _ action: String, _ what: String) -> RenderingError {
        let reason = zs.pointee.msg.map { String(cString: $0) } ?? String(cString: zError(rc))
        return RenderingError(.compression, "\(action) \(what): \(reason) (zlib status \(rc))")
    }
}
