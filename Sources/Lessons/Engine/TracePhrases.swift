import NN
import Words

/// The words of trace steps and formulas, in the lesson's language (`lang` in its front matter).
///
/// Traces compute their numbers once and word them through this table: the arithmetic
/// (numbers, ×, +, =, σ(...)) and the tensor names (`input`, `output`, `dY`) stay as they are;
/// only the words around them change. Templates use `{name}` placeholders, filled by `fill`.
/// Korean templates put no particle right after a placeholder, so they read the same whatever
/// number fills it.
public struct TracePhrases: Sendable, Equatable {
    // conv2d
    /// `{r}`, `{c}`: the window's top-left cell.
    public var windowAt: String
    public var window: String
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
    /// `{cell}`: `dW[0,0]`.
    public var dWSums: String
    public var biasGradient: String
    // conv-matrix
    public var columnNumbers: String
    /// `{r}`, `{cell}`, `{weights}`, `{columns}`.
    public var matrixRow: String
    /// `{r}`, `{values}`.
    public var matrixRowValues: String
    /// `{rows}`, `{rowsAt}` (OH·OW = ...), `{cols}`, `{colsAt}` (H·W = ...).
    public var matrixFormula: String
    // conv-transpose2d
    /// `{cell}`, `{v}`.
    public var timesKernel: String
    public var allInCroppedPadding: String
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
    // architecture
    /// `{i}`, `{name}`.
    public var layer: String
    public var noParameters: String
    /// `{n}`.
    public var parameters: String
    /// `{f}`, `{per}`, `{n}`.
    public var weightsAndBiases: String
    /// `{name}`, `{layers}`, `{total}`.
    public var modelTotal: String
    /// The words of the layer table's descriptions (`conv 5x5, 6 filters`).
    public var layerWords: LayerWords

    /// The words in `language`, from its catalog.
    public init(_ language: Language) {
        windowAt = language[.traceWindowAt]
        window = language[.traceWindow]
        positiveUnchanged = language[.tracePositiveUnchanged]
        derivativeAt = language[.traceDerivativeAt]
        largest = language[.traceLargest]
        alongAxis = language[.traceAlongAxis]
        argmaxFormula = language[.traceArgmaxFormula]
        noWindowCovers = language[.traceNoWindowCovers]
        dXGathers = language[.traceDXGathers]
        dWSums = language[.traceDWSums]
        biasGradient = language[.traceBiasGradient]
        columnNumbers = language[.traceColumnNumbers]
        matrixRow = language[.traceMatrixRow]
        matrixRowValues = language[.traceMatrixRowValues]
        matrixFormula = language[.traceMatrixFormula]
        timesKernel = language[.traceTimesKernel]
        allInCroppedPadding = language[.traceAllInCroppedPadding]
        everyOutputGetsBias = language[.traceEveryOutputGetsBias]
        ofChannel = language[.traceOfChannel]
        im2colRow = language[.traceIm2colRow]
        im2colFormula = language[.traceIm2colFormula]
        linearParameters = language[.traceLinearParameters]
        notWhole = language[.traceNotWhole]
        outputSizeInputs = language[.traceOutputSizeInputs]
        dilationPart = language[.traceDilationPart]
        maxRoutes = language[.traceMaxRoutes]
        averageShares = language[.traceAverageShares]
        softmaxMax = language[.traceSoftmaxMax]
        layer = language[.traceLayer]
        noParameters = language[.traceNoParameters]
        parameters = language[.traceParameters]
        weightsAndBiases = language[.traceWeightsAndBiases]
        modelTotal = language[.traceModelTotal]
        layerWords = LayerWords(language)
    }

    /// The words for a lesson language code; English for a code without a catalog.
    public static func forLanguage(_ code: String) -> TracePhrases { TracePhrases(Language(code: code)) }

    /// `template` with each `{key}` replaced by `values[key]` (see `Catalog.fill`).
    public static func fill(_ template: String, _ values: [String: String]) -> String { Catalog.fill(template, values) }
}
