import Foundation
import Testing
@testable import Rendering

/// Real PDF readers for the PDF tests: qpdf and poppler-utils (pdftotext, pdffonts, pdftoppm, pdfinfo).
enum PDFTestTools {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ tool: String, _ args: [String]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempDir(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Renders `doc` into a fresh directory; returns the result (the caller removes `result.url`'s folder).
    static func render(_ doc: ReportDocument, _ name: String, options: PDFOptions = PDFOptions()) throws -> RenderedPDF {
        let dir = try tempDir(name)
        return try PDFRenderer(options: options).render(doc, to: dir.appendingPathComponent("\(name).pdf"))
    }

    static func remove(_ file: RenderedPDF) {
        try? FileManager.default.removeItem(at: file.url.deletingLastPathComponent())
    }

    /// The text of the whole file, or of page `page` (1-based).
    static func text(_ url: URL, page: Int? = nil) throws -> String {
        var args = ["-enc", "UTF-8"]
        if let page { args += ["-f", "\(page)", "-l", "\(page)"] }
        let r = try run("pdftotext", args + [url.path, "-"])
        #expect(r.status == 0, "pdftotext failed: \(r.stderr)")
        return r.stdout
    }

    /// `pdfinfo` as key/value pairs.
    static func info(_ url: URL) throws -> [String: String] {
        let r = try run("pdfinfo", ["-isodates", url.path])
        #expect(r.status == 0, "pdfinfo failed: \(r.stderr)")
        var out: [String: String] = [:]
        for line in r.stdout.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            out[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    /// `pdffonts` rows as (name, emb) pairs, columns cut at the dashes of its second line.
    static func fonts(_ url: URL) throws -> [(name: String, embedded: String)] {
        let r = try run("pdffonts", [url.path])
        #expect(r.status == 0, "pdffonts failed: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 2 else { return [] }
        let header = lines[0], dashes = Array(lines[1])
        var columns: [Range<Int>] = []
        var start: Int? = nil
        for (i, c) in dashes.enumerated() {
            if c == "-" { if start == nil { start = i } } else if let s = start { columns.append(s..<i); start = nil }
        }
        if let s = start { columns.append(s..<dashes.count) }
        func cell(_ line: String, _ r: Range<Int>) -> String {
            let chars = Array(line)
            guard r.lowerBound < chars.count else { return "" }
            return String(chars[r.lowerBound..<min(r.upperBound, chars.count)]).trimmingCharacters(in: .whitespaces)
        }
        guard let embColumn = columns.firstIndex(where: { cell(header, $0) == "emb" }) else { return [] }
        return lines.dropFirst(2).filter { !$0.isEmpty }.map { (cell($0, columns[0]), cell($0, columns[embColumn])) }
    }

    /// Non-white pixels of every page rasterised at `dpi` in grey, counted in the band between
    /// 10 % and 90 % of the page height (the content, not only the running header and footer).
    static func contentPixels(_ url: URL, dpi: Int = 30) throws -> [Int] {
        let dir = try tempDir("ppm")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run("pdftoppm", ["-r", "\(dpi)", "-gray", url.path, dir.appendingPathComponent("p").path])
        #expect(r.status == 0, "pdftoppm failed: \(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".pgm") }.sorted()
        return try files.map { try countDark(Data(contentsOf: dir.appendingPathComponent($0))) }
    }

    /// Reads a binary PGM (P5, maxval 255) and counts the pixels darker than 245 in the middle band.
    static func countDark(_ data: Data) throws -> Int {
        let bytes = [UInt8](data)
        var fields: [Int] = []
        var i = 2
        guard bytes.count > 2, bytes[0] == 0x50, bytes[1] == 0x35 else { throw RenderingError(.io, "not a P5 PGM") }
        while fields.count < 3 && i < bytes.count {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
            var v = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { v = v * 10 + Int(bytes[i] - 0x30); i += 1 }
            fields.append(v)
        }
        i += 1
        let (w, h) = (fields[0], fields[1])
        guard bytes.count >= i + w * h else { throw RenderingError(.io, "short PGM") }
        var dark = 0
        for row in (h / 10)..<(h * 9 / 10) {
            let base = i + row * w
            for x in 0..<w where bytes[base + x] < 245 { dark += 1 }
        }
        return dark
    }

    /// The bookmark titles, depth first, from qpdf's JSON.
    static func outlineTitles(_ url: URL) throws -> [String] {
        let r = try run("qpdf", ["--json", "--json-key=outlines", url.path])
        #expect(r.status == 0, "qpdf --json failed: \(r.stderr)")
        let root = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        var titles: [String] = []
        func walk(_ items: [[String: Any]]) {
            for item in items {
                if let t = item["title"] as? String { titles.append(t) }
                walk(item["kids"] as? [[String: Any]] ?? [])
            }
        }
        walk(root?["outlines"] as? [[String: Any]] ?? [])
        return titles
    }

    /// Word boxes from `pdftotext -bbox`: (page width, page height, xMin, yMin, xMax, yMax, word).
    static func wordBoxes(_ url: URL) throws -> [(pageW: Double, pageH: Double, box: (Double, Double, Double, Double), word: String)] {
        let r = try run("pdftotext", ["-bbox", url.path, "-"])
        #expect(r.status == 0, "pdftotext -bbox failed: \(r.stderr)")
        var out: [(pageW: Double, pageH: Double, box: (Double, Double, Double, Double), word: String)] = []
        var pw = 0.0, ph = 0.0
        func attr(_ line: Substring, _ name: String) -> Double? {
            guard let r = line.range(of: name + "=\"") else { return nil }
            let rest = line[r.upperBound...]
            return rest.firstIndex(of: "\"").flatMap { Double(rest[..<$0]) }
        }
        for line in r.stdout.split(separator: "\n") {
            if line.contains("<page ") { pw = attr(line, "width") ?? 0; ph = attr(line, "height") ?? 0 }
            if line.contains("<word "), let a = attr(line, "xMin"), let b = attr(line, "yMin"), let c = attr(line, "xMax"), let d = attr(line, "yMax") {
                let word = line.split(separator: ">").dropFirst().first.map { String($0.split(separator: "<").first ?? "") } ?? ""
                out.append((pw, ph, (a, b, c, d), word))
            }
        }
        return out
    }
}
