import XCTest
import Lessons
import Tensor
@testable import Render
import Words

/// The alt text of frames and figures on Korean pages: Korean sentences around the same
/// cells, numbers and arithmetic as in English.
final class KoreanAltTextTests: XCTestCase {
    func testKoreanFrameAltTextNamesCellsAndArithmetic() throws {
        let alt = try FrameRenderer.frame(for: TraceFixtures.conv3x3, step: 1, labels: .init(.ko)).alt
        XCTAssertTrue(alt.hasPrefix("conv2d 예제 \"conv-3x3\"의 4단계 중 2단계."), alt)
        XCTAssertTrue(alt.contains("읽은 칸 (주황 테두리): input 칸 (0, 1), (0, 2), (1, 1), (1, 2)."), alt)
        XCTAssertTrue(alt.contains("가중치 (파란 테두리): kernel 칸 (0, 0), (0, 1), (1, 0), (1, 1)."), alt)
        XCTAssertTrue(alt.contains("편향 (파란 테두리): bias 칸 (0) = 5."), alt)
        XCTAssertTrue(alt.contains("쓴 칸 (빨간 테두리): output 칸 (0, 1)."), alt)
        XCTAssertTrue(alt.hasSuffix("계산: 2×1 + 0×0 + 1×1 + 3×0 = 3, 3 + 5 = 8."), alt)
        let padded = try FrameRenderer.frame(for: TraceFixtures.padding1, step: 0, labels: .init(.ko)).alt
        XCTAssertTrue(padded.contains("input 칸 (-1, -1) [패딩], (-1, 0) [패딩], (0, -1) [패딩], (0, 0)"), padded)
        let overview = try FrameRenderer.overview(for: TraceFixtures.conv3x3, labels: .init(.ko)).alt
        XCTAssertTrue(overview.hasPrefix("conv2d 예제 \"conv-3x3\"의 4단계를 모두 마친 모습."), overview)
        XCTAssertTrue(overview.contains("output (출력, 2×2): 6, 8, 7, 7."), overview)
    }

    func testKoreanEmphasisLegendAndPartialSums() throws {
        let pool = try FrameRenderer.frame(for: TraceFixtures.pool(max: true), step: 0, labels: .init(.ko)).alt
        XCTAssertTrue(pool.contains("윈도우의 최댓값 (검은 안쪽 테두리, 굵은 글씨): input 칸 (1, 0)."), pool)
        let english = try FrameRenderer.frame(for: TraceFixtures.pool(max: true), step: 0).alt
        XCTAssertTrue(english.contains("Max of window (black inner outline, bold): input cell (1, 0)."), english)
        let multi = try FrameRenderer.frame(for: TraceFixtures.multiChannel, step: 0, labels: .init(.ko)).alt
        XCTAssertTrue(multi.hasSuffix("채널별 합: 채널 0: −1, 채널 1: 1, 채널 2: 0."), multi)
    }

    func testKoreanFigureAltText() throws {
        let arch = ArchitectureDiagram(layers: FigureFixtures.lenet, labels: .init(.ko)).alt()
        XCTAssertTrue(arch.hasPrefix("신경망: 층 "), arch)
        XCTAssertFalse(arch.contains("parameters"), arch)
        var chart = LineChart(xLabel: "x", series: [LineSeries(name: "f(x)", x: [0, 1, 2], y: [1, 3, 2])])
        XCTAssertEqual(chart.alt(), "Line chart. x axis: x. f(x): 3 points from 1 at x = 0 to 2 at x = 2; lowest 1 at x = 0, highest 3 at x = 1.")
        chart.labels = .init(.ko)
        XCTAssertEqual(chart.alt(), "선 그래프. x축: x. f(x): 점 3개, x = 0일 때 1에서 x = 2일 때 2까지; 최저 1 (x = 0), 최고 3 (x = 1).")
    }

    /// The demo pages' pictures: feature maps, bars, the confusion matrix and the mistakes
    /// gallery speak Korean on Korean pages, with the same numbers as in English.
    func testKoreanDemoFigureAltText() throws {
        let ko = FigureLabels(.ko)
        let maps = try FeatureMapGrid(tensor: FigureFixtures.featureMaps, columns: 6, words: ko).render().alt
        XCTAssertTrue(maps.hasPrefix("8×8 맵 6개, 회색조(검은색 = 낮음, 흰색 = 높음), 하나의 범위 "), maps)
        let english = try FeatureMapGrid(tensor: FigureFixtures.featureMaps, columns: 6).render().alt
        XCTAssertTrue(english.hasPrefix("6 maps of 8×8, grey (black = low, white = high), one scale from "), english)
        let bars = try BarChart.probabilities([0.1, 0.7, 0.2], labels: ko).render().alt
        XCTAssertEqual(bars, "막대 그래프. 0: 0.1, 1: 0.7, 2: 0.2. 강조: 1 (0.7).")
        let confusion = try ConfusionMatrixChart(counts: [[5, 1], [2, 4]], labels: ko).render().alt
        XCTAssertEqual(confusion, "혼동 행렬, 행은 실제 클래스, 열은 예측 클래스: 대각선(정답) 12개 중 9개. 가장 흔한 오답: 실제 1, 예측 0, 2회. 행: 0: 5 1; 1: 2 4.")
        let gallery = try Gallery(items: [GalleryItem(image: try Tensor(shape: [2, 2], data: [0, 1, 1, 0]), caption: "정답 7 / 예측 2", highlighted: true)],
                                  words: ko).render().alt
        XCTAssertEqual(gallery, "갤러리: 이미지 1개. 정답 7 / 예측 2 (강조).")
        // A lone 2-D map (the walks' input picture) is named in the page's language.
        let lone = try FeatureMapGrid(tensor: try Tensor(shape: [2, 2], data: [0, 1, 1, 0]), scaling: .perMap, columns: 1, words: ko).render().alt
        XCTAssertTrue(lone.contains("맵 0 ~ 1"), lone)
        XCTAssertFalse(lone.contains("map"), lone)
        for alt in [maps, bars, confusion, gallery, lone] {
            XCTAssertNil(alt.range(of: "[A-Za-z]{4,}", options: .regularExpression), "English words in Korean alt text: \(alt)")
        }
    }
}
