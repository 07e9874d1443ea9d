import Lessons
import Words

/// The words of the output-size atlas (`AtlasPage`), in English or Korean. The numbers, the
/// formulas and the table's letters (F, P, S, D, O) are the same in every language.
struct AtlasWords: Sendable, Decodable {
    var title, summary: String
    /// The Markdown before the tables (KaTeX math included).
    var intro: String
    /// `heading`: `{i}`: the input size.
    var heading, formula, neverRead, invalid, none: String
    /// `{span}` (the dilated kernel), `{padded}` (the padded input): why a row is invalid.
    var doesNotFit: String
    /// `captionOne`: `{i}`, `{p}`, `{list}` (the unread rows and columns), `{settings}`; `one` for a single cell.
    var captionOne, captionMany: String
    /// The explorer above the tables: its heading, intro, the five labels, the coverage strip's
    /// caption, `unread` (`{list}`), `allRead`, and the note shown without JavaScript.
    var explorer, explorerIntro, inputLabel, kernelLabel, paddingLabel, strideLabel, dilationLabel: String
    var coverage, unread, allRead, needsScript: String

    /// The words in `language`, from its catalog (`atlas.*`).
    init(_ language: Language) { self = language.view(area: "atlas") }

    /// The words for a lesson language code; English for a code without a catalog.
    static func forLanguage(_ code: String) -> AtlasWords { AtlasWords(Language(code: code)) }

    func fill(_ template: String, _ values: [String: String]) -> String { Catalog.fill(template, values) }
}
