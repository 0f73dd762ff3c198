/// A format a report is written in; the one format type of definitions, `--format` and the renderers.
///
/// The raw value is the name in `formats:` and `--format`. `allCases` is the order the
/// renderer writes them in (html, pdf, xlsx, csv); `ReportRenderer.render` switches over every
/// case, so a new format does not compile until it is rendered.
public enum OutputFormat: String, Hashable, Sendable, CaseIterable {
    case html
    case pdf
    case xlsx
    case csv
}
