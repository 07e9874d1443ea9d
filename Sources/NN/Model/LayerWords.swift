/// The words of a layer table's one-line descriptions (`conv 5x5, 6 filters, pad 2`), per
/// language. Layer kinds (`conv`, `maxpool`, ...) and numbers stay as a model file writes them;
/// only the words around them change. `{n}` in `filters` is the filter count.
public struct LayerWords: Sendable, Equatable {
    public var oneFilter: String
    public var filters: String
    public var pad: String
    public var padSame: String
    public var stride: String
    public var dilation: String
    public var size: String
    /// PReLU's note, `{a}` being the starting α.
    public var learnedAlpha: String

    public static let english = LayerWords(
        oneFilter: "1 filter", filters: "{n} filters", pad: "pad", padSame: "pad same", stride: "stride",
        dilation: "dilation", size: "size", learnedAlpha: "learned α, starts at {a}")

    public static let korean = LayerWords(
        oneFilter: "필터 1개", filters: "필터 {n}개", pad: "패딩", padSame: "패딩 same", stride: "스트라이드",
        dilation: "팽창", size: "크기", learnedAlpha: "학습되는 α, 시작값 {a}")

    /// The words for a language code (`en`, `ko`); English for any other.
    public static func forLanguage(_ code: String) -> LayerWords { code == "ko" ? .korean : .english }
}
