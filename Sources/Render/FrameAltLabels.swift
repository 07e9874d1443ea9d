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

    public static let english = FrameAltLabels(
        step: "Step {k} of {n} of the {op} example \"{id}\".", overview: "The {op} example \"{id}\" with all {n} steps done.",
        read: "Read (orange outline): {cells}.", weights: "Weights (blue outline): {cells}.",
        bias: "Bias (blue outline): {cells} = {v}.", emphasis: "{legend} (black inner outline, bold): {cells}.",
        written: "Written (red outline): {cells}.", arithmetic: "Arithmetic: {a}.", cell: "cell", cells: "cells",
        paddingCell: "[padding]",
        density: "{name} ({shape}) is too large for numbers and is drawn as colours "
            + "(dark purple = low, yellow = high; blue–white–red when it has both signs).")

    public static let korean = FrameAltLabels(
        step: "{op} 예제 \"{id}\"의 {n}단계 중 {k}단계.", overview: "{op} 예제 \"{id}\"의 {n}단계를 모두 마친 모습.",
        read: "읽은 칸 (주황 테두리): {cells}.", weights: "가중치 (파란 테두리): {cells}.",
        bias: "편향 (파란 테두리): {cells} = {v}.", emphasis: "{legend} (검은 안쪽 테두리, 굵은 글씨): {cells}.",
        written: "쓴 칸 (빨간 테두리): {cells}.", arithmetic: "계산: {a}.", cell: "칸", cells: "칸",
        paddingCell: "[패딩]",
        density: "{name} ({shape}): 숫자로 적기에는 너무 커서 색으로 그렸다 "
            + "(진한 보라 = 낮음, 노랑 = 높음; 양수와 음수가 섞이면 파랑–흰색–빨강).")
}
