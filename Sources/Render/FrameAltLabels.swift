import Words

/// The sentences of a frame's alt text (see `FrameAltText`), in English or Korean. Templates
/// use `{name}` placeholders; tensor names, cell indices and the arithmetic are filled in as
/// they are. Korean templates put no particle right after a placeholder.
public struct FrameAltLabels: Sendable, Equatable, Decodable {
    /// `{k}` (1-based step), `{n}` (steps), `{op}`, `{id}`.
    public var step: String
    /// `{op}`, `{id}`, `{n}`.
    public var overview: String
    /// `read`: `{cells}`.
    public var read, weights: String
    /// `{cells}`, `{v}`.
    public var bias: String
    /// `emphasis`: `{legend}` (the emphasis legend, first letter in upper case), `{cells}`.
    public var emphasis, written: String
    /// `{a}`: the step's arithmetic.
    public var arithmetic: String
    /// After a tensor name: one cell, several cells.
    public var cell, cells: String
    /// Marks a cell of the zero padding: `(0, -1) [padding]`.
    public var paddingCell: String
    /// `{name}`, `{shape}`: a grid drawn as colours.
    public var density: String

    /// The words in `language`, from its catalog (`alt.*`).
    public init(_ language: Language) { self = language.view(area: "alt") }
}
