import CZlib
import Foundation

/// Adds `quotePrefix="1"` to the Text-format cell styles of a finished XLSX.
///
/// libxlsxwriter 1.1.4 (Debian's) has no `format_set_quote_prefix`, so the renderer marks
/// quote-prefixed formats with number format 49 ("@") and this patch rewrites `xl/styles.xml`
/// inside the ZIP afterwards. libxlsxwriter writes styles.xml after the worksheets, so only
/// the entries from styles.xml on are rewritten in place: the big sheets are not copied.
enum XLSXQuotePrefixPatch {
    static func apply(to url: URL) throws {
        let path = url.path
        guard let handle = FileHandle(forUpdatingAtPath: path) else { throw RenderingError.posix("opening", path: path) }
        do { try patch(handle, path: path) } catch {
            // The patch already failed; a failing close would add nothing to that error.
            try? handle.close()
            if let e = error as? RenderingError { throw e }
            throw RenderingError(.io, "patching styles of \(path)", underlying: error)
        }
        do { try handle.close() } catch {
            throw RenderingError(.io, "closing \(path) after patching its styles", underlying: error)
        }
    }

    private struct Entry {
        var central: [UInt8]
        var name: String
        var localOffset: Int
        var compressedSize: Int
    }

    private static func patch(_ handle: FileHandle, path: String) throws {
        let size = Int(try handle.seekToEnd())
        let tailLength = min(size, 65_557)
        try handle.seek(toOffset: UInt64(size - tailLength))
        let tail = [UInt8](try handle.read(upToCount: tailLength) ?? Data())
        guard tail.count >= 22, let eocdAt = (0...(tail.count - 22)).reversed().first(where: { u32(tail, $0) == 0x0605_4B50 }) else {
            throw corrupt(path, "no end of central directory")
        }
        let entryCount = Int(u16(tail, eocdAt + 10))
        let cdSize = Int(u32(tail, eocdAt + 12)), cdOffset = Int(u32(tail, eocdAt + 16))
        guard cdOffset != 0xFFFF_FFFF, cdOffset + cdSize <= size else { throw corrupt(path, "ZIP64 or bad directory") }
        try handle.seek(toOffset: UInt64(cdOffset))
        let cd = [UInt8](try handle.read(upToCount: cdSize) ?? Data())
        var entries: [Entry] = []
        var p = 0
        for _ in 0..<entryCount {
            guard p + 46 <= cd.count, u32(cd, p) == 0x0201_4B50 else { throw corrupt(path, "bad central directory") }
            let n = Int(u16(cd, p + 28)), x = Int(u16(cd, p + 30)), c = Int(u16(cd, p + 32))
            let end = p + 46 + n + x + c
            guard end <= cd.count else { throw corrupt(path, "truncated central directory") }
            entries.append(Entry(central: Array(cd[p..<end]), name: String(decoding: cd[(p + 46)..<(p + 46 + n)], as: UTF8.self),
                                 localOffset: Int(u32(cd, p + 42)), compressedSize: Int(u32(cd, p + 20))))
            p = end
        }
        guard let si = entries.firstIndex(where: { $0.name == "xl/styles.xml" }) else { throw corrupt(path, "no xl/styles.xml") }
        let start = entries[si].localOffset
        guard start <= cdOffset else { throw corrupt(path, "styles.xml lies past the central directory") }
        let rewritten = entries.enumerated().filter { $0.element.localOffset >= start }.sorted { $0.element.localOffset < $1.element.localOffset }
        // Read the tail entries (styles.xml and the small ones after it).
        try handle.seek(toOffset: UInt64(start))
        let region = [UInt8](try handle.read(upToCount: cdOffset - start) ?? Data())
        var out: [UInt8] = []
        var newOffsets: [Int: Int] = [:]
        for (index, entry) in rewritten {
            let lo = entry.localOffset - start
            guard lo + 30 <= region.count, u32(region, lo) == 0x0403_4B50 else { throw corrupt(path, "bad local header") }
            let headerLength = 30 + Int(u16(region, lo + 26)) + Int(u16(region, lo + 28))
            let flags = u16(region, lo + 6)
            guard flags & 0x8 == 0 else { throw corrupt(path, "data descriptors are not supported") }
            guard lo + headerLength + entry.compressedSize <= region.count else { throw corrupt(path, "entry \(entry.name) runs past the directory") }
            newOffsets[index] = start + out.count
            if index == si {
                let method = u16(region, lo + 8)
                guard method == 0 || method == 8 else { throw corrupt(path, "styles.xml uses compression method \(method)") }
                let data = Array(region[(lo + headerLength)..<(lo + headerLength + entry.compressedSize)])
                let what = "xl/styles.xml of \(path)"
                let xml = try method == 8 ? ZStream.run(.inflate, framing: .raw, data, what: what) : data
                let patched = Array(patchStyles(String(decoding: xml, as: UTF8.self)).utf8)
                let compressed = try ZStream.run(.deflate, framing: .raw, patched, what: what)
                let crc = UInt32(patched.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
                var header = Array(region[lo..<(lo + headerLength)])
                put16(&header, 8, 8); put32(&header, 14, crc); put32(&header, 18, UInt32(compressed.count)); put32(&header, 22, UInt32(patched.count))
                out += header + compressed
                put16(&entries[index].central, 10, 8)
                put32(&entries[index].central, 16, crc)
                put32(&entries[index].central, 20, UInt32(compressed.count))
                put32(&entries[index].central, 24, UInt32(patched.count))
            } else {
                out += region[lo..<(lo + headerLength + entry.compressedSize)]
            }
        }
        for (index, offset) in newOffsets { put32(&entries[index].central, 42, UInt32(offset)) }
        let newCDOffset = start + out.count
        var newCD: [UInt8] = []
        for e in entries { newCD += e.central }
        var eocd = Array(tail[eocdAt...])
        put32(&eocd, 12, UInt32(newCD.count)); put32(&eocd, 16, UInt32(newCDOffset))
        out += newCD + eocd
        try handle.truncate(atOffset: UInt64(start))
        try handle.seek(toOffset: UInt64(start))
        try handle.write(contentsOf: out)
        try handle.synchronize()
    }

    /// Adds quotePrefix="1" to every `<xf>` of `<cellXfs>` that uses number format 49.
    static func patchStyles(_ xml: String) -> String {
        guard let open = xml.range(of: "<cellXfs"), let close = xml.range(of: "</cellXfs>", range: open.upperBound..<xml.endIndex) else { return xml }
        let section = String(xml[open.lowerBound..<close.upperBound])
        var result = ""
        var rest = Substring(section)
        while let r = rest.range(of: "<xf ") {
            result += rest[..<r.lowerBound]
            let tagEnd = rest[r.lowerBound...].firstIndex(of: ">") ?? rest.endIndex
            let tag = String(rest[r.lowerBound..<tagEnd])
            if tag.contains("numFmtId=\"49\"") && !tag.contains("quotePrefix") {
                result += "<xf quotePrefix=\"1\" " + tag.dropFirst(4)
            } else {
                result += tag
            }
            rest = rest[tagEnd...]
        }
        result += rest
        return String(xml[..<open.lowerBound]) + result + String(xml[close.upperBound...])
    }

    private static func corrupt(_ path: String, _ what: String) -> RenderingError {
        RenderingError(.xlsx, "cannot add quote prefixes to \(path): \(what)")
    }
    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    private static func put16(_ b: inout [UInt8], _ i: Int, _ v: UInt16) { b[i] = UInt8(v & 0xFF); b[i + 1] = UInt8(v >> 8) }
    private static func put32(_ b: inout [UInt8], _ i: Int, _ v: UInt32) { put16(&b, i, UInt16(v & 0xFFFF)); put16(&b, i + 2, UInt16(v >> 16)) }
}
