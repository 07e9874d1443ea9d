import Tensor
import XCTest
@testable import NN

final class TrainingTests: XCTestCase {
    static func lenet() throws -> ModelSpec { try ModelSpec.parse(yaml: ModelSpecTests.lenet, file: "lenet5.yaml") }

    /// `perClass` digits of each class from the bundled training set (which is sorted by class).
    static func balanced(_ perClass: Int, from set: Dataset) -> Dataset {
        var indices: [Int] = []
        for k in 0..<10 { indices += set.labels.indices.filter { set.labels[$0] == k }.prefix(perClass) }
        return set.subset(indices)
    }

    func testGradientsMatchFiniteDifferencesThroughLeNet5() throws {
        var net = try Network(spec: Self.lenet(), seed: 3)
        // MNIST's blank background makes every pre-activation exactly equal to its bias, which
        // starts at 0: the kink of ReLU, where finite differences average the two one-sided
        // slopes. Nonzero biases move those units off the kink.
        var noise = SplitMix64(seed: 9)
        for (p, name) in net.parameterNames.enumerated() where name.hasSuffix(".b") {
            for j in net.parameters[p].data.indices { net.parameters[p].data[j] = 0.2 * (noise.nextFloat() - 0.5) }
        }
        let data = try DataDirectory.load(XCTUnwrap(repoPath("data")), split: .test).prefix(3)
        var rng = SplitMix64(seed: 1)
        let grads = try net.lossAndGradients(data.images, labels: data.labels, rng: &rng).gradients
        func loss(_ n: Network) throws -> Double {
            var r = SplitMix64(seed: 1)
            let logits = try n.forward(data.images, training: false, rng: &r).logits
            // Recompute in Double from the logits so the difference quotient is not all rounding.
            var total = 0.0
            for (row, label) in data.labels.enumerated() {
                let z = (0..<10).map { Double(logits.data[row * 10 + $0]) }
                let m = z.max()!
                total += m + log(z.map { exp($0 - m) }.reduce(0, +)) - z[label]
            }
            return total / Double(data.count)
        }
        let checked = try checkGradients(&net, grads, eps: 1e-3, perParameter: 3, seed: 42,
                                         tolerance: { 1e-3 + 0.05 * abs($0) }, loss: loss)
        XCTAssertEqual(checked, 30)
    }

    func testSmallTrainingRunLearns() throws {
        let data = try XCTUnwrap(repoPath("data"))
        let train = Self.balanced(100, from: try DataDirectory.load(data, split: .train))
        let test = try DataDirectory.load(data, split: .test).prefix(500)
        var session = try TrainingSession(spec: Self.lenet(), optimizer: Optimizer(kind: .adam, learningRate: 0.002),
                                          batchSize: 32, seed: 7)
        let before = try Evaluation(network: session.network, dataset: test)
        let first = try session.trainEpoch(train: train, test: test, epochs: 2)
        let second = try session.trainEpoch(train: train, test: test, epochs: 2)
        XCTAssertLessThan(second.trainLoss, first.trainLoss)
        XCTAssertLessThan(second.testLoss, before.loss)
        // 86.6% on 4 December (82.8% after the first epoch), 2 threads; chance is 10%.
        XCTAssertGreaterThan(second.testAccuracy, 0.8, "two epochs on 1,000 digits reached 86.6% on 500 test digits when this was written")
        XCTAssertEqual(session.epoch, 2)
        XCTAssertEqual(session.history, [first, second])
    }

    func testOptimizerRulesOnOneNumber() {
        // p = 1, g = 0.5 twice.
        var params = [Tensor(shape: [1], repeating: 1)]
        let g = [Tensor(shape: [1], repeating: 0.5)]
        var sgd = Optimizer(kind: .sgd, learningRate: 0.1)
        sgd.update(&params, g); sgd.update(&params, g)
        XCTAssertEqual(params[0].data[0], 0.9, accuracy: 1e-6)
        params = [Tensor(shape: [1], repeating: 1)]
        var mom = Optimizer(kind: .momentum, learningRate: 0.1)
        mom.update(&params, g); mom.update(&params, g)   // v = 0.5, then 0.95
        XCTAssertEqual(params[0].data[0], 1 - 0.05 - 0.095, accuracy: 1e-6)
        params = [Tensor(shape: [1], repeating: 1)]
        var adam = Optimizer(kind: .adam, learningRate: 0.1)
        adam.update(&params, g)   // bias-corrected m/√v = 1: the first step is lr
        XCTAssertEqual(params[0].data[0], 0.9, accuracy: 1e-6)
        XCTAssertEqual(adam.step, 1)
    }

    func testEvaluationCountsAndMistakes() throws {
        let net = try Network(spec: Self.lenet(), seed: 1)
        let test = try DataDirectory.load(XCTUnwrap(repoPath("data")), split: .test).prefix(50)
        let eval = try Evaluation(network: net, dataset: test, batchSize: 16)
        XCTAssertEqual(eval.confusion.flatMap { $0 }.reduce(0, +), 50)
        XCTAssertEqual(eval.predictions.count, 50)
        let correct = (0..<10).map { eval.confusion[$0][$0] }.reduce(0, +)
        XCTAssertEqual(eval.accuracy, Float(correct) / 50)
        let mistakes = eval.mostConfidentMistakes(5)
        XCTAssertEqual(mistakes.count, min(5, 50 - correct))
        XCTAssertTrue(zip(mistakes, mistakes.dropFirst()).allSatisfy { $0.confidence >= $1.confidence })
        XCTAssertTrue(mistakes.allSatisfy { $0.label != $0.predicted && test.labels[$0.index] == $0.label })
    }
}

final class InspectionTests: XCTestCase {
    func testInspectKeepsEveryLayerAndAgreesWithTheBatchPass() throws {
        let net = try Network(spec: TrainingTests.lenet(), seed: 5)
        let test = try DataDirectory.load(XCTUnwrap(repoPath("data")), split: .test).prefix(4)
        let image = try Tensor(shape: [1, 28, 28], data: Array(test.images.data[(2 * 784)..<(3 * 784)]))
        let seen = try net.inspect(image)
        XCTAssertEqual(seen.layers.map { $0.output.shape }, net.table.map(\.outputShape))
        XCTAssertEqual(seen.layers[0].info.name, "conv1")
        XCTAssertEqual(seen.probabilities.reduce(0, +), 1, accuracy: 1e-5)
        var rng = SplitMix64(seed: 0)
        let logits = try net.forward(test.images, training: false, rng: &rng).logits
        // The same numbers up to GEMM summation order, which depends on the batch size.
        for (a, b) in zip(seen.layers.last!.output.data, logits.data[20..<30]) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        let eval = try Evaluation(network: net, dataset: test)
        XCTAssertEqual(seen.predicted, eval.predictions[2])
        XCTAssertEqual(seen.probabilities[seen.predicted], eval.confidences[2], accuracy: 1e-6)
    }
}

final class EveryLayerGradientTests: XCTestCase {
    /// Every layer kind in one small model, checked against central differences (dropout
    /// draws the same mask in every pass because each pass starts from the same seed).
    func testGradientsOfEveryLayerKind() throws {
        let yaml = """
        name: every-kind
        input: [2, 7, 7]
        layers:
          - {conv: {filters: 3, kernel: 3, padding: 1}}
          - prelu
          - {lrn: {size: 3, alpha: 0.1, beta: 0.75, k: 2}}
          - {maxpool: {size: 2, padding: 1}}
          - {conv: {filters: 4, kernel: [2, 2], stride: [1, 2]}}
          - elu
          - {avgpool: {size: 2, stride: 1}}
          - {leaky_relu: {alpha: 0.1}}
          - flatten
          - {dropout: 0.25}
          - {linear: 6}
          - tanh
          - {linear: 5}
          - sigmoid
          - {linear: 3}
        """
        var net = try Network(spec: ModelSpec.parse(yaml: yaml), seed: 4)
        var draw = SplitMix64(seed: 8)
        let x = try Tensor(shape: [2, 2, 7, 7], data: (0..<196).map { _ in 2 * draw.nextFloat() - 1 })
        let labels = [2, 0]
        func loss(_ n: Network) throws -> Double {
            var rng = SplitMix64(seed: 77)
            return Double(try crossEntropy(logits: n.forward(x, training: true, rng: &rng).logits, labels: labels).loss)
        }
        var rng = SplitMix64(seed: 77)
        let grads = try net.lossAndGradients(x, labels: labels, rng: &rng).gradients
        XCTAssertEqual(net.parameterNames, ["conv1.w", "conv1.b", "prelu1.alpha", "conv2.w", "conv2.b",
                                            "fc1.w", "fc1.b", "fc2.w", "fc2.b", "fc3.w", "fc3.b"])
        let checked = try checkGradients(&net, grads, eps: 1e-2, perParameter: 4, seed: 3,
                                         tolerance: { 5e-4 + 0.03 * abs($0) }, loss: loss)
        XCTAssertEqual(checked, 44)
    }
}

/// Compares `grads` with central differences (loss(p + ε) − loss(p − ε)) / 2ε at
/// `perParameter` randomly chosen entries of every parameter tensor.
/// - Returns: how many entries were compared.
func checkGradients(_ net: inout Network, _ grads: [Tensor], eps: Float, perParameter: Int, seed: UInt64,
                    tolerance: (Double) -> Double, loss: (Network) throws -> Double,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Int {
    var pick = SplitMix64(seed: seed)
    var checked = 0
    for p in net.parameters.indices {
        for _ in 0..<perParameter {
            let j = pick.nextInt(below: net.parameters[p].count)
            let original = net.parameters[p].data[j]
            net.parameters[p].data[j] = original + eps
            let up = try loss(net)
            net.parameters[p].data[j] = original - eps
            let down = try loss(net)
            net.parameters[p].data[j] = original
            let numeric = (up - down) / Double(2 * eps)
            XCTAssertEqual(Double(grads[p].data[j]), numeric, accuracy: tolerance(numeric),
                           "\(net.parameterNames[p])[\(j)]", file: file, line: line)
            checked += 1
        }
    }
    return checked
}
