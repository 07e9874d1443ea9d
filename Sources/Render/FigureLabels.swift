/// The fixed words of the charts and diagrams (axis names, parameter counts, colour-bar
/// ends), in English or Korean. Titles and series names come from the caller.
public struct FigureLabels: Sendable, Equatable {
    public var predictedClass: String
    public var trueClass: String
    public var classAxis: String
    public var probability: String
    /// `{n}`: a grouped count ("61,706").
    public var parameters: String
    public var noParameters: String
    /// `{n}`: the total.
    public var totalParameters: String
    public var low: String
    public var high: String
    public var ownRange: String
    /// The names of the feature maps: `{c}` channel, `{f}` filter.
    public var channel: String
    public var filter: String
    public var filterChannel: String
    /// Alt text: a diagram without a title, and `{n}` layers with `{total}` parameters.
    public var network: String
    public var networkSummary: String
    /// Alt text of line charts: the kind, the axes (`{label}`), and per series `{name}`, `{count}`,
    /// `{first}` at `{x0}`, `{last}` at `{x1}`, `{lo}` at `{xlo}`, `{hi}` at `{xhi}`.
    public var lineChart: String
    public var xAxis: String
    public var yAxis: String
    public var seriesSummary: String

    public static let english = FigureLabels(
        predictedClass: "predicted class", trueClass: "true class", classAxis: "class", probability: "probability",
        parameters: "{n} parameters", noParameters: "no parameters", totalParameters: "total parameters: {n}",
        low: "low", high: "high", ownRange: "each map's own range",
        channel: "channel {c}", filter: "filter {f}", filterChannel: "filter {f}, channel {c}",
        network: "Network", networkSummary: "{n} layers, {total} parameters in total.",
        lineChart: "Line chart", xAxis: "x axis: {label}.", yAxis: "y axis: {label}.",
        seriesSummary: "{name}: {count} points from {first} at x = {x0} to {last} at x = {x1}; "
            + "lowest {lo} at x = {xlo}, highest {hi} at x = {xhi}.")

    public static let korean = FigureLabels(
        predictedClass: "예측한 클래스", trueClass: "실제 클래스", classAxis: "클래스", probability: "확률",
        parameters: "매개변수 {n}개", noParameters: "매개변수 없음", totalParameters: "전체 매개변수: {n}개",
        low: "낮음", high: "높음", ownRange: "맵마다 자기 범위",
        channel: "채널 {c}", filter: "필터 {f}", filterChannel: "필터 {f}, 채널 {c}",
        network: "신경망", networkSummary: "층 {n}개, 매개변수 모두 {total}개.",
        lineChart: "선 그래프", xAxis: "x축: {label}.", yAxis: "y축: {label}.",
        seriesSummary: "{name}: 점 {count}개, x = {x0}일 때 {first}에서 x = {x1}일 때 {last}까지; "
            + "최저 {lo} (x = {xlo}), 최고 {hi} (x = {xhi}).")

    /// The labels for a lesson language code (`en`, `ko`); English for any other.
    public static func forLanguage(_ code: String) -> FigureLabels { code == "ko" ? .korean : .english }

    func fill(_ template: String, _ values: [String: String]) -> String { FrameLabels.fill(template, values) }
}
