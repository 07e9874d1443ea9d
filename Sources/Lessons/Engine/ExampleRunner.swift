import Foundation
import KernelCore
import Tensor

/// Runs worked examples through the training kernels and records their traces.
public enum ExampleRunner {
    /// The names of all ops, sorted (for error messages and documentation).
    public static var opNames: [String] { LessonOp.allCases.map(\.rawValue).sorted() }

    /// Parses and runs one example block.
    /// - Throws: `LessonError` for bad input; the other examples can still run.
    public static func run(_ block: ExampleBlock) throws -> ExampleResult {
        try run(Example.parse(block))
    }

    /// Runs a parsed example.
    public static func run(_ example: Example) throws -> ExampleResult {
        let (outputs, trace) = try example.kernel(at: "op") { try example.op.run(example) }
        try example.kernel(at: "op") {
            try example.fields.rejectUnknown(accepted: LessonOp.commonFields + example.op.fields, by: example.op.rawValue)
        }
        return ExampleResult(heading: example.heading, outputs: outputs, trace: trace)
    }
}
