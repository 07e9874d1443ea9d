import XCTest
@testable import NN

final class ModelSpecTests: XCTestCase {
    static let lenet = """
    name: lenet5
    input: [1, 28, 28]
    layers:
      - {conv: {filters: 6, kernel: 5, padding: 2}}
      - relu
      - {maxpool: {size: 2}}
      - {conv: {filters: 16, kernel: 5}}
      - relu
      - {maxpool: {size: 2}}
      - flatten
      - {linear: 120}
      - relu
      - {linear: 84}
      - relu
      - {linear: 10}
    """

    func testLeNet5TableMatchesTheTextbook() throws {
        let spec = try ModelSpec.parse(yaml: Self.lenet, file: "lenet5.yaml")
        let table = try spec.layerTable()
        XCTAssertEqual(table.map(\.name), ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten1",
                                           "fc1", "relu3", "fc2", "relu4", "fc3"])
        XCTAssertEqual(table.map(\.outputShape), [[6, 28, 28], [6, 28, 28], [6, 14, 14], [16, 10, 10], [16, 10, 10],
                                                  [16, 5, 5], [400], [120], [120], [84], [84], [10]])
        XCTAssertEqual(table.map(\.parameters), [156, 0, 0, 2416, 0, 0, 0, 48120, 0, 10164, 0, 850])
        XCTAssertEqual(try spec.totalParameters(), 61706)
        XCTAssertEqual(table[0].description, "conv 5x5, 6 filters, pad 2")
        XCTAssertEqual(table[2].description, "maxpool 2x2, stride 2")
        XCTAssertEqual(table[7].description, "linear 400 → 120")
    }

    func testBuiltinModelFilesParse() throws {
        let dir = try XCTUnwrap(repoPath("models"))
        let lenet = try ModelSpec.load(path: "\(dir)/lenet5.yaml")
        XCTAssertEqual(lenet, try ModelSpec.parse(yaml: Self.lenet))
        XCTAssertEqual(try ModelSpec.load(path: "\(dir)/simpleconvnet.yaml").totalParameters(),
                       30 * 26 + 4320 * 100 + 100 + 1010)
        let cnn3 = try ModelSpec.load(path: "\(dir)/cnn3.yaml").layerTable()
        XCTAssertEqual(cnn3[8].outputShape, [128, 4, 4])
        XCTAssertEqual(cnn3[9].outputShape, [2048])
        let alex = try ModelSpec.load(path: "\(dir)/alexnet-mini.yaml").layerTable()
        XCTAssertEqual(alex.last?.outputShape, [10])
        XCTAssertEqual(alex.first { $0.kind == "flatten" }?.outputShape, [512])
    }

    func testKernelLargerThanInputNamesTheLayerAndLine() throws {
        let yaml = """
        name: tiny
        input: [1, 12, 12]
        layers:
          - {conv: {filters: 16, kernel: 5}}
          - {maxpool: {size: 4}}
          - relu
          - {conv: {filters: 8, kernel: 5}}
        """
        XCTAssertThrowsError(try ModelSpec.parse(yaml: yaml, file: "m.yaml").layerTable()) { error in
            XCTAssertEqual("\(error)", "m.yaml:7:5: layer 4 (conv 5x5): input 16x2x2 is smaller than the kernel")
        }
    }

    func testParseErrorsCarryFileAndLine() {
        let cases: [(String, String)] = [
            ("name: x\ninput: [1, 28, 28]\nlayers:\n  - {conv: {filters: 6}}\n", "m.yaml:4:12: layer 1 (conv): missing 'kernel'"),
            ("name: x\ninput: [1, 28, 28]\nlayers:\n  - softmax\n", "m.yaml:4:5: layer 1: unknown layer kind 'softmax' (known: conv, maxpool, avgpool, relu, sigmoid, tanh, leaky_relu, elu, prelu, lrn, dropout, flatten, linear, batchnorm, global_avgpool, residual, inception)"),
            ("name: x\ninput: [1, 28, 28]\nlayers:\n  - {conv: {filters: 6, kernal: 5}}\n", "m.yaml:4:12: layer 1 (conv): missing 'kernel'"),
            ("name: x\ninput: [1, 28, 28]\nlayers:\n  - {conv: {filters: 6, kernel: 5, kernal: 5}}\n", "m.yaml:4:36: layer 1 (conv): unknown parameter 'kernal' (expected filters, kernel, stride, padding, dilation, bias)"),
            ("name: x\ninput: [1, 28]\nlayers:\n  - relu\n", "m.yaml:2:8: input [channels, height, width] must be a list of 3 whole numbers, got a list"),
            ("name: x\ninput: [1, 28, 28]\nlayers:\n  - {dropout: 1.5}\n", "m.yaml:4:15: layer 1 (dropout): p must be in [0, 1), got 1.5"),
            ("name: x\ninput: [1, 28, 28]\nlayers: [\n", "m.yaml:4:1: YAML: did not find expected node content"),
            // YAML 1.1 base-60: Yams' own Int reading traps when it overflows (FuzzModel found it).
            ("name: x\ninput: [1, 28, 28]\nlayers:\n  - flatten\n  - {linear: 288888888888:8888888888888888888:888800}\n",
             "m.yaml:5:14: layer 2 (linear): expected a whole number ≥ 1, got '288888888888:8888888888888888888:888800'"),
            ("name: x\ninput: [1, 28, 28]\nlayers:\n  - flatten\n  - {linear: 1:30}\n", "m.yaml:5:14: layer 2 (linear): expected a whole number ≥ 1, got '1:30'"),
        ]
        for (yaml, message) in cases {
            XCTAssertThrowsError(try ModelSpec.parse(yaml: yaml, file: "m.yaml")) { XCTAssertEqual("\($0)", message) }
        }
        let flat = "name: x\ninput: [1, 4, 4]\nlayers:\n  - {linear: 10}\n"
        XCTAssertThrowsError(try ModelSpec.parse(yaml: flat, file: "m.yaml").layerTable()) {
            XCTAssertEqual("\($0)", "m.yaml:4:5: layer 1 (linear 10): needs a flat input, got 1x4x4; add `- flatten` before it")
        }
    }

    /// Whole numbers are decimal, as an author means them: `010` is ten, not YAML 1.1's octal 8.
    func testWholeNumbersAreDecimal() throws {
        let spec = try ModelSpec.parse(yaml: "name: x\ninput: [1, 28, 28]\nlayers:\n  - {conv: {filters: 010, kernel: +5}}\n", file: "m.yaml")
        XCTAssertEqual(try spec.layerTable().first?.outputShape, [10, 24, 24])
    }

    func testEveryLayerKindParses() throws {
        let yaml = """
        name: all
        input: [3, 9, 9]
        layers:
          - {conv: {filters: 4, kernel: [3, 1], stride: [1, 1], padding: [1, 0], dilation: 1}}
          - {conv: {filters: 4, kernel: 3, padding: same, dilation: 2}}
          - {conv: {filters: 4, kernel: 3, padding: valid, stride: 2}}
          - sigmoid
          - tanh
          - {leaky_relu: {alpha: 0.1}}
          - elu
          - prelu
          - {lrn: {size: 3, alpha: 0.001, beta: 0.5, k: 1}}
          - {avgpool: {size: 2, stride: 1, padding: 1}}
          - {dropout: {p: 0.25}}
          - flatten
          - {linear: {n: 5}}
        """
        let spec = try ModelSpec.parse(yaml: yaml)
        XCTAssertEqual(spec.layers[0], .conv(filters: 4, kernelH: 3, kernelW: 1, strideH: 1, strideW: 1, padding: .explicit(h: 1, w: 0), dilation: 1))
        XCTAssertEqual(spec.layers[5], .activation(.leakyRelu, alpha: 0.1))
        XCTAssertEqual(spec.layers[8], .lrn(size: 3, alpha: 0.001, beta: 0.5, k: 1))
        let table = try spec.layerTable()
        XCTAssertEqual(table.map(\.outputShape), [[4, 9, 9], [4, 9, 9], [4, 4, 4], [4, 4, 4], [4, 4, 4], [4, 4, 4], [4, 4, 4],
                                                  [4, 4, 4], [4, 4, 4], [4, 5, 5], [4, 5, 5], [100], [5]])
        XCTAssertEqual(table.map(\.parameters), [40, 148, 148, 0, 0, 0, 0, 1, 0, 0, 0, 0, 505])
        XCTAssertEqual(table[1].description, "conv 3x3, 4 filters, pad same, dilation 2")
        XCTAssertEqual(table[9].description, "avgpool 2x2, stride 1, pad 1")
    }

    func testNotesShorthandAppendsTheOutputLayer() throws {
        let yaml = """
        name: notes
        input: [1, 28, 28]
        layers: [['conv', {'ksize': 5, 'chn': 6}], ['max', {'stride': 4}], ['conv', {'ksize': 3, 'chn': 12, 'actfunc': 'tanh'}], ['avg', {'stride': 7}], ['affine', {'out': 30}]]
        """
        let spec = try ModelSpec.parse(yaml: yaml)
        XCTAssertEqual(spec.layers.map(\.kind), ["conv", "relu", "maxpool", "conv", "tanh", "avgpool", "flatten", "linear", "relu", "linear"])
        let table = try spec.layerTable()
        XCTAssertEqual(table.map(\.outputShape), [[6, 28, 28], [6, 28, 28], [6, 7, 7], [12, 7, 7], [12, 7, 7], [12, 1, 1],
                                                  [12], [30], [30], [10]])
        let mlp = try ModelSpec.parse(yaml: "name: mlp\ninput: [1, 28, 28]\nclasses: 4\nlayers: [['full', {'width': 30}], 16]\n")
        XCTAssertEqual(mlp.layers, [.flatten, .linear(outputs: 30), .activation(.relu, alpha: nil),
                                    .linear(outputs: 16), .activation(.relu, alpha: nil), .linear(outputs: 4)])
        XCTAssertThrowsError(try ModelSpec.parse(yaml: "name: x\ninput: [1, 8, 8]\nlayers: [['conv', {'ksize': 3, 'chn': 2}], relu]\n", file: "m.yaml")) {
            XCTAssertEqual("\($0)", "m.yaml:3:44: layer 2 is in this project's {kind: {...}} style but layer 1 is in the notes' [kind, {...}] style; use one style per file")
        }
    }

    /// The name becomes `runs/NAME`: `../../../elsewhere/evil` wrote outside `runs/`, "" into it.
    func testModelNamesThatAreNotAFolderNameAreRefused() throws {
        for (name, column) in [("../../../elsewhere/evil", 7), ("\"\"", 7), ("a/b", 7), (".hidden", 7)] {
            XCTAssertThrowsError(try ModelSpec.parse(yaml: "name: \(name)\ninput: [1, 28, 28]\nlayers: [flatten, {linear: 10}]\n", file: "m.yaml"), name) { error in
                XCTAssertTrue("\(error)".hasPrefix("m.yaml:1:\(column): model name "), "\(error)")
                XCTAssertTrue("\(error)".hasSuffix("may hold only letters, digits, '.', '_' and '-' (1 to 64, not starting with '.'): it becomes the run folder's name"), "\(error)")
            }
        }
        XCTAssertNil(ModelSpec.nameProblem("alexnet-mini"))
        XCTAssertNil(ModelSpec.nameProblem("my_lenet.v2"))
    }
}

/// A path inside the repository, found from this source file.
func repoPath(_ relative: String) -> String? {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let path = url.appendingPathComponent(relative).path
    return FileManager.default.fileExists(atPath: path) ? path : nil
}
