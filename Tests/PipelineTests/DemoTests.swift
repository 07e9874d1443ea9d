import Foundation
import XCTest
@testable import Pipeline
import Render
import Site

/// The demo pages after a build with a tiny training budget (the test mode of `convwalk build`).
final class DemoTests: XCTestCase {
    func testTinyDemoBuildGivesPagesWithRealPicturesAndNumbers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        try "---\ntitle: Convolution\nslug: convolution\norder: 1\n---\nText\n\n```example\nid: r\nop: relu\ninput: [1]\n```\n"
            .write(to: dir.appendingPathComponent("lessons/01.md"), atomically: true, encoding: .utf8)
        let runs = dir.appendingPathComponent("runs").path
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let demo = DemoOptions(runs: runs, models: ["lenet5"], epochs: 1, limit: 300, testLimit: 200, data: repo.appendingPathComponent("data").path)
        let set = try DemoPages.build(demo, languages: ["en"], lessons: [.init(slug: "convolution", title: "Convolution", lang: "en")],
                                      previous: nil, log: { _ in })
        // The confusion matrix counts every test digit once.
        let evaluation = try XCTUnwrap(set.evaluations["lenet5"])
        XCTAssertEqual(evaluation.confusion.flatMap { $0 }.reduce(0, +), 200)
        XCTAssertEqual(set.pages.map(\.slug), ["demo-lenet5"])
        // The run was saved where the next build finds it.
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(runs)/lenet5/checkpoint.cwck"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(runs)/lenet5/run.json"))
        // Every picture has content: pixels vary.
        let folder = "figures/demos/lenet5/en"
        for name in ["architecture.png", "loss.png", "filters-before.png", "filters-after.png", "walk-step-2.png", "walk-step-4.png", "confusion.png", "per-class.png"] {
            guard case .bytes(let data)? = set.images.files["\(folder)/\(name)"] else { return XCTFail("no \(name)") }
            let png = try PNGImage(data: data)
            XCTAssertGreaterThan(Set(png.argb).count, 8, "\(name) is blank")
        }
        // One walk in the page: a digit of each class and the most confident mistakes to pick
        // from, drawn by assets/walk.js; its PNG fallback walks the first test digit.
        let html = set.pages[0].blocks.compactMap { block -> String? in if case .trustedHTML(let h) = block { return h } else { return nil } }
        let walk = try XCTUnwrap(html.first { $0.contains("data-digit-walk") })
        XCTAssertEqual(walk.components(separatedBy: "data-pick=\"").count - 1, 10 + 1 + evaluation.mostConfidentMistakes(12).count)
        XCTAssertTrue(walk.contains("data-fallback=\"walk-lenet5\"") && walk.contains("data-steps=\"6\""), walk)
        XCTAssertTrue(html.contains { $0.contains("data-walk-mistakes") && $0.contains("data-open-pick=\"10\"") })
        let all = set.pages[0].blocks.compactMap { block -> Player? in if case .player(let p) = block { return p } else { return nil } }
        let players = all.filter { $0.id.hasPrefix("walk-") }
        XCTAssertEqual(players.map(\.id), ["walk-lenet5"])
        // Then the lessons' operations on the real numbers (ToyToRealTests).
        XCTAssertEqual(all.filter { $0.id.hasPrefix("real-") }.map(\.id), ["real-conv1", "real-relu1", "real-pool1", "real-fc3"])
        XCTAssertEqual(players[0].steps.count, 6)  // input, conv1, pool1, conv2, pool2, softmax
        // Prose names the network as people write it; only commands and paths say lenet5.
        XCTAssertTrue(players[0].title.hasSuffix("through LeNet-5"), players[0].title)
        XCTAssertTrue(walk.contains("step through LeNet-5 layer by layer") || html.joined().contains("LeNet-5 reads it as {digit}"))
        let prose = set.pages[0].blocks.compactMap { block -> String? in if case .markdown(let m) = block { return m } else { return nil } }.joined()
        XCTAssertTrue(prose.contains("a real LeNet-5 that convwalk trained"), prose)
        // (Without the course's lessons the variant sentence names the lesson by its slug.)
        let named = ["convwalk train lenet5", "runs/lenet5", "The lesson lenet5"].reduce(prose) { $0.replacingOccurrences(of: $1, with: "") }
        XCTAssertFalse(named.contains("lenet5"), named)
        XCTAssertTrue(players[0].steps[1].caption.hasPrefix("conv1 (conv 5x5, 6 filters, pad 2): 1x28x28 → 6x28x28"), players[0].steps[1].caption)
        // The whole site builds with them, and a second build reuses the run and the pictures.
        let options = BuildOptions(lessons: dir.appendingPathComponent("lessons").path, output: dir.appendingPathComponent("output").path, demos: demo)
        _ = try CourseBuild.run(options)
        let again = try CourseBuild.run(options)
        XCTAssertEqual(again.rendered, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/demo-lenet5.html").path))
        XCTAssertEqual(try LinkChecker.check(siteAt: dir.appendingPathComponent("output")), [])
    }
}
