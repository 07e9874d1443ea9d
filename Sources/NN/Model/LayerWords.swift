import Words

/// The words of a layer table's one-line descriptions (`conv 5x5, 6 filters, pad 2`), per
/// language. Layer kinds (`conv`, `maxpool`, ...) and numbers stay as a model file writes them;
/// only the words around them change. `{n}` in `filters` is the filter count.
public struct LayerWords: Sendable, Equatable, Decodable {
    public var oneFilter, filters, pad, padSame, stride, dilation, size, noBias: String
    /// PReLU's note, `{a}` being the starting α.
    public var learnedAlpha: String

    /// The words in `language`, from its catalog (`layer.*`).
    public init(_ language: Language) { self = language.view(area: "layer") }

    /// The words for a lesson language code; English for a code without a catalog.
    public static func forLanguage(_ code: String) -> LayerWords { LayerWords(Language(code: code)) }
}
