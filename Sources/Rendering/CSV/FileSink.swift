import CZlib
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A buffered, optionally gzip-compressing byte sink over a file descriptor.
///
/// Every write error becomes a `RenderingError(.io)` with the path and `strerror` (ENOSPC:
/// "No space left on device"). The gzip stream has a fixed header (mtime 0), so output is
/// byte-identical for identical input.
final class FileSink {
    let path: String
    private var fd: Int32
    private var gzip: UnsafeMutablePointer<z_stream>?
    private var out: [UInt8] = []
    private(set) var bytesWritten = 0
    var buffer: [UInt8] = []
    static let chunk = 1 << 18

    init(url: URL, gzip: Bool) throws {
        path = url.path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RenderingError.posix("creating", path: path) }
        buffer.reserveCapacity(Self.chunk + 4096)
        if gzip {
            let zs = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            zs.initialize(to: z_stream())
            // windowBits 15 + 16: gzip wrapper; memLevel 8; default strategy.
            let rc = deflateInit2_(zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else {
                zs.deallocate()
                _ = sysClose(fd); fd = -1
                throw RenderingError(.compression, "deflateInit2 failed (\(rc)) for \(path)")
            }
            self.gzip = zs
            out = [UInt8](repeating: 0, count: Self.chunk)
        }
    }

    deinit {
        if let zs = gzip { deflateEnd(zs); zs.deallocate() }
        if fd >= 0 { _ = sysClose(fd) }
    }

    /// Flushes the buffer when it is full enough; call after each row.
    @inline(__always) func flushIfNeeded() throws {
        if buffer.count >= Self.chunk { try flushBuffer(final: false) }
    }

    /// Writes everything, finishes the gzip stream and closes the file (errors included).
    func close() throws {
        try flushBuffer(final: true)
        let rc = sysClose(fd)
        fd = -1
        if rc != 0 { throw RenderingError.posix("closing", path: path) }
    }

    private func flushBuffer(final: Bool) throws {
        guard let zs = gzip else {
            try writeAll(buffer)
            buffer.removeAll(keepingCapacity: true)
            return
        }
        try buffer.withUnsafeMutableBufferPointer { input in
            zs.pointee.next_in = input.baseAddress
            zs.pointee.avail_in = UInt32(input.count)
            repeat {
                let produced: Int = try out.withUnsafeMutableBufferPointer { o in
                    zs.pointee.next_out = o.baseAddress
                    zs.pointee.avail_out = UInt32(o.count)
                    let rc = deflate(zs, final ? Z_FINISH : Z_NO_FLUSH)
                    guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                        throw RenderingError(.compression, "deflate failed (\(rc)) for \(path)")
                    }
                    return o.count - Int(zs.pointee.avail_out)
                }
                if produced > 0 { try writeAll(out[0..<produced]) }
            } while zs.pointee.avail_out == 0 || (final && zs.pointee.avail_in > 0)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll<C: ContiguousBytes>(_ bytes: C) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw RenderingError.posix("writing", path: path)
                }
                offset += n
            }
            bytesWritten += raw.count
        }
    }
}

@inline(__always) private func sysClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}
