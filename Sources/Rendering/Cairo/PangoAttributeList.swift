import CPango

/// Owns a `PangoAttrList` applied to a whole layout (OpenType features, letter spacing).
final class PangoAttributeList {
    let pointer: OpaquePointer

    init() throws {
        guard let p = pango_attr_list_new() else {
            throw RenderingError(.cairo, "pango: creating an attribute list returned nothing")
        }
        pointer = p
    }

    deinit { pango_attr_list_unref(pointer) }

    /// OpenType features for the whole text, e.g. "tnum" for tabular (equal-width) figures.
    func addFontFeatures(_ features: String) throws {
        guard let attr = features.withCString({ pango_attr_font_features_new($0) }) else {
            throw RenderingError(.cairo, "pango: creating the font features \"\(features)\" returned nothing")
        }
        pango_attr_list_insert(pointer, attr)  // the list takes ownership of attr
    }
}
