import Words

/// The sentences of a frame's alt text (see `FrameAltText`), in English or Korean. Templates
/// use `{name}` placeholders; tensor names, cell indices and the arithmetic are filled in as
/// they are. Korean templates put no particle right after a placeholder.
public struct FrameAltLabels: Sendable, Equatable {
    /// `{k}` (1-based step), `{n}` (steps), `{op}`, `{id}`.
    public var step: String
    /// `{op}`, `{id}`, `{n}`.
    public var overview: String
    /// `{cells}`.
    public var read: String
    public var weights: String
    /// `{cells}`, `{v}`.
    public var bias: String
    /// `{legend}` (the emphasis legend, first letter in upper case), `{cells}`.
    public var emphasis: String
    public var written: String
    /// `{a}`: the step's arithmetic.
    public var arithmetic: String
    /// After a tensor name: one cell, several cells.
    public var cell: String
    public var cells: String
    /// Marks a cell of the zero padding: `(0, -1) [padding]`.
    public var paddingCell: String
    /// `{name}`, `{shape}`: a grid drawn as colours.
    public var density: String

    /// The words in `language`, from its catalog.
    public init(_ language: Language) {
        step = language[.altStep]
        overview = language[.altOverview]
        read = language[.altRead]
        weights = language[.altWeights]
        bias = language[.altBias]
        emphasis = language[.altEmphasis]
        written = language[.altWritten]
        arithmetic = language[.altArithmetic]
        cell = language[.altCell]
        cells = language[.altCells]
        paddingCell = language[.altPaddingCell]
        density = language[.altDensity]
    }
}
