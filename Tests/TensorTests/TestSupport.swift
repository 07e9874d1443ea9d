import XCTest
@testable import Tensor

/// Seeded random tensors with values in [-1, 1).
func randomTensor(_ shape: [Int], _ rng: inout SplitMix64, scale: Float = 1) -> Tensor {
    var t = Tensor(shape: shape)
    for i in t.data.indices { t.data[i] = (rng.nextFloat() * 2 - 1) * scale }
    return t
}

/// A convolution's operands, seeded and drawn in this order: x, w (times `weightScale`), and
/// one bias per filter (w's first axis). Values in [-1, 1) before scaling.
func randomConvOperands(x: [Int], w: [Int], _ rng: inout SplitMix64,
                        weightScale: Float = 1) -> (x: Tensor, w: Tensor, b: Tensor) {
    let xt = randomTensor(x, &rng), wt = randomTensor(w, &rng, scale: weightScale)
    return (xt, wt, randomTensor([w[0]], &rng))
}

/// Puts back what the kernel tests switch: the direct and Winograd kernels on, one chunk per
/// core. Call it from `tearDown` so that a failing test leaves the defaults to the next one.
func restoreKernelDefaults() {
    Conv2DDirect.enabled = true
    Conv2DWinograd.enabled = true
    Parallelism.threads = ProcessInfo.processInfo.activeProcessorCount
}

/// Checks `analytic` = dL/dx for L(x) = Σ r ⊙ f(x) by central differences, summing L in Double.
/// The tolerance is absolute plus relative to the larger of the two gradients.
func assertGradient(_ x: Tensor, _ analytic: Tensor, weights r: Tensor, eps: Float = 1e-2,
                    tolerance: Float = 2e-3, _ what: String,
                    file: StaticString = #filePath, line: UInt = #line,
                    _ f: (Tensor) throws -> Tensor) throws {
    XCTAssertEqual(x.shape, analytic.shape, "\(what): gradient shape", file: file, line: line)
    func loss(_ t: Tensor) throws -> Double {
        let y = try f(t)
        var s = 0.0
        for i in y.data.indices { s += Double(y.data[i]) * Double(r.data[i]) }
        return s
    }
    for i in x.data.indices {
        var plus = x, minus = x
        plus.data[i] += eps
        minus.data[i] -= eps
        let numeric = Float((try loss(plus) - loss(minus)) / Double(plus.data[i] - minus.data[i]))
        let a = analytic.data[i]
        let tol = tolerance * max(1, abs(a), abs(numeric))
        if abs(a - numeric) > tol {
            XCTFail("\(what): element \(i): analytic \(a), numeric \(numeric)", file: file, line: line)
            return
        }
    }
}

/// Asserts that `body` throws a `TensorError` whose description is exactly `message`.
func assertTensorError<T>(_ message: String, file: StaticString = #filePath, line: UInt = #line,
                          _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected error: \(message)", file: file, line: line)
    } catch let e as TensorError {
        XCTAssertEqual(e.description, message, file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
