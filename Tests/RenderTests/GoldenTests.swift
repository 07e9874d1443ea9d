import Foundation
import Tensor
import XCTest
@testable import Render

final class GoldenTests: XCTestCase {
    func testConvFrameStep2() throws {
        try GoldenImage.assertMatches(try FrameRenderer.frame(for: TraceFixtures.conv3x3, step: 1), "conv3x3-step2")
    }

    func testMaxPoolFrame() throws {
        try GoldenImage.assertMatches(try FrameRenderer.frame(for: TraceFixtures.pool(max: true), step: 2), "maxpool-step3")
    }

    func testFeatureMapGrid() throws {
        try GoldenImage.assertMatches(try FeatureMapGrid(tensor: FigureFixtures.featureMaps, title: "conv1 feature maps",
                                                         columns: 3).render(), "feature-maps")
    }

    func testLineChart() throws {
        try GoldenImage.assertMatches(try FigureFixtures.lossChart.render(), "line-chart")
    }

    func testConfusionMatrix() throws {
        let chart = ConfusionMatrixChart(counts: [[50, 2, 0], [3, 45, 4], [0, 1, 47]], classNames: ["0", "1", "2"])
        try GoldenImage.assertMatches(try chart.render(), "confusion-3")
    }
}
