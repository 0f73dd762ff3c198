import CXLSXWriter
import Foundation

/// The single owner of a libxlsxwriter workbook (`lxw_workbook*`).
///
/// Created for one output file; `close()` writes the file and releases the workbook; if the
/// workbook is dropped without `close()` (an error on the way), `deinit` frees it with
/// `lxw_workbook_free` and nothing is written. Every `lxw_error` becomes a
/// `RenderingError(.xlsx)` carrying `lxw_strerror`. Not thread-safe: use it from one task.
final class XLSXWorkbook {
    let url: URL
    let constantMemory: Bool
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var tmpdir: UnsafeMutablePointer<CChar>?
    private var sheetNames = Set<String>()
    /// Set when a quote-prefixed format was used; `close()` then patches styles.xml.
    var usedQuotePrefix = false
    /// What tells two cell formats apart.
    struct FormatKey: Hashable {
        let style: XLSXStyle
        let breached: Bool
        let quoted: Bool
    }

    /// The cell formats made so far (libxlsxwriter frees them with the workbook).
    var formats: [FormatKey: UnsafeMutablePointer<lxw_format>] = [:]

    init(url: URL, constantMemory: Bool, temporaryDirectory: URL?) throws {
        self.url = url
        self.constantMemory = constantMemory
        tmpdir = temporaryDirectory.map { strdup($0.path) }
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        options.tmpdir = tmpdir
        options.use_zip64 = 0
        handle = url.path.withCString { workbook_new_opt($0, &options) }
        guard handle != nil else {
            throw RenderingError(.xlsx, "libxlsxwriter could not create a workbook for \(url.path)")
        }
    }

    deinit {
        if let handle { lxw_workbook_free(handle) }
        free(tmpdir)
    }

    var workbook: UnsafeMutablePointer<lxw_workbook> {
        get throws {
            guard let handle else { throw RenderingError(.xlsx, "workbook \(url.lastPathComponent) is already closed") }
            return handle
        }
    }

    /// Turns a libxlsxwriter status into a thrown `RenderingError` naming what was being done.
    @inline(__always) static func check(_ status: lxw_error, _ what: @autoclosure () -> String) throws {
        guard status != LXW_NO_ERROR else { return }
        throw failure(status, what())
    }

    static func failure(_ status: lxw_error, _ what: String) -> RenderingError {
        let text = String(cString: lxw_strerror(status))
        return RenderingError(.xlsx, "\(what): \(text)", underlying: XLSXStatus(code: Int(status.rawValue), text: text))
    }

    /// Adds a worksheet with an Excel-safe, unique version of `name` (≤ 31 characters, no `[]:*?/\`).
    func addWorksheet(_ name: String) throws -> XLSXSheet {
        let unique = Self.uniqueSheetName(name, taken: sheetNames)
        sheetNames.insert(unique.lowercased())
        let wb = try workbook
        guard let ws = unique.withCString({ workbook_add_worksheet(wb, $0) }) else {
            throw RenderingError(.xlsx, "libxlsxwriter refused sheet name \"\(unique)\"")
        }
        return XLSXSheet(pointer: ws, name: unique)
    }

    /// Adds a chart of `type`; it appears once `XLSXSheet.insert(_:row:col:)` places it.
    func addChart(_ type: lxw_chart_type) throws -> XLSXChart {
        guard let chart = workbook_add_chart(try workbook, UInt8(type.rawValue)) else {
            throw RenderingError(.xlsx, "libxlsxwriter could not create a chart in \(url.lastPathComponent)")
        }
        return try XLSXChart(chart)
    }

    /// Sets title, author and a fixed creation time (so reruns produce the same file).
    func setProperties(title: String, subject: String, author: String, created: Date) throws {
        let wb = try workbook
        // C copies of the strings, freed when libxlsxwriter has copied them in turn.
        let t = strdup(title), s = strdup(subject), a = strdup(author)
        defer { free(t); free(s); free(a) }
        guard t != nil, s != nil, a != nil else { throw RenderingError(.xlsx, "out of memory copying the properties of \(url.path)") }
        var props = lxw_doc_properties()
        props.title = t
        props.subject = s
        props.author = a
        props.created = time_t(DateText.seconds(created))
        try Self.check(workbook_set_properties(wb, &props), "setting workbook properties")
    }

    /// Writes the file and frees the workbook; afterwards the workbook cannot be used.
    func close() throws {
        let wb = try workbook
        handle = nil
        errno = 0
        let status = workbook_close(wb)
        if status != LXW_NO_ERROR {
            let saved = errno
            var error = Self.failure(status, "writing \(url.path)")
            if saved != 0 {
                let reason = String(cString: strerror(saved))
                error = RenderingError(.xlsx, error.message + " (\(reason))", underlying: error.underlying)
            }
            removePartialFile()
            throw error
        }
        if usedQuotePrefix {
            do { try XLSXQuotePrefixPatch.apply(to: url) } catch {
                removePartialFile()
                throw error
            }
        }
    }

    /// Removes a half-written output, but only a regular file (never a device such as /dev/full).
    private func removePartialFile() {
        var st = stat()
        url.path.withCString { path in
            // Best effort on the way out of an error, which is what gets reported.
            if lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { _ = unlink(path) }
        }
    }

    static func uniqueSheetName(_ raw: String, taken: Set<String>) -> String {
        var cleaned = String(String.UnicodeScalarView(raw.unicodeScalars.map { u -> Unicode.Scalar in
            "[]:*?/\\".unicodeScalars.contains(u) || u.value < 0x20 ? "_" : u
        }))
        cleaned = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        if cleaned.isEmpty { cleaned = "Sheet" }
        func clip(_ s: String, _ n: Int) -> String { String(String.UnicodeScalarView(s.unicodeScalars.prefix(n))) }
        var candidate = clip(cleaned, 31)
        var n = 2
        while taken.contains(candidate.lowercased()) || candidate.lowercased() == "history" {
            let suffix = " (\(n))"
            candidate = clip(cleaned, 31 - suffix.count).trimmingCharacters(in: CharacterSet(charactersIn: "' ")) + suffix
            n += 1
        }
        return candidate
    }
}
