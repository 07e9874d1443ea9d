import Foundation
import KernelCore
import Lessons
import XCTest
import Yams

/// The contract of the in-page engine: every example of `lessons/` (both languages) whose op
/// the WebAssembly core runs gives, through the module (WasmKit), the result and the step
/// records the lesson engine gives on the host; bad examples give the host's message.
final class EngineContractTests: XCTestCase {
    func engine() throws -> WasmEngine {
        try WasmEngine(bytes: Module.fromSource.get())
    }


    /// `{"example": <the block's YAML as JSON>, "phrases": <the lesson language's words>}`;
    /// an architecture's `model: NAME` resolved for a lesson at `file`, as the page's
    /// `compute` puts it (engine.js, from the build's `ArchitectureModels.pageJSON`).
    static func input(_ yaml: String, lang: String, file: String = "lessons/-") throws -> String {
        var object = try XCTUnwrap(try Yams.load(yaml: yaml) as? [String: Any], "not a mapping: \(yaml)")
        if object["op"] as? String == "architecture", let name = object["model"] as? String,
           let model = try? ArchitectureModels.pageJSON(name, near: file) {
            object["model"] = try JSONSerialization.jsonObject(with: Data(model.utf8))
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        return "{\"example\":\(json),\"phrases\":\(TracePhrases.engineJSON(lang))}"
    }

    static func parse(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    /// The first difference between the wasm's value and the host's: integers exactly,
    /// other numbers to 1e-5 relative, everything else exactly; nil when they agree.
    ///
    /// `iterated` (learn-kernel, whose iterations carry the host GEMM's rounding forward and
    /// amplify it): text may differ in the last printed digit of a number whose values agree
    /// to 1e-5 relative, since a number printed to four decimals can round either way.
    static func difference(_ wasm: Any, _ host: Any, _ path: String = "$", iterated: Bool = false) -> String? {
        if let a = wasm as? NSNumber, let b = host as? NSNumber {
            let (x, y) = (a.doubleValue, b.doubleValue)
            if y == y.rounded(), abs(y) < 16_777_216 { return x == y ? nil : "\(path): \(x) vs \(y)" }
            return abs(x - y) <= 1e-5 * max(abs(y), 1e-1) ? nil : "\(path): \(x) vs \(y)"
        }
        if let a = wasm as? [String: Any], let b = host as? [String: Any] {
            guard Set(a.keys) == Set(b.keys) else { return "\(path): keys \(a.keys.sorted()) vs \(b.keys.sorted())" }
            for key in a.keys.sorted() {
                if let d = difference(a[key]!, b[key]!, "\(path).\(key)", iterated: iterated) { return d }
            }
            return nil
        }
        if let a = wasm as? [Any], let b = host as? [Any] {
            guard a.count == b.count else { return "\(path): \(a.count) vs \(b.count) items" }
            for (i, (x, y)) in zip(a, b).enumerated() {
                if let d = difference(x, y, "\(path)[\(i)]", iterated: iterated) { return d }
            }
            return nil
        }
        if let a = wasm as? String, let b = host as? String {
            return a == b || (iterated && sameUpToLastDigit(a, b)) ? nil : "\(path): \(a) vs \(b)"
        }
        return "\(path): \(wasm) vs \(host)"
    }

    /// The same words and numbers, each number within one unit of its last printed decimal
    /// (whole numbers, such as an iteration's, exactly).
    static func sameUpToLastDigit(_ a: String, _ b: String) -> Bool {
        func split(_ s: String) -> (words: [String], numbers: [(Double, Double)]) {
            var words: [String] = [], numbers: [(Double, Double)] = [], word = "", number = ""
            func flush() {
                guard !number.isEmpty else { return }
                let decimals = number.split(separator: ".").dropFirst().first?.count ?? 0
                numbers.append((Double(number) ?? .nan, decimals == 0 ? 0 : pow(10, -Double(decimals))))
                words.append(word + "#")
                word = ""
                number = ""
            }
            for c in s.replacingOccurrences(of: "−", with: "-") {
                if c.isNumber || (c == "." && !number.isEmpty) { number.append(c) } else { flush(); word.append(c) }
            }
            flush()
            return (words + [word], numbers)
        }
        let (x, y) = (split(a), split(b))
        return x.words == y.words && x.numbers.count == y.numbers.count
            && zip(x.numbers, y.numbers).allSatisfy { abs($0.0 - $1.0) <= max($0.1, $1.1) * 1.0001 }
    }

    /// The host's output tensor as nested arrays (a plain number for rank 0), like `convwalk compute`.
    static func nested(_ shape: [Int], _ data: [Float]) -> Any {
        func build(_ offset: Int, _ axis: Int) -> Any {
            if axis == shape.count { return NSNumber(value: data[offset]) }
            let stride = shape[(axis + 1)...].reduce(1, *)
            return (0..<shape[axis]).map { build(offset + $0 * stride, axis + 1) }
        }
        return build(0, 0)
    }

    /// One lesson example: where it is, the engine's input, and the host's run of it.
    struct Case: @unchecked Sendable {
        var place: String
        var op: String
        var input: String
        var result: ExampleResult
    }

    /// What the threads found, behind a lock.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var outputs: [String?]
        private(set) var failures: [String] = []
        init(count: Int) { outputs = Array(repeating: nil, count: count) }
        func set(output: String, at i: Int) { lock.lock(); outputs[i] = output; lock.unlock() }
        func add(failures f: [String]) { lock.lock(); failures += f; lock.unlock() }
    }

    func testEveryLessonExampleGivesTheHostsResultAndStepRecords() throws {
        var cases: [Case] = [], skipped: [String: Int] = [:]
        for folder in ["lessons", "lessons/ko"].map({ Module.repo.appendingPathComponent($0) }) {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".md") && name != "README.md" {
                let lesson = try LessonParser.load(folder.appendingPathComponent(name).path)
                for block in lesson.examples {
                    let report = CourseChecker.checkExample(block)
                    let result = try XCTUnwrap(report.result, "\(name):\(block.line): \(report.errors)")
                    let op = result.op.rawValue
                    guard ExampleCore.ops.contains(op) else { skipped[op, default: 0] += 1; continue }
                    cases.append(Case(place: "\(folder.lastPathComponent)/\(name):\(block.line)", op: op,
                                      input: try Self.input(block.source, lang: block.lang, file: block.file), result: result))
                }
            }
        }
        // WasmKit interprets: two engines on two threads halve the wall time.
        let bytes = try Module.fromSource.get()
        let lanes = 2
        let all = cases
        let box = Results(count: all.count)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var found: [String] = []
            do {
                let engine = try WasmEngine(bytes: bytes)
                for i in stride(from: lane, to: all.count, by: lanes) {
                    let c = all[i]
                    let text = try engine.compute(c.input)
                    box.set(output: text, at: i)
                    let wasm = try Self.parse(text)
                    if let e = wasm["error"] { found.append("\(c.place): \(e)"); continue }
                    let trace = try Self.parse(String(decoding: try JSONEncoder().encode(c.result.trace), as: UTF8.self))
                    let main = c.result.outputs[0].tensor
                    let outputs = Dictionary(uniqueKeysWithValues: c.result.outputs.map { ($0.name, Self.nested($0.tensor.shape, $0.tensor.data)) })
                    let iterated = c.op == "learn-kernel"
                    let d = Self.difference(wasm["trace"] ?? [:], trace, iterated: iterated)
                        ?? Self.difference(wasm["result"] ?? [:], Self.nested(main.shape, main.data))
                        ?? Self.difference(wasm["outputs"] ?? [:], outputs)
                    if let d { found.append("\(c.place): \(d)") }
                    if wasm["shape"] as? [Int] != main.shape || wasm["id"] as? String != c.result.id { found.append("\(c.place): shape or id") }
                }
            } catch {
                found.append("lane \(lane): \(error)")
            }
            box.add(failures: found)
        }
        XCTAssertEqual(box.failures, [])
        let outputs = box.outputs
        // The module the site ships gives the same text as the one built from this source
        // (its bytes are not reproducible bit for bit), on the first example of each op.
        let shipped = try WasmEngine(bytes: Module.committed())
        var seen: Set<String> = []
        for (i, c) in cases.enumerated() where seen.insert(c.op).inserted {
            XCTAssertEqual(try shipped.compute(c.input), outputs[i],
                           "\(c.place): the committed engine-wasm.js is not built from this source; run scripts/build-wasm.sh")
        }
        let counts = Dictionary(grouping: cases, by: \.op).mapValues(\.count)
        print("EngineContractTests: \(cases.count) examples through wasm and host \(counts.sorted { $0.key < $1.key }); host only \(skipped.sorted { $0.key < $1.key })")
        XCTAssertEqual(Set(counts.keys), Set(ExampleCore.ops), "every op of the wasm core is exercised by some lesson example")
    }

    /// Bad examples: the wasm engine's message is the host's, word for word.
    func testBadExamplesGiveTheHostsMessages() throws {
        let fromSource = try engine()
        let conv = "op: conv2d\ninput: [[1, 2, 0], [0, 1, 3], [2, 1, 0]]\nkernel: [[1, 0], [0, 1]]\n"
        let cases = [
            conv + "stride: 0", conv + "stride: [1, 2, 3]", conv + "padding: -1", conv + "padding: wide", conv + "dilation: 0",
            conv + "bias: [1, 2]", conv + "activation: swish", conv + "colour: red", conv + "padding: same",
            "op: conv2d\ninput: [[1, 2], [3, 4]]\nkernel: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]",
            "op: conv2d\ninput: [[1, 2], [3]]\nkernel: [[1]]", "op: conv2d\ninput: [[[[[1]]]]]\nkernel: [[1]]",
            "op: conv2d\ninput: [[[1, 2], [3, 4]], [[1, 2], [3, 4]]]\nkernel: [[[1]], [[1]], [[1]]]",
            "op: conv2d\ninput: [[1, 2], [3, 4]]", "op: conv2d\ninput: [[1, x], [3, 4]]\nkernel: [[1]]",
            "op: maxpool\ninput: [[1, 2], [3, 4]]\nsize: 3", "op: avgpool\ninput: [[1, 2], [3, 4]]\nsize: 2\npadding: 2",
            "op: softmax\ninput: [1, 2]\naxis: 3", "op: argmax\ninput: [[1, 2]]\naxis: -3",
            "op: linear\ninput: [1, 2]\nweight: [[1, 2, 3]]", "op: linear\ninput: [1, 2]\nweight: [1, 2]",
            "op: output-size\ninput: 3\nkernel: 5", "op: output-size\ninput: 5\nkernel: 2\npadding: same",
            "op: relu\ninput: [1]\nderivative: maybe", "op: sigmoid\ninput: [1]\nalpha: [1]",
            "op: im2col\ninput: [[1, 2], [3, 4]]\nsize: 3", "op: im2col\ninput: [[1, 2], [3, 4]]\nstride: 0",
            "op: im2col\ninput: [[[[1, 2]]], [[[3, 4]]]]\nsize: 1", "op: im2col\ninput: [1, 2]", "op: im2col\ninput: [[1, 2], [3, 4]]\npadding: same",
            "op: im2col\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]",
            "op: conv-transpose2d\ninput: [[1, 2], [3, 4]]\nkernel: [1, 2]", "op: conv-transpose2d\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\nstride: 0",
            "op: conv-transpose2d\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\nstride: 2\noutput_padding: 2",
            "op: conv-transpose2d\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\npadding: 1",
            "op: conv-transpose2d\ninput: [[1, 2], [3, 4]]\nkernel: [[[[1]]], [[[1]]]]",
            "op: conv-transpose2d\ninput: [[1, 2], [3, 4]]\nkernel: [[[[1]], [[1]]]]\nbias: [1, 2, 3]",
            "op: conv-transpose2d\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\nstride: 100000\ndilation: 100000",
            "op: conv2d-backward\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\ngrad: [[1, 2]]",
            "op: conv2d-backward\ninput: [[1, 2], [3, 4]]\nkernel: [[1, 2, 3]]\ngrad: [[1]]",
            "op: conv2d-backward\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\ngrad: [[1, 2], [3, 4]]\nstride: 0",
            "op: conv2d-backward\ninput: [1, 2]\nkernel: [[1]]\ngrad: [[1]]", "op: conv2d-backward\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]",
            "op: conv2d-backward\ninput: [[[1, 2], [3, 4]], [[1, 2], [3, 4]]]\nkernel: [[[1]]]\ngrad: [[1, 2], [3, 4]]",
            "op: conv2d-backward\ninput: [[1, 2], [3, 4]]\nkernel: [[1, 1], [1, 1]]\ngrad: [[1]]\npadding: same",
            "op: conv2d-backward\ninput: [[1, 2], [3, 4]]\nkernel: [[1]]\ngrad: [[1, 2], [3, 4]]\nsize: 2",
            "op: maxpool-backward\ninput: [[1, 2], [3, 4]]\ngrad: [[1, 2]]", "op: avgpool-backward\ninput: [[1, 2], [3, 4]]\ngrad: [[1]]\nsize: 3",
            "op: maxpool-backward\ninput: [1, 2]\ngrad: [[1]]", "op: avgpool-backward\ninput: [[1, 2], [3, 4]]\ngrad: [[1]]\nstride: 0",
            "op: pool-backward\npool: min\ninput: [[1, 2], [3, 4]]\ngrad: [[1]]", "op: pool-backward\ninput: [[1, 2], [3, 4]]\ngrad: [[1]]",
            "op: pool-backward\npool: avg\ninput: [[1, 2], [3, 4]]\ngrad: [[1]]\npadding: 2",
            "op: maxpool-backward\ninput: [[1, 2], [3, 4]]\ngrad: [[1]]\nkernel: [[1]]",
            "op: learn-kernel\ninput: [1, 2]\ntarget: [[1]]\nkernel: [[1]]", "op: learn-kernel\ninput: [[1, 2]]\ntarget: [[1]]\nkernel: [[1, 1, 1]]",
            "op: learn-kernel\ninput: [[1, 2]]\ntarget: [[1, 2, 3]]\nkernel: [[1]]", "op: learn-kernel\ninput: [[1, 2]]\ntarget: [[1, 2]]\nkernel: [[1]]\niterations: 0",
            "op: learn-kernel\ninput: [[1, 2]]\ntarget: [[1, 2]]\nkernel: [[1]]\nlearning_rate: 11",
            "op: learn-kernel\ninput: [[1, 2]]\ntarget: [[1, 2]]\nkernel: [[1]]\noptimizer: rmsprop",
            "op: learn-kernel\ninput: [[1000, 2000]]\ntarget: [[1, 2]]\nkernel: [[1]]\nlearning_rate: 10\niterations: 100",
            "op: cross-entropy\ninput: [1]\ntarget: 0", "op: cross-entropy\ninput: [[[1, 2]]]\ntarget: 0",
            "op: cross-entropy\ninput: [1, 2]\ntarget: 2", "op: cross-entropy\ninput: [1, 2]\ntarget: 1.5",
            "op: cross-entropy\ninput: [1, 2]\ntarget: [0, 1]", "op: cross-entropy\ninput: [[1, 2], [3, 4]]\ntarget: 1",
            "op: cross-entropy\ninput: [1, 2]\ntarget: [[0]]", "op: cross-entropy\ninput: [1, 2]", "op: cross-entropy\ninput: [1, 2]\ntarget: cat",
            "op: residual-add\ninput: [1, 2]\nresidual: [1, 2, 3]", "op: residual-add\ninput: [1, 2]\nresidual: [1, 2]\nactivation: swish",
            "op: residual-add\ninput: [1, 2]", "op: concat\nbranches: []", "op: concat\nbranches: [[1, 2]]",
            "op: concat\nbranches: [[[1, 2]], [[1], [2]]]", "op: concat\nbranches: [[[[[1]]]]]", "op: concat\nbranches: 3",
            "op: global-avgpool\ninput: [1, 2]", "op: global-avgpool\ninput: [[[[[1]]]]]",
            "op: batchnorm\ninput: [1, 2]", "op: batchnorm\ninput: [[1, 2]]", "op: batchnorm\ninput: [[1, 2], [3, 4]]\ngamma: [1, 2, 3]",
            "op: batchnorm\ninput: [[1, 2], [3, 4]]\nepsilon: -1", "op: batchnorm\ninput: [[1, 2], [3, 4]]\nrunning-mean: 0",
            "op: batchnorm\ninput: [[1, 2], [3, 4]]\nrunning-mean: 0\nrunning-variance: [1, -1]\nepsilon: 0",
            "op: batchnorm\ninput: [[1, 2], [1, 4]]\nepsilon: 0", "op: batchnorm\ninput: [[1, 2], [3, 4]]\nbeta: [[1, 2]]",
            "op: gelu\ninput: [1]\nalpha: 2", "op: gelu\ninput: [1]\nderivative: 1",
            "op: convolve\ninput: [1]", "id: 'bad id'\nop: relu\ninput: [1]", "op: relu\ninput: [1]\ndisplay: big",
            "op: architecture\ninput: [1, 4, 4]\nlayers:\n  - {conv: {filters: 2, kernel: 5}}",
            "op: architecture\ninput: [1, 28, 28]\nlayers:\n  - {linear: 10}", "op: architecture\ninput: [1, 28]\nlayers: [relu]",
            "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {conv: {filters: 2}}", "op: architecture\nlayers: [relu]",
            "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {conv: {filters: 2, kernel: 3, colour: red}}",
            "op: architecture\ninput: [1, 8, 8]\nlayers: [swish]", "op: architecture\ninput: [1, 8, 8]\nlayers: []",
            "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {conv: {filters: 2, kernel: 3, stride: 2, padding: same}}",
            "op: architecture\ninput: [3, 8, 8]\nlayers:\n  - {residual: [{conv: {filters: 4, kernel: 3}}]}",
            "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {dropout: 1}", "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {maxpool: {size: 2, padding: 2}}",
            "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {conv: {filters: 2, kernel: [3, 0]}}",
            "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {inception: [[relu]]}", "op: architecture\ninput: [1, 8, 8]\nlayers: [relu]\ncost: maybe",
            "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {conv: {filters: 100000, kernel: 3}}",
            "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {relu: {alpha: 2}}", "op: architecture\ninput: [1, 8, 8]\nlayers: [['conv', {'ksize': 3}]]",
            "op: architecture\ninput: [1, 8, 8]\nlayers: [['pool', {'stride': 2}]]", "op: architecture\ninput: [1, 8, 8]\nlayers: [relu, ['max', {'stride': 2}]]",
            "op: architecture\ninput: [1, 8, 8]\nlayers: [['conv', {'ksize': 3, 'chn': 2, 'actfunc': 'swish'}]]", "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {flatten: 3}",
            "op: architecture\ninput: [1, 8, 8]\nlayers:\n  - {inception: [[{conv: {filters: 2, kernel: 3}}], [{conv: {filters: 2, kernel: 1}}]]}",
            "op: arithmetic\nexpression: 1 / (2 - 2)", "op: arithmetic\nexpression: 2 +", "op: arithmetic\nexpression: log(2)",
            "op: arithmetic\nexpression: (1 + 2", "op: arithmetic\nexpression: 3 $ 4", "op: arithmetic\nexpression: sqrt(-1)",
            "op: arithmetic\nexpression: 10 ^ 400", "op: arithmetic\nexpression: ln(0 - 1)", "op: arithmetic\nexpression: 1.2.3 + 1",
            "op: arithmetic\nexpression: floor 2", "op: arithmetic\nexpression: [1, 2]", "op: arithmetic\nexpression: 1\ninput: 1",
            "op: arithmetic\nexpression: \"" + String(repeating: "1+", count: 100) + "1\"", "op: arithmetic\nexpression: (-2) ^ 0.5",
            "op: arithmetic\nexpression: \"1e5\"",
            "op: conv-matrix\nkernel: [[1]]", "op: conv-matrix\ninput: [[1, 2]]\ninput_shape: 2\nkernel: [[1]]",
            "op: conv-matrix\ninput: [1, 2]\nkernel: [[1]]", "op: conv-matrix\ninput_shape: [0, 2]\nkernel: [[1]]",
            "op: conv-matrix\ninput_shape: [1, 2, 3]\nkernel: [[1]]", "op: conv-matrix\ninput_shape: 2\nkernel: [1, 2]",
            "op: conv-matrix\ninput_shape: 2\nkernel: [[1, 2, 3]]", "op: conv-matrix\ninput_shape: 2\nkernel: [[1]]\nstride: 0",
            "op: conv-matrix\ninput_shape: 3\nkernel: [[1, 2]]\npadding: same", "op: conv-matrix\ninput_shape: 3\nkernel: [[1]]\nbias: 1",
            "op: conv-matrix\ninput_shape: 100\nkernel: [[1]]", "op: conv-matrix\ninput_shape: 3\nkernel: [[1, 1], [1, 1]]\ndilation: 3",
            "op: lrn\ninput: [[1, 2]]", "op: lrn\ninput: [1, 2]", "op: lrn\ninput: [[[1]], [[2]]]\nsize: 0", "op: lrn\ninput: [[[1]]]\nbeta: x",
        ]
        for yaml in cases {
            let wasm = try Self.parse(try fromSource.compute(try Self.input(yaml, lang: "en")))
            let report = CourseChecker.checkExample(ExampleBlock(source: yaml, file: "-", line: 1, idOptional: true))
            guard let host = report.errors.first?.message else {
                XCTFail("the host accepts:\n\(yaml)")
                continue
            }
            XCTAssertEqual(wasm["error"] as? String, host, yaml)
            // The page outlines the field the engine names; the command points at a line. One
            // field per line here, so both must point at the same line (a missing field: line 1),
            // except an unknown field (the editor has no box for it: the page names `op`) and a
            // layer (the page outlines `layers`, the command the layer's own line below it).
            guard !host.contains("unknown field") else { continue }
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            let field = wasm["field"] as? String ?? ""
            let fieldLine = (lines.firstIndex { $0.hasPrefix(field + ":") } ?? 0) + 1
            let hostLine = report.errors.first?.location.line ?? 0
            if field == "layers" { XCTAssertGreaterThanOrEqual(hostLine, fieldLine, yaml); continue }
            XCTAssertEqual(fieldLine, hostLine, "the page's field «\(field)» for\n\(yaml)\n\(host)")
        }
    }

    /// Settings no lesson example uses yet (a batch of cross-entropy rows, residual-add's other
    /// activations, a scalar, rank-4 global-avgpool, learn-kernel's momentum and Adam) give the
    /// host's results and step records too.
    func testSettingsBeyondTheLessonsGiveTheHostsResults() throws {
        let engine = try engine()
        let learn = "op: learn-kernel\ninput: [[0,0,1,0],[1,0,0,0],[1,0,0,0],[0,1,0,0]]\ntarget: [[1,0,-1],[2,1,-1],[2,0,-1]]\n"
            + "kernel: [[0,0],[0,0]]\niterations: 12\n"
        let others = [
            "op: cross-entropy\ninput: [[2, 1, 0.1], [0.5, -1, 3], [0, 0, 0]]\ntarget: [0, 2, 1]",
            "op: residual-add\ninput: [[[1, -2], [3, 0]], [[0.5, 2], [-1, 1]]]\nresidual: [[[0.5, 1], [-4, -1]], [[1, 1], [1, 1]]]\nactivation: sigmoid",
            "op: residual-add\ninput: 2\nresidual: -3\nactivation: leaky_relu",
            "op: concat\nbranches: [[[1, 2, 3]], [[[4, 5, 6]], [[7, 8, 9]]]]",
            "op: global-avgpool\ninput: [[[[1, 2], [3, 6]], [[-1, 1], [0, 4]]], [[[0.1, 0.2], [0.3, 0.7]], [[5, 5], [5, 5]]]]",
            "op: global-avgpool\ninput: [[1, 2, 3], [4, 5, 7]]",
            "op: batchnorm\ninput: [[[[1, 2], [3, 4]], [[0, 0.5], [2, 2]]], [[[-1, 0], [7, 1]], [[3, 3], [2, 1]]]]\ngamma: [2, 0.5]\nbeta: -1",
            "op: residual-add\ninput: [[1, -2], [3, 0.25]]\nresidual: [[0.5, 1], [-4, -1]]\nactivation: GELU",
            "op: gelu\ninput: [[-7, -3.5, -0.3], [0.001, 2.6, 9]]",
            "op: lrn\ninput: [[[[1, 2]], [[3, -4]], [[0.5, 6]], [[2, 2]]], [[[0, 1]], [[1, 0]], [[9, 9]], [[-3, 1]]]]\nsize: 3\nalpha: 0.1\nbeta: 0.5\nk: 1", "op: gelu\ninput: 0.75\nderivative: true",
            "op: batchnorm\ninput: [[1, 2, 3], [4, 6, 9]]\nrunning-mean: [2, 3, 4]\nrunning-variance: [1, 4, 0.5]\ngamma: 3\nepsilon: 0.01",
            "op: conv-matrix\ninput: [[0.5, -1, 2, 3], [1, 0.25, -2, 4], [3, 1, 1, -1]]\nkernel: [[1, -0.5], [2, 0.1]]\nstride: [1, 2]\npadding: [1, 0]\ndilation: [2, 1]",
            "op: conv-matrix\ninput_shape: [3, 4]\nkernel: [[1, 2, 3], [0, -1, 0.5], [2, 2, 2]]\npadding: same",
            "op: arithmetic\nexpression: 2 ^ 3 ^ 2 - -(3 − 5) × 2 · 0.5", "op: arithmetic\nexpression: ceil(7 / 2) + sqrt(16) - floor(-0.5)",
            "op: arithmetic\nexpression: -ln(0.659) + exp(1.5) / 2 ^ -3", "op: arithmetic\nexpression: 2 ^ 0.5 + 0.9 ^ 10 + 3.",
            "op: arithmetic\nexpression: 28", "op: arithmetic\nexpression: .25 * 123456789012",
            "op: architecture\nmodel: alexnet-mini", "op: architecture\nmodel: resnet-mini\ncost: true", "op: architecture\nmodel: plain-mini",
            "op: architecture\ninput: [3, 16, 16]\ncost: true\nlayers:\n  - {conv: {filters: 8, kernel: [3, 5], padding: [1, 2], bias: false}}\n"
                + "  - batchnorm\n  - {prelu: {alpha: 0.2}}\n"
                + "  - {residual: {body: [{conv: {filters: 8, kernel: 3, padding: same}}, relu], shortcut: [{conv: {filters: 8, kernel: 1}}]}}\n"
                + "  - {residual: [{conv: {filters: 16, kernel: 3, stride: 2, padding: 1}}]}\n"
                + "  - {inception: [[{conv: {filters: 4, kernel: 1}}], [{maxpool: {size: 3, stride: 1, padding: 1}}, {conv: {filters: 2, kernel: 1}}]]}\n"
                + "  - {avgpool: {size: 2, padding: 1}}\n  - {conv: {filters: 4, kernel: 3, dilation: 2, padding: 2}}\n  - {leaky_relu: {alpha: 0.1}}\n"
                + "  - {lrn: {size: 3, alpha: 0.001, beta: 0.5, k: 1}}\n  - global_avgpool\n  - flatten\n  - {dropout: 0.25}\n  - {linear: 10}\n"
                + "  - batchnorm\n  - elu",
            "op: architecture\nmodel: lenet5\nlayers: [{conv: {filters: 2, kernel: 50}}]\ninput: [1, 8, 8]",
            "op: architecture\ninput: [2, 12, 12]\nlayers: [['conv', {'ksize': [3, 5], 'chn': 4, 'actfunc': 'tanh'}], ['avg', {'stride': 2}], "
                + "['affine', {'out': 20, 'actfunc': 'none'}], 12]",
        ]
        for yaml in others {
            let result = try compareWithHost(engine, yaml, iterated: false)
            XCTAssertEqual(result.shape, result.host.outputs[0].tensor.shape, yaml)
        }
        for yaml in [learn + "optimizer: momentum\nlearning_rate: 0.05", learn + "optimizer: adam\nlearning_rate: 0.3", learn + "learning_rate: 0.4"] {
            let result = try compareWithHost(engine, yaml, iterated: true).host
            XCTAssertEqual((result.trace.steps.last?.result).map { $0 < result.trace.steps[0].result }, true, "the loss falls: \(yaml)")
        }
    }

    /// Runs `yaml` through the wasm engine and the host, requires the same trace and outputs,
    /// and returns the host's result and the wasm's `shape`.
    func compareWithHost(_ engine: WasmEngine, _ yaml: String, iterated: Bool) throws -> (host: ExampleResult, shape: [Int]?) {
        let report = CourseChecker.checkExample(ExampleBlock(source: yaml, file: "-", line: 1, idOptional: true))
        let result = try XCTUnwrap(report.result, "\(yaml): \(report.errors)")
        let wasm = try Self.parse(try engine.compute(try Self.input(yaml, lang: "en")))
        XCTAssertNil(wasm["error"], yaml)
        let trace = try Self.parse(String(decoding: try JSONEncoder().encode(result.trace), as: UTF8.self))
        let outputs = Dictionary(uniqueKeysWithValues: result.outputs.map { ($0.name, Self.nested($0.tensor.shape, $0.tensor.data)) })
        XCTAssertNil(Self.difference(wasm["trace"] ?? [:], trace, iterated: iterated) ?? Self.difference(wasm["outputs"] ?? [:], outputs), yaml)
        return (result, wasm["shape"] as? [Int])
    }

    /// One op table (`LessonOp` in KernelCore) serves both engines: the page's message lists the
    /// lesson engine's ops, and runs exactly the ops the table marks (the others are named as the
    /// command's). The wasm module is the table's too: every op answers as `runsInPage` says.
    func testTheCoresOpTablesMatchTheLessonEngine() throws {
        XCTAssertEqual(ExampleCore.allOps, ExampleRunner.opNames)
        XCTAssertEqual(LessonOp.allCases.filter { !$0.runsInPage }, [])
        XCTAssertEqual(ExampleCore.ops.count, LessonOp.allCases.count)
        let engine = try engine()
        for op in LessonOp.allCases {
            let answer = try Self.parse(try engine.compute("{\"example\": {\"op\": \"\(op)\"}, \"phrases\": {}}"))
            let error = try XCTUnwrap(answer["error"] as? String, "\(op)")
            XCTAssertEqual(error.contains("runs only in the convwalk command"), !op.runsInPage, "\(op): \(error)")
            // A page op with no fields stops at its first missing field, never at `op`.
            XCTAssertEqual(answer["field"] as? String == "op", !op.runsInPage, "\(op): \(error)")
        }
    }

    /// edit.js keeps its own list of each in-page op's fields in the order a lesson writes them
    /// (the page has no Swift); its fields, and its fallback for the activations, must be the table's.
    func testEditorFieldsAreTheOpTables() throws {
        let js = try String(contentsOf: Module.repo.appendingPathComponent("Sources/Site/Assets/edit.js"), encoding: .utf8)
        let start = try XCTUnwrap(js.range(of: "var FIELDS = {\n")).upperBound
        let block = js[start..<(try XCTUnwrap(js.range(of: "\n  };", range: start..<js.endIndex)).lowerBound)]
        var table: [String: [String]] = [:]
        for line in block.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            let key = parts[0].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            let list = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
            table[key] = try JSONDecoder().decode([String].self, from: Data(list.utf8))
        }
        XCTAssertTrue(js.contains("return FIELDS[op] || [\"input\", \"alpha\", \"derivative\"];"))
        XCTAssertEqual(table.count, 24)
        for op in LessonOp.allCases where op.runsInPage {
            XCTAssertEqual(table[op.rawValue] ?? ["input", "alpha", "derivative"], op.fields, "\(op)")
        }
        XCTAssertEqual(Set(table.keys).subtracting(ExampleCore.ops), [])
    }
}
