import Foundation
import XCTest
import Tensor

/// Checks every case of Fixtures/torch_fixtures.json, written by PyTorch
/// (bench/make_torch_fixtures.py, run it with /usr/bin/python3 to re-record).
final class TorchFixtureTests: XCTestCase {
    struct Fixtures: Decodable {
        var torch: String
        var cases: [Case]
    }

    struct Case: Decodable {
        var op: String
        var name: String
        var params: [String: [Double]]
        var tensors: [String: Stored]

        func tensor(_ key: String) throws -> Tensor {
            guard let s = tensors[key] else { throw TensorError(op: "fixture", "\(op) \(name): no tensor \(key)") }
            return try Tensor(shape: s.shape, data: s.data)
        }
        func ints(_ key: String) -> [Int] { (params[key] ?? []).map { Int($0) } }
        func float(_ key: String) -> Float { Float(params[key]?.first ?? 0) }
    }

    struct Stored: Decodable {
        var shape: [Int]
        var data: [Float]
    }

    func loadCases() throws -> [Case] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "torch_fixtures", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url)).cases
    }

    func check(_ got: Tensor, _ want: Tensor, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.shape, want.shape, what, file: file, line: line)
        guard got.shape == want.shape else { return }
        for i in got.data.indices where abs(got.data[i] - want.data[i]) > 1e-4 * max(1, abs(want.data[i])) {
            XCTFail("\(what): element \(i) is \(got.data[i]), PyTorch says \(want.data[i])", file: file, line: line)
            return
        }
    }

    func testEveryFixture() throws {
        let cases = try loadCases()
        XCTAssertGreaterThanOrEqual(cases.count, 30)
        var seen = Set<String>()
        for c in cases {
            seen.insert(c.op)
            let what = "\(c.op) \(c.name)"
            switch c.op {
            case "conv2d":
                let (s, p, d) = (c.ints("stride"), c.ints("padding"), c.ints("dilation"))
                let o = Conv2DOptions(strideH: s[0], strideW: s[1], padH: p[0], padW: p[1], dilationH: d[0], dilationW: d[1])
                let x = try c.tensor("x"), w = try c.tensor("w"), dy = try c.tensor("dy")
                let b = c.tensors["b"] == nil ? nil : try c.tensor("b")
                check(try Conv2D.forward(x, w, bias: b, o), try c.tensor("y"), "\(what) y")
                check(try Conv2D.naiveForward(x, w, bias: b, o), try c.tensor("y"), "\(what) naive y")
                let g = try Conv2D.backward(x: x, w: w, dy: dy, o)
                check(g.dx, try c.tensor("dx"), "\(what) dx")
                check(g.dw, try c.tensor("dw"), "\(what) dw")
                if b != nil { check(g.db, try c.tensor("db"), "\(what) db") }
            case "convTranspose2d":
                let o = ConvTranspose2DOptions(stride: c.ints("stride")[0], padding: c.ints("padding")[0],
                                               outputPadding: c.ints("outputPadding")[0], dilation: c.ints("dilation")[0])
                let x = try c.tensor("x"), w = try c.tensor("w"), b = try c.tensor("b"), dy = try c.tensor("dy")
                check(try ConvTranspose2D.forward(x, w, bias: b, o), try c.tensor("y"), "\(what) y")
                let g = try ConvTranspose2D.backward(x: x, w: w, dy: dy, o)
                check(g.dx, try c.tensor("dx"), "\(what) dx")
                check(g.dw, try c.tensor("dw"), "\(what) dw")
                check(g.db, try c.tensor("db"), "\(what) db")
            case "maxpool2d", "avgpool2d":
                let o = Pool2DOptions(size: c.ints("size")[0], stride: c.ints("stride")[0], padding: c.ints("padding")[0])
                let x = try c.tensor("x"), dy = try c.tensor("dy")
                if c.op == "maxpool2d" {
                    let (y, arg) = try MaxPool2D.forward(x, o)
                    check(y, try c.tensor("y"), "\(what) y")
                    check(try MaxPool2D.backward(dy: dy, argmax: arg, inputShape: x.shape), try c.tensor("dx"), "\(what) dx")
                } else {
                    check(try AvgPool2D.forward(x, o), try c.tensor("y"), "\(what) y")
                    check(try AvgPool2D.backward(dy: dy, inputShape: x.shape, o), try c.tensor("dx"), "\(what) dx")
                }
            case "activation":
                let act = try XCTUnwrap(Activation(rawValue: c.name), what)
                let x = try c.tensor("x"), alpha = c.float("alpha")
                check(act.forward(x, alpha: alpha), try c.tensor("y"), "\(what) y")
                check(try act.backward(x: x, dy: try c.tensor("dy"), alpha: alpha), try c.tensor("dx"), "\(what) dx")
                if act == .prelu {
                    let da = try Activation.preluAlphaGradient(x: x, dy: try c.tensor("dy"))
                    XCTAssertEqual(da, try c.tensor("dalpha").data[0], accuracy: 1e-4, what)
                }
            case "softmax", "logSoftmax":
                let axis = c.ints("axis")[0]
                let x = try c.tensor("x"), dy = try c.tensor("dy")
                let soft = c.op == "softmax"
                let y = soft ? try softmax(x, axis: axis) : try logSoftmax(x, axis: axis)
                check(y, try c.tensor("y"), "\(what) y")
                let dx = soft ? try softmaxBackward(y: y, dy: dy, axis: axis) : try logSoftmaxBackward(y: y, dy: dy, axis: axis)
                check(dx, try c.tensor("dx"), "\(what) dx")
            case "crossEntropy":
                let r = try crossEntropy(logits: try c.tensor("logits"), labels: c.ints("labels"))
                XCTAssertEqual(r.loss, try c.tensor("loss").data[0], accuracy: 1e-4, what)
                check(r.dLogits, try c.tensor("dLogits"), "\(what) dLogits")
            case "lrn":
                let lrn = LocalResponseNorm(size: c.ints("size")[0], alpha: c.float("alpha"), beta: c.float("beta"), k: c.float("k"))
                let x = try c.tensor("x")
                check(try lrn.forward(x), try c.tensor("y"), "\(what) y")
                check(try lrn.backward(a: x, dy: try c.tensor("dy")), try c.tensor("dx"), "\(what) dx")
            case "linear":
                let x = try c.tensor("x"), w = try c.tensor("w"), b = try c.tensor("b")
                check(try Linear.forward(x: x, w: w, b: b), try c.tensor("y"), "\(what) y")
                let g = try Linear.backward(x: x, w: w, dy: try c.tensor("dy"))
                check(g.dx, try c.tensor("dx"), "\(what) dx")
                check(g.dw, try c.tensor("dw"), "\(what) dw")
                check(g.db, try c.tensor("db"), "\(what) db")
            case "batchnorm":
                let bn = BatchNorm(epsilon: c.float("epsilon"), momentum: c.float("momentum"))
                let x = try c.tensor("x"), gamma = try c.tensor("gamma"), beta = try c.tensor("beta")
                let (y, cache) = try bn.forwardTraining(x, gamma: gamma, beta: beta)
                check(y, try c.tensor("y"), "\(what) y")
                check(try bn.naiveForwardTraining(x, gamma: gamma, beta: beta), try c.tensor("y"), "\(what) naive y")
                let g = try bn.backward(dy: try c.tensor("dy"), cache: cache, gamma: gamma)
                check(g.dx, try c.tensor("dx"), "\(what) dx")
                check(g.dGamma, try c.tensor("dgamma"), "\(what) dgamma")
                check(g.dBeta, try c.tensor("dbeta"), "\(what) dbeta")
                var running = BatchNorm.Statistics(channels: gamma.count)
                bn.updateRunning(&running, with: cache)
                check(try Tensor(shape: [gamma.count], data: running.mean), try c.tensor("runningMean"), "\(what) running mean")
                check(try Tensor(shape: [gamma.count], data: running.variance), try c.tensor("runningVar"), "\(what) running var")
            case "batchnormEval":
                let bn = BatchNorm(epsilon: c.float("epsilon"))
                let running = BatchNorm.Statistics(mean: try c.tensor("runningMean").data, variance: try c.tensor("runningVar").data)
                let y = try bn.forwardInference(try c.tensor("x"), gamma: try c.tensor("gamma"), beta: try c.tensor("beta"), running: running)
                check(y, try c.tensor("y"), "\(what) y")
            case "residualAdd":
                check(try ResidualAdd.forward(try c.tensor("fx"), try c.tensor("x")), try c.tensor("y"), "\(what) y")
                let g = ResidualAdd.backward(dy: try c.tensor("dy"))
                check(g.dResidual, try c.tensor("dfx"), "\(what) dF(x)")
                check(g.dShortcut, try c.tensor("dx"), "\(what) dx")
            case "concat":
                let parts = [try c.tensor("a"), try c.tensor("b"), try c.tensor("c")]
                check(try Concat.forward(parts), try c.tensor("y"), "\(what) y")
                let grads = try Concat.backward(dy: try c.tensor("dy"), partShapes: parts.map(\.shape))
                for (g, key) in zip(grads, ["da", "db", "dc"]) { check(g, try c.tensor(key), "\(what) \(key)") }
            case "globalAvgPool":
                let x = try c.tensor("x")
                check(try GlobalAvgPool.forward(x), try c.tensor("y"), "\(what) y")
                check(try GlobalAvgPool.backward(dy: try c.tensor("dy"), inputShape: x.shape), try c.tensor("dx"), "\(what) dx")
            default:
                XCTFail("unknown fixture op \(c.op)")
            }
        }
        XCTAssertEqual(seen, ["conv2d", "convTranspose2d", "maxpool2d", "avgpool2d", "activation", "softmax", "logSoftmax", "crossEntropy", "lrn", "linear",
                              "batchnorm", "batchnormEval", "residualAdd", "concat", "globalAvgPool"])
    }
}
