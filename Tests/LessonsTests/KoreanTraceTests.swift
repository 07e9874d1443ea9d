import XCTest
@testable import Lessons
import Tensor

/// Traces of a Korean lesson (`lang: ko`): the same numbers and arithmetic as in English,
/// the words around them in Korean.
final class KoreanTraceTests: XCTestCase {
    func run(_ yaml: String, lang: String) throws -> ExampleResult {
        try ExampleRunner.run(ExampleBlock(source: yaml, file: "test.md", line: 1, lang: lang))
    }

    /// Runs `yaml` in English and Korean; asserts the traces agree except for words.
    func both(_ yaml: String) throws -> (en: Trace, ko: Trace) {
        let en = try run(yaml, lang: "en").trace, ko = try run(yaml, lang: "ko").trace
        XCTAssertEqual(en.tensors.map(\.values), ko.tensors.map(\.values))
        XCTAssertEqual(en.steps.count, ko.steps.count)
        for (a, b) in zip(en.steps, ko.steps) {
            XCTAssertEqual(a.result, b.result)
            XCTAssertEqual(a.readValues, b.readValues)
            XCTAssertEqual(a.weightValues, b.weightValues)
            XCTAssertEqual(a.writes.map(\.index), b.writes.map(\.index))
        }
        return (en, ko)
    }

    /// The layer table's descriptions are worded per language; shapes and counts are shared.
    func testArchitectureLayerDescriptionsInKorean() throws {
        let yaml = "id: a\nop: architecture\ninput: [1, 28, 28]\nlayers:\n  - {conv: {filters: 6, kernel: 5, padding: 2, stride: 2}}\n  - {maxpool: {size: 2}}\n  - {conv: {filters: 1, kernel: 3, padding: same}}\n  - prelu\n"
        let t = try both(yaml)
        let en = try XCTUnwrap(t.en.layers), ko = try XCTUnwrap(t.ko.layers)
        XCTAssertEqual(en.map(\.description), ["conv 5x5, 6 filters, pad 2, stride 2", "maxpool 2x2, stride 2", "conv 3x3, 1 filter, pad same", "prelu (learned α, starts at 0.25)"])
        XCTAssertEqual(ko.map(\.description), ["conv 5x5, 필터 6개, 패딩 2, 스트라이드 2", "maxpool 2x2, 스트라이드 2", "conv 3x3, 필터 1개, 패딩 same", "prelu (학습되는 α, 시작값 0.25)"])
        XCTAssertEqual(en.map(\.outputShape), ko.map(\.outputShape))
        XCTAssertEqual(en.map(\.parameters), [156, 0, 55, 1])
        XCTAssertEqual(en.map(\.parameters), ko.map(\.parameters))
    }

    func testConvStepNamesTheWindowInKoreanWithTheSameArithmetic() throws {
        let t = try both("id: c\nop: conv2d\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nkernel: [[1,0],[1,0]]\nbias: 5")
        XCTAssertEqual(t.en.steps[1].description, "output[0,1] = 8: window at row 0, column 1, 2×1 + 3×0 + 1×1 + 0×0 = 3, 3 + 5 = 8")
        XCTAssertEqual(t.ko.steps[1].description, "output[0,1] = 8: 0행 1열의 윈도우, 2×1 + 3×0 + 1×1 + 0×0 = 3, 3 + 5 = 8")
        XCTAssertEqual(t.ko.steps[1].arithmetic, t.en.steps[1].arithmetic)
        XCTAssertEqual(t.ko.formulas, t.en.formulas)
    }

    func testMaxPoolHasNoWordsToTranslate() throws {
        let t = try both("id: m\nop: maxpool\ninput: [[1,3,2,1],[4,2,0,1],[5,6,1,2],[0,1,3,4]]\nsize: 2")
        XCTAssertEqual(t.ko.steps[0].description, "output[0,0] = max(1, 3, 4, 2) = 4")
        XCTAssertEqual(t.ko.steps.map(\.description), t.en.steps.map(\.description))
    }

    func testPoolBackwardRoutesAndSharesInKorean() throws {
        let max = try both("id: p\nop: pool-backward\npool: max\ninput: [[1,3],[4,2]]\ngrad: [[1]]")
        XCTAssertEqual(max.en.steps[0].arithmetic, "dY[0,0] = 1 goes to the max 4 at [1,0]; the other cells get 0")
        XCTAssertEqual(max.ko.steps[0].arithmetic, "dY[0,0] = 1: 최댓값 4의 자리 [1,0]에 전부 전달, 나머지 칸은 0")
        let avg = try both("id: p\nop: pool-backward\npool: avg\ninput: [[1,3],[4,2]]\ngrad: [[1]]")
        XCTAssertEqual(avg.en.steps[0].description, "dY[0,0] = 1 is shared: 1 / 4 = 0.25 to each cell")
        XCTAssertEqual(avg.ko.steps[0].description, "dY[0,0] = 1: 모든 칸이 똑같이 나눔, 1 / 4 = 0.25씩")
    }

    func testSoftmaxNamesTheMaxInKorean() throws {
        let t = try both("id: s\nop: softmax\ninput: [1, 2, 3]")
        XCTAssertEqual(t.en.steps[2].description, "softmax output[2]: max m = 3, e^(3 − 3) / Σ = 1 / 1.5032 = 0.6652")
        XCTAssertEqual(t.ko.steps[2].description, "softmax output[2]: 최댓값 m = 3, e^(3 − 3) / Σ = 1 / 1.5032 = 0.6652")
        XCTAssertEqual(t.ko.steps[2].arithmetic, t.en.steps[2].arithmetic)
    }

    func testIm2colRowsAndFormulaInKorean() throws {
        let t = try both("id: i\nop: im2col\ninput: [[1,2,3],[4,5,6],[7,8,9]]\nsize: 2")
        XCTAssertEqual(t.en.steps[3].arithmetic, "row 3 = window at output (1, 1): [5, 6, 8, 9]")
        XCTAssertEqual(t.ko.steps[3].arithmetic, "3행 = 출력 (1, 1)의 윈도우: [5, 6, 8, 9]")
        XCTAssertEqual(t.en.formulas, ["im2col: 4 windows (rows) × 4 values per window (C·KH·KW = 1·2·2)"])
        XCTAssertEqual(t.ko.formulas, ["im2col: 윈도우 4개(행) × 윈도우마다 값 4개 (C·KH·KW = 1·2·2)"])
    }

    func testTransposedConvolutionStepsAndBiasInKorean() throws {
        let t = try both("id: t\nop: conv-transpose2d\ninput: [[1,2]]\nkernel: [[1,1]]\nbias: 1")
        XCTAssertEqual(t.en.steps[1].arithmetic, "input[0,1] = 2 times the kernel: output[0,1]: 1 + 2×1 = 3; output[0,2]: 0 + 2×1 = 2")
        XCTAssertEqual(t.ko.steps[1].arithmetic, "input[0,1] = 2에 커널을 곱함: output[0,1]: 1 + 2×1 = 3; output[0,2]: 0 + 2×1 = 2")
        XCTAssertEqual(t.en.steps[2].arithmetic, "every output cell gets the bias: sum + 1")
        XCTAssertEqual(t.ko.steps[2].arithmetic, "모든 출력 칸에 편향을 더함: 합 + 1")
        XCTAssertEqual(t.ko.steps[2].runningValues, [2, 4, 3])
    }

    func testOutputSizeArgmaxAndBackwardWordsInKorean() throws {
        let size = try both("id: o\nop: output-size\ninput: 6\nkernel: 3\nstride: 2")
        XCTAssertEqual(size.en.steps[0].description,
                       "input 6, kernel 3, padding 0, stride 2: O = ⌊(6 − 3 + 2·0) / 2⌋ + 1 = 2  (3/2 is not whole: the last 1 row(s) are never covered)")
        XCTAssertEqual(size.ko.steps[0].description,
                       "입력 6, 커널 3, 패딩 0, 스트라이드 2: O = ⌊(6 − 3 + 2·0) / 2⌋ + 1 = 2  (3/2: 나누어떨어지지 않아 마지막 1행은 어떤 윈도우도 덮지 않음)")
        let arg = try both("id: a\nop: argmax\ninput: [1, 0, 2]")
        XCTAssertEqual(arg.ko.steps[0].description, "output[0]: 축 0 방향, argmax(1, 0, 2) = 2  (가장 큰 값: 2)")
        let back = try both("id: b\nop: conv2d-backward\ninput: [[1,2],[3,4]]\nkernel: [[1]]\ngrad: [[1,1],[1,-1]]")
        XCTAssertEqual(back.en.steps.last?.description, "the bias gradient is the sum of dY: db[0] = 1 + 1 + 1 − 1 = 2")
        XCTAssertEqual(back.ko.steps.last?.description, "편향의 기울기는 dY의 합: db[0] = 1 + 1 + 1 − 1 = 2")
        XCTAssertEqual(back.ko.steps[0].description, "dX[0,0]: 이 칸을 덮은 모든 윈도우의 기울기를 모음: 1×1 = 1")
    }

    func testLessonLanguageReachesItsExampleBlocks() throws {
        let lesson = try LessonParser.parse("---\ntitle: 합성곱\nlang: ko\n---\n\n```example\nid: c\nop: relu\ninput: [1]\n```\n", file: "ko.md")
        XCTAssertEqual(lesson.examples.map(\.lang), ["ko"])
        let english = try LessonParser.parse("---\ntitle: Convolution\n---\n\n```example\nid: c\nop: relu\ninput: [1]\n```\n", file: "en.md")
        XCTAssertEqual(english.examples.map(\.lang), ["en"])
    }

    func testFillReplacesEachKeyOnce() {
        XCTAssertEqual(TracePhrases.fill("{a} and {b}", ["a": "{b}", "b": "2"]), "{b} and 2")
    }
}
