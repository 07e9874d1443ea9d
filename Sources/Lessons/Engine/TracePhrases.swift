import NN

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

    public static let english = TracePhrases(
        windowAt: "window at row {r}, column {c}", window: "window",
        positiveUnchanged: "(positive: unchanged)", derivativeAt: "d/dx at {x} = {d}",
        largest: "({v} is the largest)", alongAxis: "along axis {axis}",
        argmaxFormula: "axis {axis} of a {shape} tensor: result shape {result}",
        noWindowCovers: "no window covers this cell: 0",
        dXGathers: "{cell} gathers the gradient of every window that covered it",
        dWSums: "{cell} sums dY times the input cell this weight saw in each window",
        biasGradient: "the bias gradient is the sum of dY",
        columnNumbers: "input (column numbers)",
        matrixRow: "row {r} ({cell}): weights {weights} in columns {columns}, 0 elsewhere",
        matrixRowValues: "(C row {r}: {values})",
        matrixFormula: "C has {rowsAt} rows (one per output cell) and {colsAt} columns (one per input cell)",
        timesKernel: "{cell} = {v} times the kernel", allInCroppedPadding: "every tap falls in the cropped padding",
        everyOutputGetsBias: "every output cell{channel} gets the bias: sum + {b}", ofChannel: " of channel {c}",
        im2colRow: "row {r} = window at output ({i}, {j}): [{values}]",
        im2colFormula: "im2col: {rows} window{s} (rows) × {k} values per window ({product})",
        linearParameters: "parameters: {out}·{in} weights + {out} biases = {total}",
        notWhole: "({n}/{s} is not whole: the last {rest} row(s) are never covered)",
        outputSizeInputs: "input {i}, kernel {f}, padding {p}, stride {s}{dilation}", dilationPart: ", dilation {d}",
        maxRoutes: "{cell} = {g} goes to the max {max} at {at}; the other cells get 0",
        averageShares: "{cell} = {g} is shared: {g} / {n} = {share} to each cell",
        softmaxMax: "max m = {m}",
        layer: "layer {i} ({name})", noParameters: "no parameters", parameters: "{n} parameters",
        weightsAndBiases: "{f}·{per} weights + {f} biases = {n} parameters",
        modelTotal: "{name}: {layers} layers, {total} parameters in all", layerWords: .english)

    public static let korean = TracePhrases(
        windowAt: "{r}행 {c}열의 윈도우", window: "윈도우",
        positiveUnchanged: "(양수: 그대로)", derivativeAt: "x = {x}에서 d/dx = {d}",
        largest: "(가장 큰 값: {v})", alongAxis: "축 {axis} 방향",
        argmaxFormula: "{shape} 텐서의 축 {axis}: 결과 모양 {result}",
        noWindowCovers: "이 칸을 덮는 윈도우가 없음: 0",
        dXGathers: "{cell}: 이 칸을 덮은 모든 윈도우의 기울기를 모음",
        dWSums: "{cell}: 윈도우마다 이 가중치가 본 입력 칸에 dY를 곱해 더함",
        biasGradient: "편향의 기울기는 dY의 합",
        columnNumbers: "input (열 번호)",
        matrixRow: "{r}행 ({cell}): {columns}열에 가중치 {weights}, 나머지는 0",
        matrixRowValues: "(C의 {r}행: {values})",
        matrixFormula: "C는 {rowsAt}행(출력 칸마다 하나), {colsAt}열(입력 칸마다 하나)",
        timesKernel: "{cell} = {v}에 커널을 곱함", allInCroppedPadding: "모든 탭이 잘려 나간 패딩에 놓임",
        everyOutputGetsBias: "모든 출력 칸{channel}에 편향을 더함: 합 + {b}", ofChannel: "(채널 {c})",
        im2colRow: "{r}행 = 출력 ({i}, {j})의 윈도우: [{values}]",
        im2colFormula: "im2col: 윈도우 {rows}개(행) × 윈도우마다 값 {k}개 ({product})",
        linearParameters: "매개변수: 가중치 {out}·{in}개 + 편향 {out}개 = {total}개",
        notWhole: "({n}/{s}: 나누어떨어지지 않아 마지막 {rest}행은 어떤 윈도우도 덮지 않음)",
        outputSizeInputs: "입력 {i}, 커널 {f}, 패딩 {p}, 스트라이드 {s}{dilation}", dilationPart: ", 팽창 {d}",
        maxRoutes: "{cell} = {g}: 최댓값 {max}의 자리 {at}에 전부 전달, 나머지 칸은 0",
        averageShares: "{cell} = {g}: 모든 칸이 똑같이 나눔, {g} / {n} = {share}씩",
        softmaxMax: "최댓값 m = {m}",
        layer: "{i}층 ({name})", noParameters: "매개변수 없음", parameters: "매개변수 {n}개",
        weightsAndBiases: "가중치 {f}·{per}개 + 편향 {f}개 = 매개변수 {n}개",
        modelTotal: "{name}: {layers}개 층, 매개변수 모두 {total}개", layerWords: .korean)

    /// The phrases for a lesson language code (`en`, `ko`); English for any other.
    public static func forLanguage(_ code: String) -> TracePhrases { code == "ko" ? .korean : .english }

    /// `template` with each `{key}` replaced by `values[key]`, in one pass (a value that holds
    /// braces is not read again); unknown keys are left as written.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = String(rest[rest.index(after: open)..<close])
            if let v = values[key] { out += v } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
