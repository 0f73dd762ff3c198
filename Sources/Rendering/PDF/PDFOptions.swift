/// Options of `PDFRenderer`.
public struct PDFOptions: Sendable {
    /// The paper size of every page.
    public enum Paper: String, Sendable, CaseIterable {
        /// 210 x 297 mm.
        case a4
        /// 8.5 x 11 in.
        case letter

        /// Regions whose paper is Letter (ISO 3166 alpha-2); everywhere else uses A4.
        public static let letterRegions: Set<String> = ["US", "CA"]

        /// The paper of a BCP 47 locale identifier: Letter when its region is in
        /// `letterRegions` (en-US, es-US, en-CA, fr-CA), A4 otherwise, also for a locale without
        /// a region ("en") or one that does not parse. POSIX forms ("en_US.UTF-8") are accepted.
        public static func forLocale(_ identifier: String) -> Paper {
            var id = Substring(identifier)
            if let cut = id.firstIndex(where: { $0 == "." || $0 == "@" }) { id = id[..<cut] }
            let subtags = id.split(whereSeparator: { $0 == "-" || $0 == "_" })
            guard let language = subtags.first, language.count >= 2 else { return .a4 }
            // language, then an optional 4-letter script, then the region (2 letters or 3 digits);
            // a singleton ("u", "x") starts extensions.
            for tag in subtags.dropFirst() {
                if tag.count == 1 { break }
                if tag.count == 4, tag.allSatisfy(\.isLetter) { continue }
                if tag.count == 2, tag.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    return letterRegions.contains(tag.uppercased()) ? .letter : .a4
                }
                break
            }
            return .a4
        }

        /// Width and height in PDF points (1/72 in).
        public var size: (width: Double, height: Double) {
            switch self {
            case .a4: return (595.2756, 841.8898)
            case .letter: return (612, 792)
            }
        }
    }

    public var paper: Paper
    /// After the body (KPIs, charts, the tables as the HTML selects them), every table whose
    /// rows the body does not show in full follows with all its rows.
    public var appendix: Bool
    /// Points per chart series at most, as in `HTMLOptions.maxChartPoints` (gap-aware LTTB).
    public var maxChartPoints: Int
    /// Lines a wrapped text cell shows at most; the last is ellipsized (1: never wrap).
    public var maxCellLines: Int

    public init(paper: Paper = .a4, appendix: Bool = true, maxChartPoints: Int = 400, maxCellLines: Int = 3) {
        self.paper = paper
        self.appendix = appendix
        self.maxChartPoints = max(3, maxChartPoints)
        self.maxCellLines = max(1, min(maxCellLines, 20))
    }
}
