import Foundation
import KernelCore
import NN
import Pipeline
import Tensor
import WasmKit
import XCTest

/// NetworkCore's deeper layers (convolution without bias, batch normalisation at inference,
/// global average pooling, residual blocks as save/swap/add) against the host's evaluation
/// forward pass on the same weights: resnet-mini, plain-mini and a model with every variant
/// (explicit shortcut layers, a bias-free convolution, batch normalisation after flatten, a
/// block inside a block). The networks are initialised, then every γ, β, running mean, running
/// variance and bias is drawn at random (a checkpoint whose normalisations all do something).
final class NetworkBlocksTests: XCTestCase {
    static let test: Result<Dataset, Error> = Result { try DataDirectory.load(try DataDirectory.resolve(nil), split: .test) }
    /// Largest logit difference allowed between NetworkCore and the host, relative to the
    /// largest logit magnitude (at least 1): the loops sum in another order than the kernels.
    static let tolerance: Float = 1e-4

    static let everyVariant = """
        name: every-variant
        input: [1, 28, 28]
        layers:
          - {conv: {filters: 8, kernel: 3, padding: 1, bias: false}}
          - batchnorm
          - relu
          - residual:
              body:
                - {conv: {filters: 12, kernel: 3, stride: 2, padding: 1, bias: false}}
                - batchnorm
                - relu
                - residual: [{conv: {filters: 12, kernel: 3, padding: same}}, batchnorm]
              shortcut: [{conv: {filters: 12, kernel: 1, stride: 2, bias: false}}, batchnorm]
          - relu
          - residual: [{conv: {filters: 16, kernel: 3, padding: 1}}, batchnorm]
          - {avgpool: {size: 2}}
          - flatten
          - {linear: 24}
          - batchnorm
          - relu
          - {linear: 10}
        """

    func network(_ name: String, seed: UInt64 = 5) throws -> Network {
        let spec = name == "every-variant" ? try ModelSpec.parse(yaml: Self.everyVariant) : try BuiltinModels.resolve(name)
        var network = try Network(spec: spec, seed: seed)
        var rng = SplitMix64(seed: seed)
        for (i, name) in network.parameterNames.enumerated() {
            let u = { rng.nextFloat() }
            let draw: (() -> Float)?
            if name.hasSuffix(".gamma") { draw = { 0.5 + u() } }
            else if name.hasSuffix(".beta") || name.hasSuffix(".b") { draw = { 0.4 * (u() - 0.5) } }
            else if name.hasSuffix(".running_mean") { draw = { 0.6 * (u() - 0.5) } }
            else if name.hasSuffix(".running_var") { draw = { 0.2 + 2 * u() } }
            else { draw = nil }
            if let draw { network.parameters[i] = try Tensor(shape: network.parameters[i].shape, data: (0..<network.parameters[i].count).map { _ in draw() }) }
        }
        return network
    }

    func image(_ test: Dataset, _ i: Int) -> [Float] { Array(test.images.data[(i * 784)..<((i + 1) * 784)]) }

    func host(_ network: Network, _ test: Dataset, _ n: Int) throws -> (logits: [Float], outputs: [[Float]]) {
        var rng = SplitMix64(seed: 0)
        let x = try Tensor(shape: [n, 1, 28, 28], data: Array(test.images.data[0..<(n * 784)]))
        let pass = try network.forward(x, training: false, rng: &rng)
        return (pass.logits.data, pass.outputs.map(\.data))
    }

    func argmax(_ v: ArraySlice<Float>) -> Int { v.indices.max { v[$0] < v[$1] }! - v.startIndex }

    /// Runs `digits` test digits natively; returns the largest relative logit difference.
    @discardableResult
    func checkNative(_ name: String, digits: Int, layers expected: Int) throws -> Float {
        let network = try network(name)
        let test = try Self.test.get()
        let made = PageNetworkAsset.layers(network)
        let core = try XCTUnwrap(made.network, made.reason ?? "")
        XCTAssertEqual(core.layers.count, expected, name)
        XCTAssertEqual(made.tops.count, network.spec.layers.count)
        XCTAssertEqual(made.tops.map { core.shapes[$0] }, network.table.map(\.outputShape))
        let bytes = core.encoded
        XCTAssertEqual(Array(bytes[4..<8]), [2, 0, 0, 0], "written as version 2")
        let back = bytes.withUnsafeBytes { NetworkCore.decode($0) }
        let read = try XCTUnwrap(back.network, back.error ?? "")
        XCTAssertEqual(read.layers, core.layers)
        XCTAssertEqual(read.weights, network.parameters.flatMap(\.data))

        let (logits, outputs) = try host(network, test, digits)
        var worst: Float = 0, hidden: Float = 0
        for i in 0..<digits {
            let mine = try XCTUnwrap(read.forward(image(test, i)))
            let scale = max(1, logits[(i * 10)..<(i * 10 + 10)].map(abs).max()!)
            for k in 0..<10 { worst = max(worst, abs(mine.last!.values[k] - logits[i * 10 + k]) / scale) }
            XCTAssertEqual(argmax(mine.last!.values[...]), argmax(logits[(i * 10)..<(i * 10 + 10)]), "\(name) digit \(i)")
            // Every top-level layer's output, not only the logits (the walk draws them).
            for (l, top) in made.tops.enumerated() {
                let n = mine[top].values.count
                let theirs = outputs[l][(i * n)..<((i + 1) * n)]
                let s = max(1, theirs.map(abs).max() ?? 1)
                for (a, b) in zip(mine[top].values, theirs) { hidden = max(hidden, abs(a - b) / s) }
            }
        }
        XCTAssertLessThanOrEqual(worst, Self.tolerance, "\(name): largest logit difference \(worst) (relative)")
        XCTAssertLessThanOrEqual(hidden, Self.tolerance, "\(name): largest layer output difference \(hidden) (relative)")
        print("\(name): \(digits) digits, largest relative difference: logits \(worst), layer outputs \(hidden)")
        return worst
    }

    // resnet-mini: 13 layers become 35 (three blocks: save and add, two with swap and a projection).
    func testResNetMiniAgreesWithTheHost() throws { try checkNative("resnet-mini", digits: 40, layers: 35) }
    func testPlainMiniAgreesWithTheHost() throws { try checkNative("plain-mini", digits: 40, layers: 25) }
    func testEveryVariantAgreesWithTheHost() throws { try checkNative("every-variant", digits: 100, layers: 28) }

    func testWasmResNetMiniAgreesWithTheHost() throws {
        let network = try network("resnet-mini")
        let test = try Self.test.get()
        let made = PageNetworkAsset.layers(network)
        let core = try XCTUnwrap(made.network)
        let wasm = try WasmEngine(bytes: Module.fromSource.get())
        let handle = try wasm.loadNetwork(core.encoded)
        // One image: WasmKit's debug interpreter takes about a minute for resnet-mini's 4 M multiply-adds.
        let (logits, _) = try host(network, test, 1)
        for i in 0..<1 {
            let layers = try wasm.forward(handle, image(test, i))
            XCTAssertEqual(layers.map(\.shape), core.shapes)
            let scale = max(1, logits[(i * 10)..<(i * 10 + 10)].map(abs).max()!)
            for k in 0..<10 { XCTAssertEqual(layers.last!.values[k], logits[i * 10 + k], accuracy: Self.tolerance * scale, "digit \(i) logit \(k)") }
        }
    }

    func testVersionOneFilesStillReadAndNewKindsNeedVersionTwo() throws {
        let lenet = try XCTUnwrap(PageNetworkAsset.core(try Network(spec: try BuiltinModels.resolve("lenet5"), seed: 1)).network)
        var v1 = lenet.encoded
        v1[4] = 1
        let read = v1.withUnsafeBytes { NetworkCore.decode($0) }
        XCTAssertEqual(read.network?.layers, lenet.layers)
        v1[4] = 3
        XCTAssertEqual(v1.withUnsafeBytes { NetworkCore.decode($0).error }, "network file version is not 1 or 2")

        let resnet = try XCTUnwrap(PageNetworkAsset.core(try network("resnet-mini")).network)
        var old = resnet.encoded
        old[4] = 1
        // Layer 2 is the first batch normalisation (kind 9).
        XCTAssertEqual(old.withUnsafeBytes { NetworkCore.decode($0).error }, "layer 2: kind 9 needs a version 2 network file")
    }

    func testBadBlocksAreRefusedWithAReason() {
        func error(_ layers: [NetworkCore.Layer], weights: Int = 0) -> String? {
            NetworkCore.make(input: [1, 4, 4], layers: layers, weights: [Float](repeating: 0, count: weights)).error
        }
        XCTAssertEqual(error([.add]), "layer 1: add without a saved map (add save first)")
        XCTAssertEqual(error([.swap]), "layer 1: swap without a saved map (add save first)")
        XCTAssertEqual(error([.save, .globalAvgPool]), "1 saved maps are never added (a block without add)")
        XCTAssertEqual(error([.save, .globalAvgPool, .add]), "layer 3: cannot add 1 x 4 x 4 to 1 x 1 x 1")
        // A bias-free 1x1 convolution to 2 maps reads 2 weights, its batch normalisation 4 x 2.
        XCTAssertNil(error([.conv(filters: 2, kh: 1, kw: 1, strideH: 1, strideW: 1, padH: 0, padW: 0, dilation: 1, bias: false), .batchnorm(epsilon: 1e-5)], weights: 10))
        XCTAssertEqual(error([.conv(filters: 2, kh: 1, kw: 1, strideH: 1, strideW: 1, padH: 0, padW: 0, dilation: 1), .batchnorm(epsilon: 1e-5)], weights: 10),
                       "the layers need 12 weights, the file has 10")
        XCTAssertEqual(error([.batchnorm(epsilon: 0)], weights: 4), "layer 1: batch normalisation needs 0 < epsilon < 1")
        XCTAssertEqual(error([.batchnorm(epsilon: 1e-5)], weights: 3), "the layers need 4 weights, the file has 3")
        XCTAssertEqual(error([.flatten, .globalAvgPool]), "layer 2: global average pooling needs C x H x W maps")
    }

    /// The blocks by hand: x = [1, 2; 3, 4], y = BN(conv1x1 without bias(x)) + x, then the mean.
    func testASmallBlockByHand() throws {
        // w = 2; γ = 3, β = 1, μ = 4, σ² = 0.25 − ε: BN(v) = 3 (v − 4) / 0.5 + 1 = 6v − 23.
        let eps: Float = 1e-5
        let made = NetworkCore.make(input: [1, 2, 2], layers: [
            .save, .conv(filters: 1, kh: 1, kw: 1, strideH: 1, strideW: 1, padH: 0, padW: 0, dilation: 1, bias: false),
            .batchnorm(epsilon: eps), .add, .globalAvgPool,
        ], weights: [2, 3, 1, 4, 0.25 - eps])
        let net = try XCTUnwrap(made.network, made.error ?? "")
        let out = try XCTUnwrap(net.forward([1, 2, 3, 4]))
        XCTAssertEqual(out.map(\.shape), [[1, 2, 2], [1, 2, 2], [1, 2, 2], [1, 2, 2], [1, 1, 1]])
        XCTAssertEqual(out[1].values, [2, 4, 6, 8])
        // BN(2w x) = 6 (2x) − 23 = 12x − 23: −11, 1, 13, 25; plus x: −10, 3, 16, 29; mean 9.5.
        for (a, b) in zip(out[3].values, [-10, 3, 16, 29] as [Float]) { XCTAssertEqual(a, b, accuracy: 1e-4) }
        XCTAssertEqual(out[4].values[0], 9.5, accuracy: 1e-4)
    }
}
