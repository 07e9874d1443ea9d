import ArgumentParser
import Foundation
import Lessons
import Tensor

/// `convwalk compute [FILE]`: runs one example (YAML or JSON) and prints its result and trace as JSON.
struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one worked example (YAML or JSON, from a file or standard input) and print result, shape and trace as JSON.",
        discussion: "`id` is optional here. The JSON object has: id (when given), op, result (nested arrays, or a number), shape, outputs (name → nested arrays), trace, and check (passed, compared, errors) when the example has `expect`. See lessons/README.md.")

    @Argument(help: "The example file; reads standard input when absent or '-'.")
    var file: String?

    @Flag(help: "Leave the trace out of the output.")
    var noTrace = false

    func run() throws {
        let name = file ?? "-"
        let data = name == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: name)
        guard let data, let text = String(data: data, encoding: .utf8) else {
            Console.err("\(name == "-" ? "<stdin>" : name):1:1: cannot read the example")
            throw ExitCode.failure
        }
        let report = CourseChecker.checkExample(ExampleBlock(source: text, file: name == "-" ? "<stdin>" : name, line: 1, idOptional: true))
        guard let result = report.result else {
            for e in report.errors { Console.err(e.description) }
            throw ExitCode.failure
        }
        let out = ComputeOutput(
            id: result.id.isEmpty ? nil : result.id, op: result.op.rawValue, result: Nested(result.outputs[0]), shape: result.result.shape,
            outputs: Dictionary(uniqueKeysWithValues: result.outputs.map { ($0.name, Nested($0)) }),
            trace: noTrace ? nil : result.trace,
            check: report.compared > 0 || !report.errors.isEmpty
                ? ComputeCheck(passed: report.errors.isEmpty, compared: report.compared, errors: report.errors.map(\.description)) : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Console.out(String(decoding: try encoder.encode(out), as: UTF8.self))
        if !report.errors.isEmpty { throw ExitCode.failure }
    }
}

/// The JSON `convwalk compute` prints.
struct ComputeOutput: Encodable {
    /// Left out when the example has none.
    var id: String?
    var op: String
    var result: Nested
    var shape: [Int]
    var outputs: [String: Nested]
    var trace: Trace?
    var check: ComputeCheck?
}

struct ComputeCheck: Encodable {
    var passed: Bool
    var compared: Int
    var errors: [String]
}

/// A tensor as nested JSON arrays (a rank-0 tensor as a plain number); whole-number outputs
/// (parameter counts) as exact integers.
enum Nested: Encodable {
    case number(Float)
    case integer(Int)
    case list([Nested])

    init(_ named: NamedTensor) {
        let t = named.tensor
        func build(_ offset: Int, _ axis: Int) -> Nested {
            if axis == t.shape.count { return named.integers.map { .integer($0[offset]) } ?? .number(t.data[offset]) }
            let stride = t.shape[(axis + 1)...].reduce(1, *)
            return .list((0..<t.shape[axis]).map { build(offset + $0 * stride, axis + 1) })
        }
        self = build(0, 0)
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): try c.encode(x)
        case .integer(let x): try c.encode(x)
        case .list(let xs): try c.encode(xs)
        }
    }
}
