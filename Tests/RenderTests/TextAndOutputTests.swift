import Foundation
import Lessons
import XCTest
@testable import Render
import Words

final class TextAndOutputTests: XCTestCase {
    func render(_ text: String) throws -> PNGImage {
        let drawing = Drawing(size: Size(120, 40), alt: text) { canvas in
            canvas.text(text, at: Point(8, 20), font: Font(size: 20), v: .capCenter)
        }
        return try PNGImage(data: try drawing.png().png)
    }

    func inkCount(_ image: PNGImage) -> Int {
        (0..<image.height).flatMap { y in (0..<image.width).map { image.color(x: $0, y: y) } }.filter { $0.luminance < 0.5 }.count
    }

    func testHangulHasGlyphsAndIsNotTofu() throws {
        let measurer = TextMeasurer()
        XCTAssertEqual(measurer.missingGlyphs("합성곱 convolution", .body), 0)
        XCTAssertEqual(measurer.missingGlyphs("\u{10FFFD}\u{10FFFD}\u{10FFFD}", .body), 3)
        let hangul = try render("합성곱"), tofu = try render("\u{10FFFD}\u{10FFFD}\u{10FFFD}")
        XCTAssertGreaterThan(inkCount(hangul), 300)
        let diff = try XCTUnwrap(hangul.differingPixels(from: tofu, tolerance: 64))
        XCTAssertGreaterThan(diff, 300, "Hangul must not render as the missing-glyph boxes")
    }

    func testKoreanFramesUseKoreanLabelsWithoutTofu() throws {
        let trace = TraceFixtures.multiChannel
        let layout = try FrameRenderer.layout(for: trace, labels: .init(.ko))
        XCTAssertEqual(layout.panel("input")!.subtitle, "입력 · 3×3×3")
        XCTAssertEqual(layout.panel("kernel")!.slices[4].label, "필터 1, 채널 1")
        XCTAssertEqual(FrameLabels.init(.ko).header(trace: trace, step: 1), "conv2d · 8단계 중 2단계")
        XCTAssertEqual(FrameLabels.init(.ko).partialSumsLine(trace.steps[0]), "채널별 합: 채널 0: −1, 채널 1: 1, 채널 2: 0")
        let measurer = TextMeasurer()
        for text in [layout.panel("input")!.subtitle, "채널별 합", FrameLabels.init(.ko).winner, FrameLabels.init(.ko).maxOfWindow] {
            XCTAssertEqual(measurer.missingGlyphs(text, .body), 0, text)
        }
        let english = try FrameRenderer.frame(for: trace, step: 1), korean = try FrameRenderer.frame(for: trace, step: 1, labels: .init(.ko))
        XCTAssertNotEqual(english.png, korean.png)
        try RenderSamples.save(korean, "korean-conv-step2")
    }

    func testSameInputGivesIdenticalBytes() throws {
        let a = try FrameRenderer.frame(for: TraceFixtures.multiChannel, step: 3)
        let b = try FrameRenderer.frame(for: TraceFixtures.multiChannel, step: 3)
        XCTAssertEqual(a.png, b.png)
        XCTAssertEqual(try FigureFixtures.lossChart.render().png, try FigureFixtures.lossChart.render().png)
        XCTAssertEqual(a.png.prefix(8), Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        XCTAssertNil(a.png.range(of: Data("tIME".utf8)), "no time stamp chunk")
    }

    func testConcurrentRenderingGivesTheSameBytes() throws {
        let trace = TraceFixtures.multiChannel
        let sequential = try FrameRenderer.frames(for: trace).map(\.png)
        final class Results: @unchecked Sendable {
            var items: [Data?]
            let lock = NSLock()
            init(_ n: Int) { items = Array(repeating: nil, count: n) }
        }
        let results = Results(trace.steps.count)
        DispatchQueue.concurrentPerform(iterations: trace.steps.count) { k in
            let png = try? FrameRenderer.frame(for: trace, step: k).png
            results.lock.lock()
            results.items[k] = png
            results.lock.unlock()
        }
        XCTAssertEqual(results.items, sequential.map { Optional($0) })
    }

    func testFrameAltTextNamesCellsAndArithmetic() throws {
        let alt = try FrameRenderer.frame(for: TraceFixtures.conv3x3, step: 1).alt
        XCTAssertTrue(alt.hasPrefix("Step 2 of 4 of the conv2d example \"conv-3x3\"."), alt)
        XCTAssertTrue(alt.contains("Read (orange outline): input cells (0, 1), (0, 2), (1, 1), (1, 2)."), alt)
        XCTAssertTrue(alt.contains("Weights (blue outline): kernel cells (0, 0), (0, 1), (1, 0), (1, 1)."), alt)
        XCTAssertTrue(alt.contains("Written (red outline): output cell (0, 1)."), alt)
        XCTAssertTrue(alt.contains("Bias (blue outline): bias cell (0) = 5."), alt)
        XCTAssertTrue(alt.contains("Arithmetic: 2×1 + 0×0 + 1×1 + 3×0 = 3, 3 + 5 = 8."), alt)
        let padded = try FrameRenderer.frame(for: TraceFixtures.padding1, step: 0).alt
        XCTAssertTrue(padded.contains("input cells (-1, -1) [padding], (-1, 0) [padding], (0, -1) [padding], (0, 0)"), padded)
        let overview = try FrameRenderer.overview(for: TraceFixtures.conv3x3).alt
        XCTAssertTrue(overview.contains("output (output, 2×2): 6, 8, 7, 7."), overview)
        XCTAssertTrue(overview.contains("OH = ⌊(3 − 2 + 2·0) / 1⌋ + 1 = 2."), overview)
    }

    func testInconsistentTracesThrowNamedErrors() {
        var trace = TraceFixtures.conv3x3
        trace.steps[0].reads.append(CellRef("input", [5, 0]))
        XCTAssertThrowsError(try FrameRenderer.frames(for: trace)) { error in
            XCTAssertEqual("\(error)", "render frame conv-3x3: step 0 cell [5, 0] is outside input of shape [3, 3] with padding [0, 0]")
        }
        var other = TraceFixtures.conv3x3
        other.tensors[0].values.removeLast()
        XCTAssertThrowsError(try FrameRenderer.frames(for: other)) { error in
            XCTAssertEqual("\(error)", "render frame conv-3x3: tensor input has shape [3, 3] but 8 values")
        }
        XCTAssertThrowsError(try FrameRenderer.frame(for: TraceFixtures.conv3x3, step: 4))
    }

    func testWritePNGIsAtomicAndSVGUsesTheSameDrawing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = try FigureFixtures.confusion.render()
        let url = dir.appendingPathComponent("sub/cm.png")
        try writePNG(image, to: url)
        XCTAssertEqual(try Data(contentsOf: url), image.png)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path), ["cm.png"])
        let svg = String(decoding: try FigureFixtures.confusion.drawing().svg(), as: UTF8.self)
        XCTAssertTrue(svg.contains("<svg"), String(svg.prefix(200)))
        XCTAssertEqual(try PNGImage(data: image.png).width, image.width)
    }

    func testNiceTicks() {
        XCTAssertEqual(NiceTicks.ticks(0.22, 2.3), [0, 1, 2, 3])
        XCTAssertEqual(NiceTicks.ticks(0.22, 2.3, target: 8), [0, 0.5, 1, 1.5, 2, 2.5])
        XCTAssertEqual(NiceTicks.ticks(0, 1), [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(NiceTicks.ticks(-4, 4), [-4, -2, 0, 2, 4])
        XCTAssertEqual(NiceTicks.ticks(1, 8, target: 8), [1, 2, 3, 4, 5, 6, 7, 8])
    }

    func testColorMapsEnds() {
        XCTAssertEqual(ColorMap.viridis.color(at: 0), Color(hex: 0x440154))
        XCTAssertEqual(ColorMap.viridis.color(at: 1), Color(hex: 0xFDE725))
        XCTAssertEqual(ColorMap.diverging.color(at: 0.5), Color(hex: 0xF7F7F7))
        XCTAssertEqual(ValueScale(fitting: [-1, 3], symmetric: true), ValueScale(low: -3, high: 3))
        XCTAssertEqual(ValueScale(low: -3, high: 3).normalized(0), 0.5)
    }
}
