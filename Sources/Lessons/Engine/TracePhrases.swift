import NN
import Words

/// The words of trace steps and formulas, in the lesson's language (`lang` in its front matter).
///
/// Traces compute their numbers once and word them through this table: the arithmetic
/// (numbers, ×, +, =, σ(...)) and the tensor names (`input`, `output`, `dY`) stay as they are;
/// only the words around them change. Templates use `{name}` placeholders, filled by `fill`.
/// Korean templates put no particle right after a placeholder, so they read the same whatever
/// number fills it.
public struct TracePhrases: Sendable, Equatable, Decodable {
    // conv2d
    /// `windowAt`: `{r}`, `{c}`: the window's top-left cell.
    public var windowAt, window: String
    // activations
    public var positiveUnchanged: String
    /// `{x}`, `{d}`: identity's derivative.
    public var derivativeAt: String
    // argmax
    /// `{v}`: the winning value.
    public var largest: String
    /// `{axis}`.
    public var alongAxis: String
    /// `{axis}`, `{shape}`, `{result}`.
    public var argmaxFormula: String
    // conv2d-backward
    public var noWindowCovers: String
    /// `{cell}`: `dX[0,0]`.
    public var dXGathers: String
    /// `dWSums`: `{cell}`: `dW[0,0]`.
    public var dWSums, biasGradient: String
    // conv-matrix
    public var columnNumbers: String
    /// `{r}`, `{cell}`, `{weights}`, `{columns}`.
    public var matrixRow: String
    /// `{r}`, `{values}`.
    public var matrixRowValues: String
    /// `{rows}`, `{rowsAt}` (OH·OW = ...), `{cols}`, `{colsAt}` (H·W = ...).
    public var matrixFormula: String
    // conv-transpose2d
    /// `timesKernel`: `{cell}`, `{v}`.
    public var timesKernel, allInCroppedPadding: String
    /// `{channel}`: empty, or `ofChannel` filled.
    public var everyOutputGetsBias: String
    /// `{c}`.
    public var ofChannel: String
    // im2col
    /// `{r}`, `{i}`, `{j}`, `{values}`.
    public var im2colRow: String
    /// `{rows}`, `{k}`, `{product}` (C·KH·KW = ...); `{s}` is "s" for several windows in English.
    public var im2colFormula: String
    // linear
    /// `{out}`, `{in}`, `{total}`.
    public var linearParameters: String
    // output-size
    /// `{n}`, `{s}`, `{rest}`.
    public var notWhole: String
    /// `{i}`, `{f}`, `{p}`, `{s}`, `{dilation}` (empty, or `dilationPart` filled).
    public var outputSizeInputs: String
    /// `{d}`.
    public var dilationPart: String
    // pooling backward
    /// `{cell}`, `{g}`, `{max}`, `{at}`.
    public var maxRoutes: String
    /// `{cell}`, `{g}`, `{n}`, `{share}`.
    public var averageShares: String
    // softmax
    /// `{m}`.
    public var softmaxMax: String
    // cross-entropy
    /// `crossEntropyLoss`: `{class}`, the correct class.
    public var crossEntropyProbability, crossEntropyLoss, crossEntropyGradient: String
    // learn-kernel
    /// `learnStep`: `{k}`, `{loss}`, `{rate}`, `{kernel}`; `learnFormula`: `{n}` output cells.
    public var learnStep, learnFormula: String
    // architecture
    /// `layer`: `{i}`, `{name}`.
    public var layer, noParameters: String
    /// `{n}`.
    public var parameters: String
    /// `{f}`, `{per}`, `{n}`: a conv or linear layer with biases, and one without.
    public var weightsAndBiases, weightsOnly: String
    /// `{name}`, `{layers}`, `{total}`.
    public var modelTotal: String

    /// The words in `language`, from its catalog (`trace.*`).
    public init(_ language: Language) { self = language.view(area: "trace") }

    /// The words for a lesson language code; English for a code without a catalog.
    public static func forLanguage(_ code: String) -> TracePhrases { TracePhrases(Language(code: code)) }

    /// `template` with each `{key}` replaced by `values[key]` (see `Catalog.fill`).
    public static func fill(_ template: String, _ values: [String: String]) -> String { Catalog.fill(template, values) }
}
