import Words

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

    /// The words in `language`, from its catalog.
    public init(_ language: Language) {
        predictedClass = language[.figurePredictedClass]
        trueClass = language[.figureTrueClass]
        classAxis = language[.figureClassAxis]
        probability = language[.figureProbability]
        parameters = language[.figureParameters]
        noParameters = language[.figureNoParameters]
        totalParameters = language[.figureTotalParameters]
        low = language[.figureLow]
        high = language[.figureHigh]
        ownRange = language[.figureOwnRange]
        channel = language[.figureChannel]
        filter = language[.figureFilter]
        filterChannel = language[.figureFilterChannel]
        network = language[.figureNetwork]
        networkSummary = language[.figureNetworkSummary]
        lineChart = language[.figureLineChart]
        xAxis = language[.figureXAxis]
        yAxis = language[.figureYAxis]
        seriesSummary = language[.figureSeriesSummary]
    }

    /// The words for a lesson language code; English for a code without a catalog.
    public static func forLanguage(_ code: String) -> FigureLabels { FigureLabels(Language(code: code)) }

    func fill(_ template: String, _ values: [String: String]) -> String { FrameLabels.fill(template, values) }
}
