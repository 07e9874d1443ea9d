import Foundation
import KernelCore
import NN
import Pipeline
import Tensor
import WasmKit
import XCTest

/// The demo pages' drawing pad: a trained network written as the page's binary
/// (`PageNetworkAsset`), read back and run by `NetworkCore` — natively and through the
/// WebAssembly module (`cw_net_load`, `cw_forward`, as `assets/digit.js` calls them) — gives
/// the host network's logits to 1e-4 and `Evaluation`'s predictions on the bundled test digits.
final class NetworkForwardTests: XCTestCase {
    static let test: Result<Dataset, Error> = Result { try DataDirectory.load(try DataDirectory.resolve(nil), split: .test) }

    /// LeNet-5 trained for one epoch on 1,000 bundled digits drawn at random (the bundled training
    /// set is not shuffled, so its first 1,000 hold few classes), so that predictions vary; and
    /// alexnet-mini as initialised.
    func network(_ name: String) throws -> Network {
        let spec = try BuiltinModels.resolve(name)
        guard name == "lenet5" else { return try Network(spec: spec, seed: 3) }
        var session = try TrainingSession(spec: spec, optimizer: Optimizer(kind: .adam), batchSize: 64, seed: 1)
        let train = try DataDirectory.load(try DataDirectory.resolve(nil), split: .train).randomSubset(1000, seed: 1)
        _ = try session.trainEpoch(train: train, test: try Self.test.get().prefix(100), epochs: 1)
        return session.network
    }

    func image(_ test: Dataset, _ i: Int) -> [Float] { Array(test.images.data[(i * 784)..<((i + 1) * 784)]) }

    /// The host's logits of test digits `range`, [n, 10] flat.
    func hostLogits(_ network: Network, _ test: Dataset, _ range: Range<Int>) throws -> [Float] {
        var rng = SplitMix64(seed: 0)
        let x = try Tensor(shape: [range.count, 1, 28, 28], data: Array(test.images.data[(range.lowerBound * 784)..<(range.upperBound * 784)]))
        return try network.forward(x, training: false, rng: &rng).logits.data
    }

    func argmax(_ v: ArraySlice<Float>) -> Int { v.indices.max { v[$0] < v[$1] }! - v.startIndex }

    func checkNative(_ name: String, digits: Int) throws {
        let network = try network(name)
        let test = try Self.test.get()
        let made = PageNetworkAsset.core(network)
        let core = try XCTUnwrap(made.network, made.reason ?? "")
        let bytes = core.encoded
        XCTAssertEqual(bytes.count, 4 * (1 + 1 + 3 + 1 + 9 * core.layers.count + 1 + network.storedCount))
        let back = bytes.withUnsafeBytes { NetworkCore.decode($0) }
        let read = try XCTUnwrap(back.network, back.error ?? "")
        XCTAssertEqual(read.layers, core.layers)
        XCTAssertEqual(read.weights, network.parameters.flatMap(\.data))

        let evaluation = try Evaluation(network: network, dataset: test.prefix(digits))
        let host = try hostLogits(network, test, 0..<digits)
        var worst: Float = 0
        for i in 0..<digits {
            let outputs = try XCTUnwrap(read.forward(image(test, i)))
            XCTAssertEqual(outputs.count, network.spec.layers.count)
            XCTAssertEqual(outputs.map(\.shape), network.table.map(\.outputShape))
            let logits = outputs.last!.values
            for k in 0..<10 { worst = max(worst, abs(logits[k] - host[i * 10 + k])) }
            XCTAssertEqual(argmax(logits[...]), evaluation.predictions[i], "\(name) digit \(i)")
        }
        XCTAssertLessThanOrEqual(worst, 1e-4, "\(name): largest logit difference \(worst)")
        if name == "lenet5" { XCTAssertGreaterThan(Set(evaluation.predictions).count, 5, "the trained LeNet-5 should predict many classes") }
    }

    func testNativeLeNet5AgreesWithTheHostOnTestDigits() throws { try checkNative("lenet5", digits: 2000) }
    func testNativeAlexNetMiniAgreesWithTheHostOnTestDigits() throws { try checkNative("alexnet-mini", digits: 100) }

    func checkWasm(_ name: String, digits: Int) throws {
        let network = try network(name)
        let test = try Self.test.get()
        let core = try XCTUnwrap(PageNetworkAsset.core(network).network)
        let wasm = try WasmEngine(bytes: Module.fromSource.get())
        let handle = try wasm.loadNetwork(core.encoded)
        let host = try hostLogits(network, test, 0..<digits)
        let evaluation = try Evaluation(network: network, dataset: test.prefix(digits))
        var worst: Float = 0
        for i in 0..<digits {
            let layers = try wasm.forward(handle, image(test, i))
            XCTAssertEqual(layers.map(\.shape), network.table.map(\.outputShape))
            let logits = layers.last!.values
            for k in 0..<10 { worst = max(worst, abs(logits[k] - host[i * 10 + k])) }
            XCTAssertEqual(argmax(logits[...]), evaluation.predictions[i], "\(name) digit \(i) in wasm")
        }
        XCTAssertLessThanOrEqual(worst, 1e-4, "\(name) in wasm: largest logit difference \(worst)")
    }

    func testWasmLeNet5AgreesWithTheHost() throws { try checkWasm("lenet5", digits: 20) }
    func testWasmAlexNetMiniAgreesWithTheHost() throws { try checkWasm("alexnet-mini", digits: 2) }

    func testBadNetworkFilesAreRefusedWithAReason() throws {
        let core = try XCTUnwrap(PageNetworkAsset.core(try Network(spec: try BuiltinModels.resolve("lenet5"), seed: 1)).network)
        let bytes = core.encoded
        func error(_ b: [UInt8]) -> String? { b.withUnsafeBytes { NetworkCore.decode($0).error } }
        XCTAssertEqual(error(Array(bytes.prefix(10))), "not a network file (no CWNT header)")
        XCTAssertEqual(error(Array(bytes.dropLast(4))), "network file has 246820 bytes of weights, its header says 61706 floats")
        var wrong = bytes
        wrong[4 + 4 + 12 + 4 + 4] = 9  // the first layer's second word: 9 filters instead of 6 (+78 + 1,200 weights)
        XCTAssertEqual(error(wrong), "the layers need 62984 weights, the file has 61706")
        XCTAssertEqual(NetworkCore.make(input: [1, 28, 28], layers: [.linear(outputs: 10)], weights: []).error,
                       "layer 1: a linear layer needs a flat input (add flatten)")
        let wasm = try WasmEngine(bytes: Module.fromSource.get())
        XCTAssertThrowsError(try wasm.loadNetwork(Array(bytes.prefix(10)))) {
            XCTAssertEqual("\($0)", "not a network file (no CWNT header)")
        }
    }
}

extension WasmEngine {
    private func call(_ name: String, _ args: [Value]) throws -> UInt32 {
        guard let f = instance.exports[function: name] else { throw EngineError("no export \(name)") }
        guard case .i32(let v)? = try f(args).first else { return 0 }
        return v
    }

    private var memory: Memory {
        get throws {
            guard let m = instance.exports[memory: "memory"] else { throw EngineError("no memory export") }
            return m
        }
    }

    /// `cw_net_load`: the handle, or the module's reason as the error.
    func loadNetwork(_ bytes: [UInt8]) throws -> UInt32 {
        let memory = try memory
        let at = try call("cw_alloc", [.i32(UInt32(bytes.count))])
        memory.withUnsafeMutableBufferPointer(offset: UInt(at), count: bytes.count) { $0.copyBytes(from: bytes) }
        let handle = try call("cw_net_load", [.i32(at), .i32(UInt32(bytes.count))])
        _ = try call("cw_free", [.i32(at)])
        guard Int32(bitPattern: handle) >= 0 else {
            let out = try call("cw_net_error", [])
            let length = memory.withUnsafeBufferPointer(offset: UInt(out), count: 4) { $0.loadUnaligned(as: UInt32.self) }
            let text = memory.withUnsafeBufferPointer(offset: UInt(out) + 4, count: Int(length)) { String(decoding: $0, as: UTF8.self) }
            _ = try call("cw_free", [.i32(out)])
            throw EngineError(text)
        }
        return handle
    }

    /// `cw_forward`: every layer's shape and values.
    func forward(_ handle: UInt32, _ pixels: [Float]) throws -> [(shape: [Int], values: [Float])] {
        let memory = try memory
        let at = try call("cw_alloc", [.i32(UInt32(pixels.count * 4))])
        memory.withUnsafeMutableBufferPointer(offset: UInt(at), count: pixels.count * 4) { b in
            pixels.withUnsafeBytes { b.copyMemory(from: $0) }
        }
        let out = try call("cw_forward", [.i32(handle), .i32(at)])
        _ = try call("cw_free", [.i32(at)])
        guard out != 0 else { throw EngineError("cw_forward returned null") }
        let count = Int(memory.withUnsafeBufferPointer(offset: UInt(out), count: 4) { $0.loadUnaligned(as: UInt32.self) })
        let header: [UInt32] = memory.withUnsafeBufferPointer(offset: UInt(out) + 4, count: count * 16) { b in
            (0..<(count * 4)).map { b.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self) }
        }
        var layers: [(shape: [Int], values: [Float])] = []
        var offset = UInt(out) + 4 + UInt(count * 16)
        for l in 0..<count {
            let rank = Int(header[l * 4])
            let shape = (0..<rank).map { Int(header[l * 4 + 1 + $0]) }
            let n = shape.reduce(1, *)
            let values: [Float] = memory.withUnsafeBufferPointer(offset: offset, count: n * 4) { b in
                (0..<n).map { b.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
            }
            layers.append((shape, values))
            offset += UInt(n * 4)
        }
        _ = try call("cw_free", [.i32(out)])
        return layers
    }
}
