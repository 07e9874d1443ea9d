import Tensor
import XCTest
@testable import NN

/// Model files with batch normalisation, residual and inception blocks: their layer tables,
/// gradients against finite differences, running statistics and checkpoints.
final class BlockNetworkTests: XCTestCase {
    static let small = """
    name: blocks
    input: [2, 6, 6]
    layers:
      - {conv: {filters: 3, kernel: 3, padding: 1}}
      - batchnorm
      - relu
      - residual:
          - {conv: {filters: 3, kernel: 3, padding: 1}}
          - batchnorm
          - relu
          - {conv: {filters: 3, kernel: 3, padding: 1}}
      - residual:
          - {conv: {filters: 4, kernel: 3, stride: 2, padding: 1}}
          - tanh
      - inception:
          - [{conv: {filters: 2, kernel: 1}}]
          - [{conv: {filters: 1, kernel: 1}}, sigmoid, {conv: {filters: 2, kernel: 3, padding: 1}}]
          - [{maxpool: {size: 3, stride: 1, padding: 1}}, {conv: {filters: 1, kernel: 1}}]
      - global_avgpool
      - flatten
      - {linear: 3}
    """

    func testLayerTableCountsBlocksAndProjection() throws {
        let spec = try ModelSpec.parse(yaml: Self.small)
        let table = try spec.layerTable()
        XCTAssertEqual(table.map(\.name), ["conv1", "bn1", "relu1", "res1", "res2", "inception1", "global_avgpool1", "flatten1", "fc1"])
        XCTAssertEqual(table.map(\.outputShape), [[3, 6, 6], [3, 6, 6], [3, 6, 6], [3, 6, 6], [4, 3, 3], [5, 3, 3], [5, 1, 1], [5], [3]])
        // conv 2→3 3x3: 57; bn: 6; res1: 84 + 6 + 84; res2: 4·3·9 + 4 = 112 plus the 1x1 stride-2
        // projection 3→4: 16; inception: (4·2 + 2) + (4 + 1 + 1·2·9 + 2) + (4 + 1) = 10 + 25 + 5.
        XCTAssertEqual(table.map(\.parameters), [57, 6, 0, 174, 128, 40, 0, 0, 18])
        XCTAssertEqual(try spec.totalParameters(), 423)
        XCTAssertEqual(try spec.totalStoredValues(), 423 + 6 + 6)   // two BN layers of 3 channels
        XCTAssertEqual(table[3].description, "residual: conv 3x3 → batchnorm → relu → conv 3x3 + x")
        let net = try Network(spec: spec, seed: 1)
        XCTAssertEqual(net.parameterCount, 423)
        XCTAssertEqual(net.storedCount, 435)
        XCTAssertEqual(Array(net.parameterNames.prefix(10)), ["conv1.w", "conv1.b", "bn1.gamma", "bn1.beta", "bn1.running_mean",
                                                          "bn1.running_var", "res1.conv1.w", "res1.conv1.b", "res1.bn1.gamma", "res1.bn1.beta"])
        XCTAssertTrue(net.parameterNames.contains("res2.proj.w"))
        XCTAssertTrue(net.parameterNames.contains("inception1.b2.conv2.w"))
        XCTAssertEqual(net.trainable.filter { !$0 }.count, 4)
    }

    func testGradientsMatchFiniteDifferences() throws {
        // The same blocks with smooth functions (tanh for ReLU, average for max pooling), so that
        // no finite step crosses a kink.
        let smooth = Self.small.replacingOccurrences(of: "relu", with: "tanh").replacingOccurrences(of: "maxpool", with: "avgpool")
        var net = try Network(spec: ModelSpec.parse(yaml: smooth), seed: 4)
        var draw = SplitMix64(seed: 9)
        let x = try Tensor(shape: [3, 2, 6, 6], data: (0..<216).map { _ in 2 * draw.nextFloat() - 1 })
        let labels = [2, 0, 1]
        func loss(_ n: Network) throws -> Double {
            var rng = SplitMix64(seed: 5)
            return Double(try crossEntropy(logits: n.forward(x, training: true, rng: &rng).logits, labels: labels).loss)
        }
        var rng = SplitMix64(seed: 5)
        let grads = try net.lossAndGradients(x, labels: labels, rng: &rng).gradients
        let checked = try checkGradients(&net, grads, eps: 1e-2, perParameter: 3, seed: 6,
                                         tolerance: { 5e-4 + 0.03 * abs($0) }, loss: loss)
        XCTAssertEqual(checked, 3 * net.parameters.count)
    }

    /// torchvision's form: convolutions without bias before batch normalisation, and a
    /// shortcut of its own (1×1 convolution without bias, batch normalisation).
    static let torchvisionStyle = """
    name: tv
    input: [2, 6, 6]
    layers:
      - {conv: {filters: 3, kernel: 3, padding: 1, bias: false}}
      - batchnorm
      - tanh
      - residual:
          body:
            - {conv: {filters: 4, kernel: 3, stride: 2, padding: 1, bias: false}}
            - batchnorm
            - tanh
            - {conv: {filters: 4, kernel: 3, padding: 1, bias: false}}
            - batchnorm
          shortcut:
            - {conv: {filters: 4, kernel: 1, stride: 2, bias: false}}
            - batchnorm
      - tanh
      - global_avgpool
      - flatten
      - {linear: 3}
    """

    func testConvolutionsWithoutBiasAndAShortcutOfItsOwn() throws {
        let spec = try ModelSpec.parse(yaml: Self.torchvisionStyle)
        let table = try spec.layerTable()
        // conv 2→3 3x3 no bias: 54; bn 6; res1: 3·4·9 + 8 + 4·4·9 + 8 = 108 + 8 + 144 + 8, shortcut 12 + 8.
        XCTAssertEqual(table.map(\.parameters), [54, 6, 0, 288, 0, 0, 0, 15])
        XCTAssertEqual(table[0].description, "conv 3x3, 3 filters, pad 1, no bias")
        XCTAssertEqual(table[3].description, "residual: conv 3x3 → batchnorm → tanh → conv 3x3 → batchnorm + (conv 1x1 → batchnorm)")
        var net = try Network(spec: spec, seed: 2)
        XCTAssertFalse(net.parameterNames.contains("conv1.b"))
        XCTAssertTrue(net.parameterNames.contains("res1.shortcut.conv1.w"))
        XCTAssertTrue(net.parameterNames.contains("res1.shortcut.bn1.running_var"))
        XCTAssertFalse(net.parameterNames.contains { $0.hasSuffix(".proj.w") })
        XCTAssertEqual(net.parameterCount, try spec.totalParameters())
        // Gradients against finite differences, through the shortcut's batch normalisation too.
        var draw = SplitMix64(seed: 3)
        let x = try Tensor(shape: [3, 2, 6, 6], data: (0..<216).map { _ in 2 * draw.nextFloat() - 1 })
        let labels = [1, 0, 2]
        func loss(_ n: Network) throws -> Double {
            var rng = SplitMix64(seed: 5)
            return Double(try crossEntropy(logits: n.forward(x, training: true, rng: &rng).logits, labels: labels).loss)
        }
        var rng = SplitMix64(seed: 5)
        let grads = try net.lossAndGradients(x, labels: labels, rng: &rng).gradients
        let checked = try checkGradients(&net, grads, eps: 1e-2, perParameter: 3, seed: 6,
                                         tolerance: { 5e-4 + 0.03 * abs($0) }, loss: loss)
        XCTAssertEqual(checked, 3 * net.parameters.count)
    }

    func testRunningStatisticsMoveInTrainingAndServeEvaluation() throws {
        let spec = try ModelSpec.parse(yaml: "name: bn\ninput: [1, 1, 2]\nlayers:\n  - batchnorm\n  - flatten\n  - {linear: 2}")
        var net = try Network(spec: spec, seed: 1)
        let x = try Tensor(shape: [2, 1, 1, 2], data: [1, 3, 5, 7])   // mean 4, biased variance 5
        var rng = SplitMix64(seed: 1)
        let r = try net.lossAndGradients(x, labels: [0, 1], rng: &rng)
        XCTAssertEqual(r.gradients[2].data, [0], "running mean is not trained")
        net.store(runningStatistics: r.runningStatistics)
        XCTAssertEqual(net.parameters[2].data[0], 0.4, accuracy: 1e-6)                 // 0.9·0 + 0.1·4
        XCTAssertEqual(net.parameters[3].data[0], 0.9 + 0.1 * 5 * 4 / 3, accuracy: 1e-6)  // unbiased variance 20/3
        // Evaluation normalises with the stored statistics: one image gives the same output alone or in a batch.
        let alone = try net.forward(Tensor(shape: [1, 1, 1, 2], data: [1, 3]), training: false, rng: &rng).logits
        let batch = try net.forward(x, training: false, rng: &rng).logits
        XCTAssertEqual(alone.data, Array(batch.data.prefix(2)))
    }

    /// Each layer's backward is made by its forward: a pass run for evaluation cannot be
    /// back-propagated through a batch normalisation (it kept no batch statistics).
    func testBackwardOfAnEvaluationPassNamesTheBatchNorm() throws {
        let spec = try ModelSpec.parse(yaml: "name: bn\ninput: [1, 1, 2]\nlayers:\n  - batchnorm\n  - flatten\n  - {linear: 2}")
        let net = try Network(spec: spec, seed: 1)
        var rng = SplitMix64(seed: 1)
        let pass = try net.forward(Tensor(shape: [2, 1, 1, 2], data: [1, 3, 5, 7]), training: false, rng: &rng)
        XCTAssertThrowsError(try net.backward(pass, dLogits: Tensor(shape: [2, 2], repeating: 1))) {
            XCTAssertEqual("\($0)", "\(TensorError(op: "batchnorm.backward", "the forward pass ran in evaluation mode; train with training: true"))")
        }
        // The layers after it still ran their backward first: the linear layer's gradient of
        // dL/dy = 1 for both rows is the column sum of its input (bias gradient 2 per output).
        let train = try net.forward(Tensor(shape: [2, 1, 1, 2], data: [1, 3, 5, 7]), training: true, rng: &rng)
        let grads = try net.backward(train, dLogits: Tensor(shape: [2, 2], repeating: 1))
        XCTAssertEqual(grads[5].data, [2, 2])
    }

    func testCheckpointKeepsRunningStatistics() throws {
        var session = try TrainingSession(spec: ModelSpec.parse(yaml: Self.small), optimizer: Optimizer(kind: .adam), batchSize: 4, seed: 2)
        var draw = SplitMix64(seed: 3)
        let x = try Tensor(shape: [4, 2, 6, 6], data: (0..<288).map { _ in draw.nextFloat() })
        let r = try session.network.lossAndGradients(x, labels: [0, 1, 2, 0], rng: &session.rng)
        session.optimizer.update(&session.network.parameters, r.gradients)
        session.network.store(runningStatistics: r.runningStatistics)
        let back = try Checkpoint.decode(try Checkpoint.encode(session), file: "c")
        XCTAssertEqual(back.network.parameters, session.network.parameters)
        XCTAssertNotEqual(back.network.parameters[4].data, [0, 0, 0], "bn1.running_mean was updated and kept")
    }

    func testBlockErrorsNameTheInnerLayer() {
        let cases: [(String, String)] = [
            ("  - inception:\n      - [{conv: {filters: 2, kernel: 1}}]\n      - [{conv: {filters: 2, kernel: 3}}]",
             "m:4:5: layer 1 (inception of 2 branches): branch 2 ends in 4x4 but branch 1 in 6x6; the branches' maps must have the same size to be stacked"),
            ("  - residual:\n      - {conv: {filters: 2, kernel: 2}}",
             "m:4:5: layer 1 (residual of 1 layers): the body turns 2x6x6 into 2x5x5, which no 1x1 projection with one stride can match on the shortcut"),
            ("  - residual:\n      - {linear: 3}",
             "m:4:5: layer 1 (residual of 1 layers): residual layer 1 (linear 3): needs a flat input, got 2x6x6; add `- flatten` before it"),
            ("  - residual: []", "m:4:15: layer 1 (residual): expected a non-empty list of layers"),
            ("  - residual:\n      shortcut: [{conv: {filters: 2, kernel: 1}}]",
             "m:5:7: layer 1 (residual): expected `body: [layers]` (and optionally `shortcut: [layers]`), or a plain list of layers"),
            ("  - residual:\n      body: [{conv: {filters: 4, kernel: 3, padding: 1}}]\n      shortcut: [{conv: {filters: 3, kernel: 1}}]",
             "m:4:5: layer 1 (residual of 1 layers): the shortcut turns 2x6x6 into 3x6x6 but the body into 4x6x6; they are added, so they must match"),
            ("  - {conv: {filters: 2, kernel: 1, bias: 0}}", "m:4:42: layer 1 (conv): 'bias' must be true or false, got '0'"),
        ]
        for (layers, expected) in cases {
            let yaml = "name: m\ninput: [2, 6, 6]\nlayers:\n" + layers
            do {
                _ = try ModelSpec.parse(yaml: yaml, file: "m").layerTable()
                XCTFail("no error for \(layers)")
            } catch {
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(error)\nexpected \(expected)")
            }
        }
    }
}

final class BlockTorchNameTests: XCTestCase {
    func testBatchNormNamesAreNNBatchNorm2d() {
        XCTAssertEqual(["bn1.gamma", "bn1.beta", "bn1.running_mean", "bn1.running_var", "res1.conv1.w"].map(TorchWeights.torchName),
                       ["bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "res1.conv1.weight"])
    }
}

final class BundledBlockModelTests: XCTestCase {
    func testResNetMiniAndItsPlainTwin() throws {
        let dir = try XCTUnwrap(repoPath("models"))
        let res = try ModelSpec.load(path: dir + "/resnet-mini.yaml"), plain = try ModelSpec.load(path: dir + "/plain-mini.yaml")
        // The third block's body turns 32x7x7 into 64x4x4: its shortcut is a 1x1 stride-2 projection (64·32 + 64).
        XCTAssertEqual(try res.layerTable()[8].outputShape, [64, 4, 4])
        XCTAssertEqual(try res.totalParameters(), 77_898)
        // The same convolutions and normalisations without the two projections (16·32 + 32, 32·64 + 64).
        XCTAssertEqual(try plain.totalParameters(), 77_898 - 544 - 2112)
    }
}
