import Foundation
import Tensor
import XCTest
@testable import Render
import Words

final class FigureTests: XCTestCase {
    func testLineChartSizeAndAlt() throws {
        let image = try FigureFixtures.lossChart.render()
        try RenderSamples.save(image, "line-loss")
        XCTAssertEqual(image.width, 960)
        XCTAssertEqual(image.height, 600)
        XCTAssertTrue(image.alt.contains("train: 8 points from 2.3 at x = 1 to 0.22 at x = 8"), image.alt)
        XCTAssertTrue(image.alt.contains("test: 8 points"), image.alt)
        XCTAssertTrue(image.alt.contains("lowest 0.35 at x = 7"), image.alt)
    }

    func testAccuracyChartWithFixedRange() throws {
        let chart = LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy",
                              series: [LineSeries(name: "train", perEpoch: [0.82, 0.91, 0.95, 0.97]),
                                       LineSeries(name: "test", perEpoch: [0.85, 0.90, 0.93, 0.94])],
                              yRange: 0.8...1, integerXTicks: true)
        try RenderSamples.save(try chart.render(), "line-accuracy")
        let rates = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3]
        let many = LineChart(title: "Learning rates", xLabel: "epoch", yLabel: "loss", series: rates.map { lr in
            LineSeries(name: "learning rate \(lr)", perEpoch: (1...6).map { 2.3 / (1 + lr * 10 * Double($0)) })
        }, integerXTicks: true)
        let image = try many.render()
        try RenderSamples.save(image, "line-many-series")
        XCTAssertEqual(image.height, 680)
    }

    func testProbabilityBarsHighlightTheArgmax() throws {
        let chart = BarChart.probabilities([0.01, 0.02, 0.05, 0.03, 0.71, 0.02, 0.01, 0.04, 0.02, 0.09], title: "Prediction")
        XCTAssertEqual(chart.highlight, 4)
        let image = try chart.render()
        try RenderSamples.save(image, "bars-softmax")
        XCTAssertTrue(image.alt.contains("Highlighted: 4 (0.71)"), image.alt)
        let perClass = BarChart(title: "Accuracy per class", xLabel: "digit", yLabel: "accuracy", labels: (0..<10).map(String.init),
                                values: [0.99, 0.98, 0.95, 0.96, 0.97, 0.94, 0.98, 0.96, 0.93, 0.95], yRange: 0...1)
        try RenderSamples.save(try perClass.render(), "bars-per-class")
    }

    func testActivationPlotHasValueAndDerivative() throws {
        let chart = ActivationPlot.chart(name: "ReLU", f: { max(0, $0) }, df: { $0 > 0 ? 1 : 0 })
        XCTAssertEqual(chart.series.map(\.name), ["ReLU(x)", "ReLU′(x)"])
        XCTAssertEqual(chart.series[0].y.last, 4)
        XCTAssertEqual(chart.series[1].y.first, 0)
        try RenderSamples.save(try chart.render(), "activation-relu")
        let sig = ActivationPlot.chart(.sigmoid)
        XCTAssertEqual(sig.series[0].y[80], 0.5, accuracy: 1e-6)
        XCTAssertEqual(sig.series[1].y[80], 0.25, accuracy: 1e-6)
        try RenderSamples.save(try sig.render(), "activation-sigmoid")
        let elu = ActivationPlot.chart(.elu)
        XCTAssertEqual(elu.series.map(\.name), ["ELU(x)", "ELU′(x)"])
        try RenderSamples.save(try elu.render(), "activation-elu")
    }

    func testConfusionMatrixAltCountsTheDiagonal() throws {
        let chart = ConfusionMatrixChart(counts: [[5, 1], [2, 7]], classNames: ["cat", "dog"])
        let image = try chart.render()
        XCTAssertTrue(image.alt.contains("12 of 15 on the diagonal"), image.alt)
        XCTAssertTrue(image.alt.contains("true dog predicted as cat, 2 times"), image.alt)
        try RenderSamples.save(try FigureFixtures.confusion.render(), "confusion-10")
        XCTAssertThrowsError(try ConfusionMatrixChart(counts: [[1, 2]]).render())
    }

    func testGalleryOfCaptionedDigits() throws {
        let items = (0..<8).map { i in
            GalleryItem(image: FigureFixtures.ring(Double(4 + i)), caption: "true \(i) / pred \((i + 5) % 10), p=0.\(60 + i * 4)",
                        highlighted: i == 2)
        }
        let image = try Gallery(items: items, title: "Misclassified test digits", columns: 4).render()
        try RenderSamples.save(image, "gallery")
        XCTAssertTrue(image.alt.hasPrefix("Misclassified test digits: 8 images. true 0 / pred 5, p=0.60;"), image.alt)
        XCTAssertThrowsError(try Gallery(items: [GalleryItem(image: Tensor(shape: [2, 2, 2]), caption: "x")]).render())
    }

    func testFeatureMapsAndFilters() throws {
        let maps = try FeatureMapGrid(tensor: FigureFixtures.featureMaps, title: "conv1 feature maps", columns: 6).render()
        try RenderSamples.save(maps, "feature-maps")
        XCTAssertTrue(maps.alt.contains("6 maps of 8×8, grey"), maps.alt)
        XCTAssertTrue(maps.alt.contains("one scale from 0 to 2"), maps.alt)
        let w = try Tensor(shape: [6, 1, 5, 5], data: (0..<150).map { Float(($0 * 37) % 19) / 9 - 1 })
        let filters = try FeatureMapGrid(tensor: w, title: "conv1 filters", scaling: .perMap).render()
        try RenderSamples.save(filters, "filters")
        XCTAssertTrue(filters.alt.contains("blue–white–red"), filters.alt)
        XCTAssertTrue(filters.alt.contains("filter 0 −1 to 1"), filters.alt)
    }

    func testArchitectureDiagramsWrap() throws {
        let lenet = try ArchitectureDiagram(layers: FigureFixtures.lenet, title: "LeNet-5").render()
        try RenderSamples.save(lenet, "arch-lenet")
        XCTAssertTrue(lenet.alt.contains("12 layers, 61,706 parameters in total"), lenet.alt)
        let alex = try ArchitectureDiagram(layers: FigureFixtures.alexnet, title: "AlexNet-style CNN").render()
        try RenderSamples.save(alex, "arch-alexnet")
        XCTAssertLessThanOrEqual(alex.width, 900 * 2)
    }

    func testKoreanFigureLabels() throws {
        let measurer = TextMeasurer()
        let k = FigureLabels.init(.ko)
        for text in [k.predictedClass, k.trueClass, k.parameters, k.noParameters, k.totalParameters, k.ownRange, k.filterChannel] {
            XCTAssertEqual(measurer.missingGlyphs(text, .body), 0, text)
        }
        let arch = ArchitectureDiagram(layers: FigureFixtures.lenet, title: "LeNet-5", labels: .init(.ko))
        XCTAssertEqual(arch.lines(FigureFixtures.lenet[1]), ["conv1", "conv 5×5, pad 2", "6×28×28", "파라미터 156개"])
        try RenderSamples.save(try arch.render(), "arch-lenet-ko")
        let cm = try ConfusionMatrixChart(counts: [[5, 1], [2, 7]], labels: .init(.ko)).render()
        try RenderSamples.save(cm, "confusion-ko")
        let english = try ConfusionMatrixChart(counts: [[5, 1], [2, 7]]).render()
        XCTAssertNotEqual(cm.png, english.png)
    }
}
