import Foundation
import KernelCore
import XCTest

/// The portable pieces against the host's C library and Foundation formatting.
final class KernelCoreTests: XCTestCase {
    /// The Foundation implementation `NumberFormat.compact` had before it moved to KernelCore.
    static func foundationCompact(_ x: Float, digits: Int = 4) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "−∞" : "∞" }
        let rounded = (Double(x) * pow(10, Double(digits))).rounded() / pow(10, Double(digits))
        var s: String
        if rounded == rounded.rounded(), abs(rounded) < 1e9 {
            s = String(Int64(rounded))
        } else if abs(rounded) >= 1e6 || (abs(rounded) < pow(10, -Double(digits)) && rounded != 0) {
            s = String(format: "%.\(max(1, digits - 1))e", Double(x))
        } else {
            s = String(format: "%.\(digits)f", rounded)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s.replacingOccurrences(of: "-", with: "−")
    }

    func testCompactMatchesFoundationFormatting() {
        var rng = SystemRandomNumberGenerator()
        var values: [Float] = [0, -0, 1, -1, 0.5, 0.25, 1 / 3, -2 / 3, 0.00005, -0.00004, 0.99995, 12345.678, 999_999.9,
                               1_234_567.5, -7_654_321.25, 3e9, 1e12, .infinity, -.infinity, .nan, 0.1, 2.675, 1e-7]
        for _ in 0..<20_000 {
            let magnitude = Float.random(in: -8...7, using: &rng)
            values.append(Float.random(in: -1...1, using: &rng) * Float(pow(10, Double(magnitude))))
            values.append(Float(Int.random(in: -1000...1000, using: &rng)) / Float([1, 2, 4, 8, 10, 100, 3][Int.random(in: 0..<7, using: &rng)]))
        }
        for x in values {
            XCTAssertEqual(NumberText.compact(x), Self.foundationCompact(x), "\(x)")
        }
    }

    func testExpAndTanhMatchTheCLibraryWithinAnUlp() {
        var worstExp: Float = 0, worstTanh: Float = 0
        var x: Float = -87
        while x < 88 {
            let (mine, libc) = (CoreMath.exp(x), Foundation.exp(x))
            worstExp = max(worstExp, abs(mine - libc) / max(libc, .leastNormalMagnitude))
            let (t, lt) = (CoreMath.tanh(x), Foundation.tanh(x))
            worstTanh = max(worstTanh, abs(t - lt) / max(abs(lt), .leastNormalMagnitude))
            x += 0.0137
        }
        for tiny: Float in [1e-8, -3e-6, 5e-5, 1e-4, -2e-4] {
            XCTAssertEqual(CoreMath.tanh(tiny), Foundation.tanh(tiny), accuracy: abs(tiny) * 2e-7)
        }
        XCTAssertLessThanOrEqual(worstExp, 1.2e-7, "exp: worst relative difference from glibc")
        XCTAssertLessThanOrEqual(worstTanh, 2.4e-7, "tanh: worst relative difference from glibc")
        XCTAssertEqual(CoreMath.exp(Float(0)), 1)
        XCTAssertEqual(CoreMath.exp(Float(1)), Float(M_E))
        XCTAssertEqual(CoreMath.exp(Float(-200)), 0)
        XCTAssertEqual(CoreMath.exp(Float(100)), .infinity)
    }

    func testLogMatchesTheCLibrary() {
        // Doubles: every binade from subnormal to huge, and near 1 where ln x is small.
        var worst = 0.0
        var x = 4.9e-324
        while x < 1e308 {
            for f in [1.0, 1.0000001, 1.3, 1.41421356, 1.5, 1.9999999] {
                let v = x * f
                let (mine, libc) = (CoreMath.log(v), Foundation.log(v))
                worst = max(worst, abs(mine - libc) / max(abs(libc), 1e-300))
            }
            x *= 2
        }
        var near = 0.5
        while near < 2 {
            worst = max(worst, abs(CoreMath.log(near) - Foundation.log(near)) / max(abs(Foundation.log(near)), 1e-300))
            near += 0.000_731
        }
        XCTAssertLessThanOrEqual(worst, 4.5e-16, "log: worst relative difference from glibc (Double), about 2 ulp")
        // Floats as cross-entropy uses them: the same Float as glibc's logf to one ulp.
        var worstFloat: Float = 0
        var y: Float = 1e-30
        while y < 1e30 {
            let (mine, libc) = (CoreMath.log(y), Foundation.log(y))
            worstFloat = max(worstFloat, abs(mine - libc) / max(abs(libc), .leastNormalMagnitude))
            y *= 1.0137
        }
        XCTAssertLessThanOrEqual(worstFloat, 1.2e-7, "log: worst relative difference from glibc (Float)")
        XCTAssertEqual(CoreMath.log(1.0), 0)
        XCTAssertEqual(CoreMath.log(M_E), 1, accuracy: 2.3e-16)
        XCTAssertEqual(CoreMath.log(Float(0.1)), Foundation.log(Float(0.1)))
        XCTAssertEqual(CoreMath.log(0.0), -.infinity)
        XCTAssertTrue(CoreMath.log(-1.0).isNaN)
        XCTAssertEqual(CoreMath.log(Double.infinity), .infinity)
    }

    func testPowIsExactForWholePowersAndCloseToTheCLibraryOtherwise() {
        // arithmetic's `^`: whole exponents by repeated squaring, exact while the result is a whole number below 2^53.
        XCTAssertEqual(CoreMath.pow(2, 10), 1024)
        XCTAssertEqual(CoreMath.pow(28, 2), 784)
        XCTAssertEqual(CoreMath.pow(3, 33), 5_559_060_566_555_523)
        XCTAssertEqual(CoreMath.pow(-2, 3), -8)
        XCTAssertEqual(CoreMath.pow(2, -2), 0.25)
        XCTAssertEqual(CoreMath.pow(0, -1), .infinity)
        XCTAssertEqual(CoreMath.pow(10, 400), .infinity)
        XCTAssertTrue(CoreMath.pow(-8, 1.0 / 3).isNaN)
        XCTAssertEqual(CoreMath.pow(-1, 1e300), 1)
        var worst = 0.0
        for b in [0.001, 0.5, 0.9, 1.5, 2, 7.25, 1000] {
            for e in [-3.7, -0.5, 0.25, 0.5, 1.0 / 3, 2.5, 10, 17.3] {
                let (mine, libc) = (CoreMath.pow(b, e), Foundation.pow(b, e))
                worst = max(worst, abs(mine - libc) / libc)
            }
        }
        XCTAssertLessThanOrEqual(worst, 1e-14, "pow: worst relative difference from glibc")
    }

    func testErfMatchesTheCLibrary() {
        var worst = 0.0
        var x = -7.0
        while x < 7 {
            worst = max(worst, abs(CoreMath.erf(x) - Foundation.erf(x)))
            x += 0.000_913
        }
        XCTAssertLessThanOrEqual(worst, 1e-14, "erf: worst absolute difference from glibc")
        XCTAssertEqual(CoreMath.erf(0.0), 0)
        XCTAssertEqual(CoreMath.erf(1e-9), Foundation.erf(1e-9), accuracy: 1e-24)
        XCTAssertEqual(CoreMath.erf(-0.5), Foundation.erf(-0.5), accuracy: 1e-16)
        XCTAssertEqual(CoreMath.erf(9.0), 1)
        // GELU's gate as a Float: glibc's within half an ulp of 1 (erf is rounded to Float first).
        var y: Float = -8
        while y < 8 {
            let host = Float(0.5) * (1 + Foundation.erf(y * 0.70710678))
            XCTAssertEqual(GeluCore.normalCDF(y), host, accuracy: 6e-8, "\(y)")
            y += 0.0173
        }
    }

    func testShortestJSONNumbersReadBackExactly() {
        XCTAssertEqual(JSONWriter.shortest(0.1), "0.1")
        XCTAssertEqual(JSONWriter.shortest(-2.5), "-2.5")
        XCTAssertEqual(JSONWriter.shortest(3), "3")
        XCTAssertEqual(JSONWriter.shortest(1 / 3), "0.33333334")
        // 1e-4 is 9.99999974e-5 as a Float: the rounding carries into a new digit, whose zero goes.
        XCTAssertEqual(JSONWriter.shortest(0.0001), "0.0001")
        XCTAssertEqual(JSONWriter.shortest(-0.001), "-0.001")
        // Whole numbers up to 2²⁴ as integers; larger ones as their shortest digits (CI found
        // 2.28e14 written as all 15 digits of 227999999852544).
        XCTAssertEqual(JSONWriter.shortest(16_777_216), "16777216")
        XCTAssertEqual(JSONWriter.shortest(-123_456), "-123456")
        XCTAssertEqual(JSONWriter.shortest(2.28e14), "228e12")
        XCTAssertEqual(JSONWriter.shortest(3e9), "3e9")
        XCTAssertEqual(JSONWriter.shortest(Float.greatestFiniteMagnitude), "34028235e31")
        for x: Float in [2.28e14, 3e9, 16_777_218, -1e20] {
            var w = JSONWriter()
            w.number(x)
            XCTAssertEqual(Float(String(decoding: w.text, as: UTF8.self)), x)
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let x = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng))
            guard x.isFinite else { continue }
            let s = JSONWriter.shortest(x)
            XCTAssertEqual(Float(s), x, s)
            XCTAssertLessThanOrEqual(s.replacingOccurrences(of: "-", with: "").count, "\(x)".replacingOccurrences(of: "-", with: "").count + 6, s)
        }
    }

    /// LeNet-5's first layers by hand: C1 has 6·(1·5·5) + 6 = 156 parameters and does
    /// 6·28·28·25 = 117,600 multiply-adds; after S2 a value sees 6x6 pixels, 2 apart.
    func testArchitectureTableByHand() throws {
        let words = ArchWords(oneFilter: "1 filter", filters: "{n} filters", pad: "pad", padSame: "pad same", stride: "stride",
                              dilation: "dilation", size: "size", noBias: "no bias", learnedAlpha: "α learned, from {a}")
        let layers: [ArchLayer] = [
            .conv(filters: 6, kernelH: 5, kernelW: 5, strideH: 1, strideW: 1, padding: .explicit(h: 2, w: 2), dilation: 1, bias: true),
            .activation(.relu, alpha: nil), .maxpool(sizeH: 2, sizeW: 2, strideH: 2, strideW: 2, padding: 0),
            .lrn(size: 5, alpha: 0.0001, beta: 0.75, k: 2), .flatten, .linear(outputs: 10),
        ]
        let rows = try ArchitectureCore.table(input: [1, 28, 28], layers: layers, words: words)
        XCTAssertEqual(rows.map(\.outputShape), [[6, 28, 28], [6, 28, 28], [6, 14, 14], [6, 14, 14], [1176], [10]])
        XCTAssertEqual(rows.map(\.parameters), [156, 0, 0, 0, 0, 11770])
        XCTAssertEqual(rows.map(\.multiplyAdds), [117_600, 0, 0, 0, 0, 11_760])
        XCTAssertEqual(rows[2].field, ArchField(size: [6, 6], jump: [2, 2], wholeInput: false))
        XCTAssertEqual(rows.map(\.name), ["conv1", "relu1", "pool1", "lrn1", "flatten1", "fc1"])
        XCTAssertEqual(rows[0].description, "conv 5x5, 6 filters, pad 2")
        XCTAssertEqual(rows[3].description, "lrn size 5, α=0.0001, β=0.75, k=2")
        XCTAssertThrowsError(try ArchitectureCore.table(input: [1, 4, 4], layers: [layers[0], .linear(outputs: 3)], words: words)) { e in
            XCTAssertEqual((e as? ArchTableError)?.text, "layer 2 (linear 3): needs a flat input, got 6x4x4; add `- flatten` before it")
        }
    }

    func testFillIsOnePassAndKeepsUnknownKeys() {
        XCTAssertEqual(StepText.fill("row {r}, column {c} {x}", [("r", "{c}"), ("c", "2")]), "row {c}, column 2 {x}")
        XCTAssertEqual(StepText.fill("open { brace", []), "open { brace")
    }

    func testJSONParserReadsExampleObjects() throws {
        let v = try XCTUnwrap(JSONValue.parse(Array(#"{"a": [1, -2.5e1, 0.125], "b": "x\u00e9\"", "c": true, "d": null}"#.utf8)))
        guard case .array(let a)? = v["a"], case .number(let x, let raw) = a[1] else { return XCTFail("a") }
        XCTAssertEqual(x, -25)
        XCTAssertEqual(raw, "-2.5e1")
        guard case .string(let b)? = v["b"] else { return XCTFail("b") }
        XCTAssertEqual(b, "xé\"")
        XCTAssertNil(JSONValue.parse(Array("[1, 2".utf8)))
        XCTAssertNil(JSONValue.parse(Array(String(repeating: "[", count: 100).utf8)))
    }
}
