import CCairo
import CPango

/// Measures and draws text in `TextStyle`s on one cairo context, with one reused layout per style.
///
/// The fonts are Noto Sans, falling back to DejaVu Sans (Debian fonts-noto-core,
/// fonts-dejavu-core); characters they lack come from fontconfig's fallback: Arabic and Hebrew
/// from DejaVu/Noto, CJK from Noto Sans CJK (fonts-noto-cjk), emoji from Symbola
/// (fonts-symbola: outline glyphs, so emoji stay text in the PDF). A character no installed
/// font has is drawn as a box (`PangoLayout.unknownGlyphs` counts them), never an error.
/// `init` throws `RenderingError(.font)` when neither base family is installed. Every string
/// is passed through `LayoutText.clean` (at most `characterLimit` characters).
final class Typesetter {
    static let families = "Noto Sans,DejaVu Sans"
    static let acceptedFamilies: Set<String> = ["Noto Sans", "DejaVu Sans"]

    let pango: PangoContext
    let characterLimit: Int
    private var layouts: [TextStyle: PangoLayout] = [:]
    private var fonts: [Double: (regular: PangoFontDescription, bold: PangoFontDescription)] = [:]
    private var lineHeights: [TextStyle: Double] = [:]
    private var plainLines: [TextStyle: PlainTextLine] = [:]
    private let tabularFigures: PangoAttributeList

    init(cairo: CairoContext, characterLimit: Int = 600) throws {
        pango = try PangoContext(cairo: cairo)
        self.characterLimit = characterLimit
        tabularFigures = try PangoAttributeList()
        try tabularFigures.addFontFeatures("tnum")
        let probe = try PangoFontDescription(families: Self.families, size: 10, bold: false)
        guard let family = pango.resolvedFamily(probe), Self.acceptedFamilies.contains(family) else {
            throw RenderingError(.font, "none of the fonts \(Self.families) is installed (Debian: fonts-noto-core or fonts-dejavu-core)")
        }
    }

    var cairo: CairoContext { pango.cairo }

    /// The layout for `style`, holding `text` wrapped at `width` (nil: one unwrapped line).
    func layout(_ text: String, _ style: TextStyle, width: Double?) throws -> PangoLayout {
        let layout = try self.layout(for: style)
        layout.setBox(width: width, maxLines: style.maxLines, singleParagraph: style.maxLines == 1)
        layout.setText(LayoutText.clean(text, limit: characterLimit))
        return layout
    }

    /// Width and height `text` takes in `style`.
    func measure(_ text: String, _ style: TextStyle, width: Double? = nil) throws -> (width: Double, height: Double) {
        try layout(text, style, width: width).size
    }

    /// Draws `text` with its top-left at (x, y); returns the height used.
    @discardableResult
    func draw(_ text: String, _ style: TextStyle, x: Double, y: Double, width: Double?, color: RGBColor, alpha: Double = 1) throws -> Double {
        let l = try layout(text, style, width: width)
        cairo.setColor(color, alpha: alpha)
        l.draw(x: x, y: y)
        return l.size.height
    }

    /// The height of one line of `style`.
    func lineHeight(_ style: TextStyle) throws -> Double {
        let key = style.with(maxLines: 1).with(alignment: .left)
        if let h = lineHeights[key] { return h }
        let h = try measure("Ag", key).height
        lineHeights[key] = h
        return h
    }

    /// A new layout of `style` that the caller keeps (e.g. one per table column); the caller
    /// sets its box and passes text through `LayoutText.clean`.
    func makeLayout(_ style: TextStyle) throws -> PangoLayout {
        let l = try PangoLayout(context: pango)
        l.setFont(try font(size: style.size, bold: style.bold))
        l.setAttributes(style.tabular ? tabularFigures : nil)
        l.setAlignment(style.alignment)
        return l
    }

    /// A new layout holding `text` in `style` wrapped at `width`, for the caller to keep and draw
    /// again and again without laying it out again (table headers, running header and footer).
    func preparedLayout(_ text: String, _ style: TextStyle, width: Double?) throws -> PangoLayout {
        let l = try makeLayout(style)
        l.setBox(width: width, maxLines: style.maxLines, singleParagraph: style.maxLines == 1)
        l.setText(LayoutText.clean(text, limit: characterLimit))
        return l
    }

    /// The cairo-only ASCII setter for `style` (see `PlainTextLine`), made once per style.
    func plainLine(_ style: TextStyle) throws -> PlainTextLine {
        let key = style.with(maxLines: 0).with(alignment: .left)
        if let p = plainLines[key] { return p }
        let p = try PlainTextLine(typesetter: self, style: key)
        plainLines[key] = p
        return p
    }

    private func layout(for style: TextStyle) throws -> PangoLayout {
        if let l = layouts[style] { return l }
        let l = try makeLayout(style)
        layouts[style] = l
        return l
    }

    private func font(size: Double, bold: Bool) throws -> PangoFontDescription {
        if let f = fonts[size] { return bold ? f.bold : f.regular }
        let pair = (regular: try PangoFontDescription(families: Self.families, size: size, bold: false),
                    bold: try PangoFontDescription(families: Self.families, size: size, bold: true))
        fonts[size] = pair
        return bold ? pair.bold : pair.regular
    }
}
