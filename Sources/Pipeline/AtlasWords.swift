import Lessons

/// The words of the output-size atlas (`AtlasPage`), in English or Korean. The numbers, the
/// formulas and the table's letters (F, P, S, D, O) are the same in every language.
struct AtlasWords: Sendable {
    var title: String
    var summary: String
    /// The Markdown before the tables (KaTeX math included).
    var intro: String
    /// `{i}`: the input size.
    var heading: String
    var formula: String
    var neverRead: String
    var invalid: String
    var none: String
    /// `{span}` (the dilated kernel), `{padded}` (the padded input): why a row is invalid.
    var doesNotFit: String
    /// `{i}`, `{p}`, `{list}` (the unread rows and columns), `{settings}`; `one` for a single cell.
    var captionOne: String
    var captionMany: String

    static let english = AtlasWords(
        title: "Output-size atlas",
        summary: "Every combination of input size, kernel, padding, stride and dilation in a small grid, with the formula filled in and the cells no window reads.",
        intro: """
        Each row below is an `output-size` example run through the same engine as the lessons:
        an input of $I$ cells, a kernel of $F$ taps with dilation $D$ (spanning $D(F - 1) + 1$
        cells), zero padding $P$ on both sides and stride $S$ give

        $$O = \\left\\lfloor \\frac{I + 2P - F - (F - 1)(D - 1)}{S} \\right\\rfloor + 1.$$

        The same holds for each axis of a rectangular input. A row marked **invalid** is a
        kernel that does not fit the padded input; the engine refuses it with the message shown.
        The last column lists the input cells that **no window ever reads**: the floor drops
        the cells after the last window, and with dilation a stride can skip the cells between
        taps. The pictures under each table shade those cells on a square input (hatched grey
        is the padding).
        """,
        heading: "## Input size {i}", formula: "formula", neverRead: "never read", invalid: "invalid", none: "none",
        doesNotFit: "", captionOne: "I = {i}, P = {p}: row and column {list} is never read with {settings}",
        captionMany: "I = {i}, P = {p}: rows and columns {list} are never read with {settings}")

    static let korean = AtlasWords(
        title: "출력 크기 일람표",
        summary: "입력 크기, 커널, 패딩, 스트라이드, 팽창의 모든 조합을 작은 격자로 보이고, 숫자를 채운 식과 어떤 윈도우도 읽지 않는 칸을 함께 적는다.",
        intro: """
        아래의 각 행은 강의와 같은 엔진으로 돌린 `output-size` 예제다. 입력 칸 $I$개, 팽창 $D$인
        탭 $F$개짜리 커널($D(F - 1) + 1$칸에 걸침), 양쪽 제로 패딩 $P$, 스트라이드 $S$이면

        $$O = \\left\\lfloor \\frac{I + 2P - F - (F - 1)(D - 1)}{S} \\right\\rfloor + 1.$$

        직사각형 입력에서는 축마다 같은 식이 성립한다. **불가**로 표시한 행은 패딩을 더한 입력에
        커널이 들어가지 않는 경우로, 엔진이 거부한다. 마지막 열은 **어떤 윈도우도 읽지 않는**
        입력 칸이다. 내림이 마지막 윈도우 뒤의 칸을 버리고, 팽창이 있으면 스트라이드가 탭 사이의
        칸을 건너뛸 수 있다. 표 아래 그림은 정사각형 입력에서 그 칸에 음영을 넣었다(빗금 친 회색은
        패딩이다).
        """,
        heading: "## 입력 크기 {i}", formula: "식", neverRead: "읽지 않는 칸", invalid: "불가", none: "없음",
        doesNotFit: "커널 폭 {span} > 패딩을 더한 입력 {padded}: 커널이 들어가지 않음",
        captionOne: "I = {i}, P = {p}: 어떤 윈도우도 읽지 않는 행과 열 {list} ({settings})",
        captionMany: "I = {i}, P = {p}: 어떤 윈도우도 읽지 않는 행과 열 {list} ({settings})")

    /// The words for a language code (`en`, `ko`); English for any other.
    static func forLanguage(_ code: String) -> AtlasWords { code == "ko" ? .korean : .english }

    func fill(_ template: String, _ values: [String: String]) -> String { TracePhrases.fill(template, values) }
}
