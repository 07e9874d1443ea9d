import Words

/// The fixed words of the charts and diagrams (axis names, parameter counts, colour-bar
/// ends), in English or Korean. Titles and series names come from the caller.
public struct FigureLabels: Sendable, Equatable, Decodable {
    public var predictedClass, trueClass, classAxis, probability: String
    /// `parameters`: `{n}`: a grouped count ("61,706").
    public var parameters, noParameters: String
    /// `totalParameters`: `{n}`: the total.
    public var totalParameters, low, high, ownRange: String
    /// The names of the feature maps: `{c}` channel, `{f}` filter; `map` names a lone 2-D map.
    public var channel, filter, filterChannel, map: String
    /// Alt text: a diagram without a title, and `{n}` layers with `{total}` parameters.
    public var network, networkSummary: String
    /// Alt text of line charts: the kind, the axes (`{label}`), and per series `{name}`, `{count}`,
    /// `{first}` at `{x0}`, `{last}` at `{x1}`, `{lo}` at `{xlo}`, `{hi}` at `{xhi}`.
    public var lineChart, xAxis, yAxis, seriesSummary: String
    /// Alt text of feature maps: the count (`{n}`, `{h}`, `{w}`), the colour map, the scale
    /// (`{low}`, `{high}`; per map `{name}` and `{scales}`).
    public var mapsOne, mapsMany, mapsGrey, mapsDiverging, mapsColour, mapsShared, mapsOwn, mapsRange: String
    /// Alt text of bar charts (`{label}`, `{value}`), confusion matrices (`{correct}`, `{total}`;
    /// `{label}`, `{predicted}`, `{n}`; `{rows}`) and galleries (untitled: `gallery`; `{n}`; `{caption}`).
    public var barChart, barHighlighted, confusion, confusionWorst, confusionRows, gallery, galleryImages, highlightedItem: String

    /// The words in `language`, from its catalog (`figure.*`).
    public init(_ language: Language) { self = language.view(area: "figure") }

    /// The words for a lesson language code; English for a code without a catalog.
    public static func forLanguage(_ code: String) -> FigureLabels { FigureLabels(Language(code: code)) }

    func fill(_ template: String, _ values: [String: String]) -> String { FrameLabels.fill(template, values) }
}
