import Foundation
import KernelCore
import NN
import Render
import Site
import Tensor
import XCTest
@testable import ConvwalkCLI
@testable import Pipeline

/// The page comparing two networks trained alike, and how `build` is asked for it.
final class ComparisonTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testBuildComparesResnetAndPlainByDefaultAndTakesTheDemoBudget() throws {
        let options = try Build.parse(["--runs", "r", "--demo-epochs", "2", "--demo-limit", "300"]).site.buildOptions
        let comparison = try XCTUnwrap(options.comparison)
        XCTAssertEqual(comparison.models, ["resnet-mini", "plain-mini"])
        XCTAssertEqual(comparison.data, "fashion-mnist")
        XCTAssertEqual(comparison.demoOptions.runs, "r/compare-fashion-mnist", "kept apart from the MNIST demos' runs")
        XCTAssertEqual([comparison.demoOptions.epochs, comparison.demoOptions.limit], [2, 300])
        XCTAssertEqual(try Build.parse([]).site.buildOptions.comparison?.demoOptions.limit, ComparisonOptions.defaultLimit)
        XCTAssertNil(try Build.parse(["--compare", "none"]).site.buildOptions.comparison)
        XCTAssertNil(try Build.parse(["--no-demos"]).site.buildOptions.comparison)
        XCTAssertEqual(try Build.parse(["--compare", "lenet5, alexnet-mini"]).site.buildOptions.comparison?.models, ["lenet5", "alexnet-mini"])
        XCTAssertThrowsError(try Build.parse(["--compare", "lenet5"])) { error in
            XCTAssertTrue(Build.message(for: error).contains("two models separated by a comma"), Build.message(for: error))
        }
    }

    func testStartGradientsCoverTheMainPathConvolutionsOnly() throws {
        let data = try DataDirectory.load(Self.repo.appendingPathComponent("data").path, split: .train).prefix(16)
        let resnet = try Network(spec: BuiltinModels.resolve(Self.repo.appendingPathComponent("models/resnet-mini.yaml").path), seed: 1)
        let plain = try Network(spec: BuiltinModels.resolve(Self.repo.appendingPathComponent("models/plain-mini.yaml").path), seed: 1)
        let r = try ComparisonPage.startGradients(resnet, batch: data, seed: 1)
        let p = try ComparisonPage.startGradients(plain, batch: data, seed: 1)
        // Seven convolutions on each main path; resnet-mini's two shortcut projections are left out.
        XCTAssertEqual(resnet.parameterNames.filter { $0.hasSuffix(".proj.w") }.count, 2)
        XCTAssertEqual([r.count, p.count], [7, 7])
        XCTAssertTrue((r + p).allSatisfy { $0.isFinite && $0 > 0 }, "\(r) \(p)")
        XCTAssertEqual(r, try ComparisonPage.startGradients(resnet, batch: data, seed: 1), "the same batch and seed give the same gradients")
        // The first convolution's RMS, by hand from the network's own gradients.
        var rng = SplitMix64(seed: 1)
        let g = try resnet.lossAndGradients(data.images, labels: data.labels, rng: &rng).gradients[0]
        let squares: [Double] = g.data.map { Double($0) * Double($0) }
        let rms = (squares.reduce(0, +) / Double(g.count)).squareRoot()
        XCTAssertEqual(r[0], rms, accuracy: 1e-12)
    }

    func testTinyComparisonGivesAPageWithChartsAndBothModels() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-compare-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let models = ["resnet-mini", "plain-mini"].map { Self.repo.appendingPathComponent("models/\($0).yaml").path }
        let o = ComparisonOptions(models: models, data: Self.repo.appendingPathComponent("data").path, runs: dir.path, epochs: 1, limit: 128, testLimit: 64)
        let set = try ComparisonPage.build(o, languages: ["en", "ko"], previous: nil, log: { _ in })
        XCTAssertEqual(set.pages.map(\.slug), ["compare-resnet-mini-plain-mini", "compare-resnet-mini-plain-mini"])
        XCTAssertEqual(set.pages.map(\.lang), ["en", "ko"])
        XCTAssertEqual(set.pages[1].title, "resnet-mini와 plain-mini 비교")
        for lang in ["en", "ko"] {
            for name in ["accuracy.png", "loss.png", "gradients.png"] {
                guard case .bytes(let data)? = set.images.files["figures/compare/\(lang)/\(name)"] else { return XCTFail("no \(lang)/\(name)") }
                XCTAssertGreaterThan(Set(try PNGImage(data: data).argb).count, 8, "\(name) is blank")
            }
        }
        let text = set.pages[0].blocks.compactMap { block -> String? in if case .markdown(let m) = block { return m } else { return nil } }.joined(separator: "\n")
        XCTAssertTrue(text.contains("| resnet-mini | 77,898 |"), text)
        XCTAssertTrue(text.contains("| plain-mini | 75,242 |"), text)
        XCTAssertTrue(text.contains("--data \(o.data)"), "the reproduce command names the data")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("compare-data/resnet-mini/checkpoint.cwck").path))

        // A drawing pad and a walk per model, and each pad's network script: run natively by
        // NetworkCore, it gives the build's prediction for each of the 64 test images it carries.
        let html = set.pages[0].blocks.compactMap { block -> String? in if case .trustedHTML(let h) = block { return h } else { return nil } }.joined()
        XCTAssertEqual(html.components(separatedBy: " data-digit-pad ").count - 1, 2)
        XCTAssertEqual(html.components(separatedBy: " data-digit-walk ").count - 1, 2)
        XCTAssertTrue(html.contains("id=\"draw-resnet-mini\"") && html.contains("id=\"draw-plain-mini\""))
        XCTAssertTrue(html.contains("compare-filters"), "the filters of both models")

        // Without JavaScript each model's walk is a player of PNGs (the first test image from the
        // input to the softmax), named by its in-page walk as the fallback that it hides.
        for (k, page) in set.pages.enumerated() {
            let players = page.blocks.compactMap { block -> Player? in if case .player(let p) = block { return p } else { return nil } }
            XCTAssertEqual(players.map(\.id), ["walk-resnet-mini", "walk-plain-mini"], page.lang)
            // resnet-mini: input, conv, pool, 3 residual blocks, softmax; plain-mini: input, conv, pool, 6 convs, softmax
            XCTAssertEqual(players.map(\.steps.count), [7, 10], page.lang)
            for player in players {
                for step in player.steps {
                    let path = try XCTUnwrap(step.image, "a step without its picture")
                    guard case .bytes(let data)? = set.images.files[path] else { return XCTFail("no \(path)") }
                    XCTAssertGreaterThan(Set(try PNGImage(data: data).argb).count, 2, "\(path) is blank")
                }
                XCTAssertTrue(player.steps[0].image?.hasPrefix("figures/compare/\(page.lang)/") == true, player.steps[0].image ?? "")
                // the repository's data are MNIST digits: test image 0 is a 7, named by its number
                XCTAssertTrue(player.steps[0].caption.hasSuffix(k == 0 ? "labelled 7" : "정답 7"), player.steps[0].caption)
                XCTAssertTrue(player.steps.last!.caption.contains(k == 0 ? "softmax" : "소프트맥스"), player.steps.last!.caption)
            }
            XCTAssertTrue(players[0].steps[3].caption.hasPrefix("res1 ") && players[0].steps[3].caption.hasSuffix("16x14x14 → 16x14x14"),
                          players[0].steps[3].caption)
        }
        XCTAssertTrue(html.contains("data-fallback=\"walk-resnet-mini\"") && html.contains("data-fallback=\"walk-plain-mini\""))
        let test = try DataDirectory.load(try DataDirectory.resolve(o.data), split: .test).prefix(64)
        for model in ["resnet-mini", "plain-mini"] {
            guard case .bytes(let data)? = set.images.files["figures/compare/\(model)/network.js"] else { return XCTFail("no network.js for \(model)") }
            let script = String(decoding: data, as: UTF8.self)
            let field = { (name: String) -> String in
                guard let r = script.range(of: "\(name): \""), let end = script[r.upperBound...].firstIndex(of: "\"") else { return "" }
                return String(script[r.upperBound..<end])
            }
            let predictions = field("predictions")
            XCTAssertEqual(predictions.count, 64)
            let bytes = try XCTUnwrap(Data(base64Encoded: field("data")))
            let decoded = bytes.withUnsafeBytes { NetworkCore.decode($0) }
            let core = try XCTUnwrap(decoded.network, decoded.error ?? "")
            XCTAssertTrue(core.layers.contains(.batchnorm(epsilon: 1e-5)))
            XCTAssertEqual(core.layers.contains(.add), model == "resnet-mini")
            for (i, expected) in predictions.enumerated() {
                let logits = try XCTUnwrap(core.forward(Array(test.images.data[(i * 784)..<((i + 1) * 784)]))?.last?.values)
                XCTAssertEqual("\(logits.indices.max { logits[$0] < logits[$1] }!)", String(expected), "\(model) image \(i)")
            }
        }
    }
}
