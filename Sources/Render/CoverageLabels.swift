import Words

/// The words of a `CoverageGrid` (its legend and alt text), in English or Korean. Templates
/// use `{name}` placeholders; Korean ones put no particle right after a placeholder.
public struct CoverageLabels: Sendable, Equatable, Decodable {
    /// The legend of the shaded cells.
    public var neverRead: String
    /// `{title}`, `{rows}`, `{columns}`.
    public var input: String
    /// `{p}`: appended to `input` when there is padding.
    public var padded: String
    /// `rowNeverRead`: `{i}`: one row or column; `{list}`: several.
    public var rowNeverRead, rowsNeverRead, columnNeverRead, columnsNeverRead, everyCellRead: String
    /// The end of the alt text.
    public var shaded: String

    /// The words in `language`, from its catalog (`coverage.*`).
    public init(_ language: Language) { self = language.view(area: "coverage") }

    /// The words for a lesson language code; English for a code without a catalog.
    public static func forLanguage(_ code: String) -> CoverageLabels { CoverageLabels(Language(code: code)) }
}
