import Foundation
import NN
import XCTest
@testable import ConvwalkCLI
@testable import Pipeline

/// `convwalk import` end to end: PyTorch-named weights become a run that the demo pages show,
/// without a training history.
final class ImportedRunTests: XCTestCase {
    func testImportedWeightsGetADemoPageWithoutTrainingCurves() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let model = "\(repo)/models/lenet5.yaml", data = "\(repo)/data"
        let network = try Network(spec: ModelSpec.load(path: model), seed: 5)
        try WeightsFile.write(network, format: .safetensors, to: "\(dir)/w.safetensors")
        try #"{"training": {"optimizer": "adam (PyTorch)", "learning_rate": 0.001, "batch": 64, "epochs": 2, "train_images": 5000, "seconds": 4}}"#
            .write(toFile: "\(dir)/w.safetensors.json", atomically: true, encoding: .utf8)

        try Import.parse(["\(dir)/w.safetensors", "--model", model, "--out", "\(dir)/runs/lenet5-torch", "--data", data, "--test-limit", "50"]).run()
        let session = try Checkpoint.read(path: "\(dir)/runs/lenet5-torch/checkpoint.cwck")
        XCTAssertEqual(session.network.parameters, network.parameters)
        XCTAssertEqual(session.network.spec.name, "lenet5-torch")
        XCTAssertEqual(session.history, [])
        let info = try JSONDecoder().decode(DemoRunInfo.self, from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/runs/lenet5-torch/run.json")))
        XCTAssertEqual(info, DemoRunInfo(model: "lenet5-torch", seed: 1, epochs: 2, trainImages: 5000, testImages: 50, batch: 64,
                                         optimizer: "adam (PyTorch)", learningRate: 0.001, threads: 1, seconds: 4,
                                         command: "convwalk import \(dir)/w.safetensors --model \(model) --out \(dir)/runs/lenet5-torch"))
        XCTAssertEqual(info.imagesPerSecond, 2500)

        let demo = DemoOptions(runs: "\(dir)/runs", models: ["lenet5-torch"], testLimit: 50, data: data)
        let set = try DemoPages.build(demo, languages: ["en"], lessons: [], previous: nil, log: { _ in })
        XCTAssertEqual(set.pages.map(\.slug), ["demo-lenet5-torch"])
        let folder = "figures/demos/lenet5-torch/en"
        XCTAssertNil(set.images.files["\(folder)/loss.png"], "no curves without a training log")
        XCTAssertNotNil(set.images.files["\(folder)/filters-after.png"])
        XCTAssertNotNil(set.images.files["\(folder)/confusion.png"])
    }
}
