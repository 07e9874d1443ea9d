import Words

/// The words of a `CoverageGrid` (its legend and alt text), in English or Korean. Templates
/// use `{name}` placeholders; Korean ones put no particle right after a placeholder.
public struct CoverageLabels: Sendable, Equatable {
    /// The legend of the shaded cells.
    public var neverRead: String
    /// `{title}`, `{rows}`, `{columns}`.
    public var input: String
    /// `{p}`: appended to `input` when there is padding.
    public var padded: String
    /// `{i}`: one row or column; `{list}`: several.
    public var rowNeverRead: String
    public var rowsNeverRead: String
    public var columnNeverRead: String
    public var columnsNeverRead: String
    public var everyCellRead: String
    /// The end of the alt text.
    public var shaded: String

    /// The words in `language`, from its catalog.
    public init(_ language: Language) {
        neverRead = language[.coverageNeverRead]
        input = language[.coverageInput]
        padded = language[.coveragePadded]
        rowNeverRead = language[.coverageRowNeverRead]
        rowsNeverRead = language[.coverageRowsNeverRead]
        columnNeverRead = language[.coverageColumnNeverRead]
        columnsNeverRead = language[.coverageColumnsNeverRead]
        everyCellRead = language[.coverageEveryCellRead]
        shaded = language[.coverageShaded]
    }

    /// The words for a lesson language code; English for a code without a catalog.
    public static func forLanguage(_ code: String) -> CoverageLabels { CoverageLabels(Language(code: code)) }
}
