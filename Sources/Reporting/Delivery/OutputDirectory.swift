import Foundation

/// Writes one report's files into a temporary folder and publishes them with a rename.
///
/// Layout: `<out>/<tenant-slug>/<definition>/<period-label>/`. Files are written to
/// `.tmp-<label>-<run>` beside it, fsynced, listed in `manifest.json`, then the folder is
/// renamed into place, so a reader never sees a half report. A rerun replaces the old
/// folder whole; temp folders left by a killed run are removed by the next run. Files get
/// `modes.file` and the folders this run creates (the temporary one included) `modes.directory`.
public final class OutputDirectory {
    public let finalURL: URL
    public let temporaryURL: URL
    public let modes: FileModes
    private var published = false

    public init(root: String, tenantSlug: String, definition: String, periodLabel: String, runID: UUID,
                modes: FileModes = FileModes()) throws {
        for (what, part) in [("tenant slug", tenantSlug), ("definition", definition), ("period label", periodLabel)] {
            guard OutputDirectory.isSafeComponent(part) else {
                throw ReportingError(.invalidInput, "\(what) '\(part)' cannot be used as a folder name")
            }
        }
        let parent = URL(fileURLWithPath: root).appendingPathComponent(tenantSlug).appendingPathComponent(definition)
        finalURL = parent.appendingPathComponent(periodLabel)
        temporaryURL = parent.appendingPathComponent(".tmp-\(periodLabel)-\(runID.uuidString.lowercased())")
        self.modes = modes
        let fm = FileManager.default
        do {
            // The tenant and definition folders this run creates get the folder mode; existing ones are left as they are.
            let tenantFolder = parent.deletingLastPathComponent()
            let created = [tenantFolder, parent].filter { !fm.fileExists(atPath: $0.path) }
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            for folder in created { try OutputDirectory.chmod(folder, modes.directory) }
            OutputDirectory.removeStale(in: parent)
            try fm.createDirectory(at: temporaryURL, withIntermediateDirectories: false)
            try OutputDirectory.chmod(temporaryURL, modes.directory)
        } catch let error as ReportingError {
            throw error
        } catch {
            throw ReportingError(.io, "cannot create the output folder \(parent.path)", underlying: "\(error.localizedDescription)")
        }
    }

    static func chmod(_ url: URL, _ mode: mode_t) throws {
        guard Glibc.chmod(url.path, mode) == 0 else {
            throw ReportingError(.io, "cannot set mode \(FileModes.text(mode)) on \(url.path)", underlying: String(cString: strerror(errno)))
        }
    }

    deinit {
        if !published { try? FileManager.default.removeItem(at: temporaryURL) }
    }

    /// A slug, name or label that is safe as one path component (no separators, no dot-dot).
    static func isSafeComponent(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 200 && text != "." && text != ".." && !text.hasPrefix(".")
            && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) }
    }

    /// Where to write a file named `name` before publishing.
    public func url(for name: String) -> URL { temporaryURL.appendingPathComponent(name) }

    /// fsyncs every file and the folder, writes `manifest.json`, and renames the folder into place.
    ///
    /// Returns the files with their final paths, sizes and SHA-256.
    public func publish(files: [(name: String, format: String)], manifest: (([ReportFile]) throws -> Data)) throws -> [ReportFile] {
        var listed: [ReportFile] = []
        for file in files {
            let url = url(for: file.name)
            try OutputDirectory.chmod(url, modes.file)
            try OutputDirectory.fsync(url)
            let digest = try ReportFile.digest(of: url)
            listed.append(ReportFile(format: file.format, path: finalURL.appendingPathComponent(file.name).path,
                                     bytes: digest.bytes, sha256: digest.sha256))
        }
        let manifestURL = url(for: "manifest.json")
        do {
            try manifest(listed).write(to: manifestURL)
        } catch {
            throw ReportingError(.io, "cannot write \(manifestURL.path)", underlying: error.localizedDescription)
        }
        try OutputDirectory.chmod(manifestURL, modes.file)
        try OutputDirectory.fsync(manifestURL)
        try OutputDirectory.fsync(temporaryURL)
        let fm = FileManager.default
        var old: URL? = nil
        if fm.fileExists(atPath: finalURL.path) {
            let aside = temporaryURL.deletingLastPathComponent().appendingPathComponent(".old-\(UUID().uuidString.lowercased())")
            guard rename(finalURL.path, aside.path) == 0 else {
                throw ReportingError(.io, "cannot move the previous report aside at \(finalURL.path)", underlying: String(cString: strerror(errno)))
            }
            old = aside
        }
        guard rename(temporaryURL.path, finalURL.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if let old { _ = rename(old.path, finalURL.path) }
            throw ReportingError(.io, "cannot publish \(finalURL.path)", underlying: reason)
        }
        published = true
        try OutputDirectory.fsync(finalURL.deletingLastPathComponent())
        if let old { try? fm.removeItem(at: old) }
        return listed
    }

    /// Removes `.tmp-*` and `.old-*` folders left by a run that was killed (older than 10 minutes).
    static func removeStale(in parent: URL) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(".tmp-") || name.hasPrefix(".old-") {
            let url = parent.appendingPathComponent(name)
            let modified = (try? fm.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? nil
            if let modified, Date().timeIntervalSince(modified) < 600, name.hasPrefix(".tmp-") { continue }
            try? fm.removeItem(at: url)
        }
    }

    static func fsync(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw ReportingError(.io, "cannot open \(url.path) to fsync it", underlying: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard Glibc.fsync(fd) == 0 else {
            throw ReportingError(.io, "fsync failed for \(url.path)", underlying: String(cString: strerror(errno)))
        }
    }
}
