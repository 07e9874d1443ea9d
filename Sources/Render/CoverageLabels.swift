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

    public static let english = CoverageLabels(
        neverRead: "never read", input: "{title}. A {rows}×{columns} input", padded: " with zero padding {p} (hatched)",
        rowNeverRead: "row {i} is never read", rowsNeverRead: "rows {list} are never read",
        columnNeverRead: "column {i} is never read", columnsNeverRead: "columns {list} are never read",
        everyCellRead: "every cell is read", shaded: " (shaded red).")

    public static let korean = CoverageLabels(
        neverRead: "읽지 않는 칸", input: "{title}. {rows}×{columns} 입력", padded: ", 제로 패딩 {p} (빗금)",
        rowNeverRead: "{i}행은 어떤 윈도우도 읽지 않음", rowsNeverRead: "{list}행은 어떤 윈도우도 읽지 않음",
        columnNeverRead: "{i}열은 어떤 윈도우도 읽지 않음", columnsNeverRead: "{list}열은 어떤 윈도우도 읽지 않음",
        everyCellRead: "모든 칸을 읽음", shaded: " (붉은 음영).")

    /// The labels for a language code (`en`, `ko`); English for any other.
    public static func forLanguage(_ code: String) -> CoverageLabels { code == "ko" ? .korean : .english }
}
