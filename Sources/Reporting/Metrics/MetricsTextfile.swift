import Foundation

/// A node-exporter textfile (`*.prom`) shared by several commands, each owning the series labelled with its `job`.
///
/// `update(job:_:)` takes an exclusive `flock` on `<file>.lock`, reads the file, hands this
/// job's old samples to the caller, and writes the caller's new samples with every other job's
/// series kept: into a temporary file in the same folder (mode `modes.file`, fsynced), then
/// renamed over the file, so the collector never reads a partial file. Lines it cannot parse
/// are dropped. The temporary name does not end in `.prom`, so the collector ignores it.
public struct MetricsTextfile: Sendable {
    /// One sample: `name{labels} value`, with the metric's HELP and TYPE.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [(String, String)]
        public var value: Double
        public var help: String
        public var type: String

        public init(_ name: String, _ labels: [(String, String)], _ value: Double, help: String, type: String = "gauge") {
            self.name = name
            self.labels = labels
            self.value = value
            self.help = help
            self.type = type
        }

        public static func == (a: Sample, b: Sample) -> Bool {
            a.name == b.name && a.labels.elementsEqual(b.labels, by: ==) && a.value == b.value
        }

        /// The value of label `key`, if any.
        public func label(_ key: String) -> String? { labels.first { $0.0 == key }?.1 }
    }

    public let path: String
    public let modes: FileModes

    public init(path: String, modes: FileModes) {
        self.path = path
        self.modes = modes
    }

    /// Replaces `job`'s series by what `make` returns (given `job`'s current samples); other jobs' series stay.
    public func update(job: String, _ make: ([Sample]) -> [Sample]) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let lockPath = path + ".lock"
        let lock = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, modes.file)
        guard lock >= 0 else { throw Self.failure("cannot open \(lockPath)") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Self.failure("cannot lock \(lockPath)") }
        }
        let old = FileManager.default.fileExists(atPath: path)
            ? MetricsTextfile.parse((try? String(contentsOfFile: path, encoding: .utf8)) ?? "") : []
        let kept = old.filter { $0.label("job") != job }
        let text = MetricsTextfile.render(kept + make(old.filter { $0.label("job") == job }))
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UUID().uuidString.prefix(8))").path
        do {
            try Self.writeFile(Data(text.utf8), to: temporary, mode: modes.file)
            guard rename(temporary, path) == 0 else { throw Self.failure("cannot rename \(temporary) to \(path)") }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// The text format: per metric name (in first-seen order) one HELP and one TYPE line, then its samples.
    public static func render(_ samples: [Sample]) -> String {
        var order: [String] = []
        var byName: [String: [Sample]] = [:]
        for sample in samples {
            if byName[sample.name] == nil { order.append(sample.name) }
            byName[sample.name, default: []].append(sample)
        }
        var text = ""
        for name in order {
            let group = byName[name] ?? []
            text += "# HELP \(name) \(escapeHelp(group[0].help))\n# TYPE \(name) \(group[0].type)\n"
            for s in group.sorted(by: { labelText($0.labels) < labelText($1.labels) }) {
                text += "\(name)\(labelText(s.labels)) \(number(s.value))\n"
            }
        }
        return text
    }

    /// Samples of a file in the text format (HELP and TYPE attached to their samples); unparseable lines are skipped.
    public static func parse(_ text: String) -> [Sample] {
        var help: [String: String] = [:], type: [String: String] = [:]
        var samples: [Sample] = []
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1).map(String.init)
                guard let name = parts.first else { continue }
                if line.hasPrefix("# HELP ") { help[name] = parts.count > 1 ? unescapeHelp(parts[1]) : "" } else { type[name] = parts.count > 1 ? parts[1] : "untyped" }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let sample = parseSample(line) { samples.append(sample) }
        }
        return samples.map { s in
            var s = s
            s.help = help[s.name] ?? s.name
            s.type = type[s.name] ?? "gauge"
            return s
        }
    }

    static func parseSample(_ line: String) -> Sample? {
        let chars = Array(line)
        var i = 0
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == ":" { i += 1 }
        guard i > 0 else { return nil }
        let name = String(chars[0..<i])
        var labels: [(String, String)] = []
        if i < chars.count, chars[i] == "{" {
            i += 1
            while i < chars.count, chars[i] != "}" {
                while i < chars.count, chars[i] == "," || chars[i] == " " { i += 1 }
                if i < chars.count, chars[i] == "}" { break }
                let keyStart = i
                while i < chars.count, chars[i] != "=" { i += 1 }
                guard i + 1 < chars.count, chars[i + 1] == "\"" else { return nil }
                let key = String(chars[keyStart..<i]).trimmingCharacters(in: .whitespaces)
                i += 2
                var value = ""
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count {
                        i += 1
                        value.append(chars[i] == "n" ? "\n" : chars[i])
                    } else {
                        value.append(chars[i])
                    }
                    i += 1
                }
                guard i < chars.count else { return nil }
                i += 1
                labels.append((key, value))
            }
            guard i < chars.count else { return nil }
            i += 1
        }
        let fields = String(chars[i...]).split(separator: " ")
        guard let first = fields.first, let value = Double(first) ?? (first == "+Inf" ? .infinity : first == "-Inf" ? -.infinity : nil) else {
            return nil
        }
        return Sample(name, labels, value, help: name)
    }

    static func labelText(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        let body = labels.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }
        return "{" + body.joined(separator: ",") + "}"
    }

    /// Integers without a fraction; others with up to millisecond precision.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.3f", value)
    }

    static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\\\", with: "\\")
    }

    static func writeFile(_ data: Data, to path: String, mode: mode_t) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot create \(path)") }
        defer { close(fd) }
        guard fchmod(fd, mode) == 0 else { throw failure("cannot set mode \(FileModes.text(mode)) on \(path)") }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure("cannot write \(path)")
                }
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw failure("fsync failed for \(path)") }
    }

    static func failure(_ message: String) -> ReportingError {
        ReportingError(.io, "metrics textfile: \(message)", underlying: String(cString: strerror(errno)))
    }
}
