import XCTest
@testable import NN

/// Multiply-adds, activations and receptive fields of `layerTable`, against counts worked out by
/// hand and against the published totals (VGG-16: 15,470,264,320 multiply-adds; ResNet-18's
/// receptive field 435).
final class LayerCostTests: XCTestCase {
    func table(_ layers: String, input: String = "[1, 28, 28]") throws -> [LayerInfo] {
        try ModelSpec.parse(yaml: "name: t\ninput: \(input)\nlayers:\n\(layers)", file: "t.yaml").layerTable()
    }

    func testConvAndLinearCountEveryProduct() throws {
        let t = try table("  - {conv: {filters: 6, kernel: 5, padding: 2}}\n  - relu\n  - {maxpool: {size: 2}}\n  - flatten\n  - {linear: 10}\n")
        XCTAssertEqual(t.map(\.multiplyAdds), [6 * 28 * 28 * 25, 0, 0, 0, 6 * 14 * 14 * 10])
        XCTAssertEqual(t.map(\.activations), [4704, 4704, 1176, 1176, 10])
        XCTAssertEqual(t.map(\.receptiveField.size), [[5, 5], [5, 5], [6, 6], [6, 6], [6, 6]])
        XCTAssertEqual(t.map(\.receptiveField.jump), [[1, 1], [1, 1], [2, 2], [2, 2], [2, 2]])
        XCTAssertEqual(t.map(\.receptiveField.wholeInput), [false, false, false, true, true])
    }

    func testDilationAndRectangularWindows() throws {
        // A 3x3 kernel with dilation 2 spans 5; a 1x3 kernel with stride 1x2 widens only across.
        let t = try table("  - {conv: {filters: 1, kernel: 3, dilation: 2}}\n  - {conv: {filters: 1, kernel: [1, 3], stride: [1, 2]}}\n  - {conv: {filters: 1, kernel: 3}}\n")
        XCTAssertEqual(t.map(\.receptiveField.size), [[5, 5], [5, 7], [7, 11]])
        XCTAssertEqual(t.last?.receptiveField.jump, [1, 2])
    }

    func testVGG16MatchesThePublishedCounts() throws {
        var layers = ""
        for (filters, count) in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)] {
            layers += String(repeating: "  - {conv: {filters: \(filters), kernel: 3, padding: 1}}\n  - relu\n", count: count) + "  - {maxpool: {size: 2}}\n"
        }
        layers += "  - flatten\n  - {linear: 4096}\n  - relu\n  - {linear: 4096}\n  - relu\n  - {linear: 1000}\n"
        let t = try table(layers, input: "[3, 224, 224]")
        XCTAssertEqual(t.reduce(0) { $0 + $1.parameters }, 138_357_544)
        XCTAssertEqual(t.reduce(0) { $0 + $1.multiplyAdds }, 15_470_264_320)
        XCTAssertEqual(t.first { $0.kind == "flatten" }?.receptiveField.size, [212, 212])
    }

    func testBlocksAddTheirInnerCosts() throws {
        // A residual block that halves the map: two 3x3 convolutions plus the 1x1 projection.
        let t = try table("""
          - residual:
              - {conv: {filters: 8, kernel: 3, stride: 2, padding: 1}}
              - relu
              - {conv: {filters: 8, kernel: 3, padding: 1}}
          - inception:
              - [{conv: {filters: 2, kernel: 1}}]
              - [{conv: {filters: 3, kernel: 3, padding: 1}}]

        """, input: "[4, 8, 8]")
        XCTAssertEqual(t[0].multiplyAdds, 8 * 4 * 4 * 4 * 9 + 8 * 4 * 4 * 8 * 9 + 8 * 4 * 4 * 4)
        // conv, relu, conv outputs, the projected shortcut and the sum: five maps of 8x4x4.
        XCTAssertEqual(t[0].activations, 5 * 128)
        XCTAssertEqual(t[0].receptiveField.size, [7, 7])
        XCTAssertEqual(t[0].receptiveField.jump, [2, 2])
        XCTAssertEqual(t[1].multiplyAdds, 2 * 16 * 8 + 3 * 16 * 8 * 9)
        XCTAssertEqual(t[1].activations, 2 * 16 + 3 * 16 + 5 * 16)
        XCTAssertEqual(t[1].receptiveField.size, [11, 11], "the widest branch: 7 + 2·2")
    }

    /// The weights-and-biases split of every conv and linear layer of the built-in models adds
    /// up to the layer's parameters; other layers have none (bias-free convs: OpTraceTests).
    func testParameterSplitsAddUp() throws {
        var splits = 0
        for name in BuiltinModels.names {
            for row in try BuiltinModels.resolve(name).layerTable() {
                guard let s = row.split else {
                    XCTAssertFalse(["conv", "linear"].contains(row.kind), "\(name) \(row.name)")
                    continue
                }
                splits += 1
                XCTAssertEqual(s.biases, s.units, "the built-in models' top-level layers all have biases")
                XCTAssertEqual(s.units * s.weightsPerUnit + s.biases, row.parameters, "\(name) \(row.name)")
            }
        }
        XCTAssertGreaterThan(splits, 20)
    }
}
