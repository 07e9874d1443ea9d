import Lessons
import Words

/// The words of the output-size atlas (`AtlasPage`), in English or Korean. The numbers, the
/// formulas and the table's letters (F, P, S, D, O) are the same in every language.
struct AtlasWords: Sendable {
    var title: String
    var summary: String
    /// The Markdown before the tables (KaTeX math included).
    var intro: String
    /// `{i}`: the input size.
    var heading: String
    var formula: String
    var neverRead: String
    var invalid: String
    var none: String
    /// `{span}` (the dilated kernel), `{padded}` (the padded input): why a row is invalid.
    var doesNotFit: String
    /// `{i}`, `{p}`, `{list}` (the unread rows and columns), `{settings}`; `one` for a single cell.
    var captionOne: String
    var captionMany: String

    /// The words in `language`, from its catalog.
    init(_ language: Language) {
        title = language[.atlasTitle]
        summary = language[.atlasSummary]
        intro = language[.atlasIntro]
        heading = language[.atlasHeading]
        formula = language[.atlasFormula]
        neverRead = language[.atlasNeverRead]
        invalid = language[.atlasInvalid]
        none = language[.atlasNone]
        doesNotFit = language[.atlasDoesNotFit]
        captionOne = language[.atlasCaptionOne]
        captionMany = language[.atlasCaptionMany]
    }

    /// The words for a lesson language code; English for a code without a catalog.
    static func forLanguage(_ code: String) -> AtlasWords { AtlasWords(Language(code: code)) }

    func fill(_ template: String, _ values: [String: String]) -> String { Catalog.fill(template, values) }
}
