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
    private var gzip: ZStream?
    private(set) var bytesWritten = 0
    var buffer: [UInt8] = []
    static let chunk = 1 << 18

    init(url: URL, gzip: Bool) throws {
        path = url.path
        fd = path.withCString { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw RenderingError.posix("creating", path: path) }
        buffer.reserveCapacity(Self.chunk + 4096)
        if gzip {
            do { self.gzip = try ZStream(.deflate, framing: .gzip, what: path, bufferSize: Self.chunk) } catch {
                // The original error is what matters; the descriptor was never written to.
                _ = sysClose(fd)
                fd = -1
                throw error
            }
        }
    }

    deinit {
        // Only after an error on the way (close() sets fd to -1): the file is abandoned anyway.
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
        try buffer.withUnsafeBytes { input in
            try zs.process(input, finish: final) { try writeAll($0) }
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
