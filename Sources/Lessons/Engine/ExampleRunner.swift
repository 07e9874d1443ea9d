import Foundation
import Tensor

/// Runs worked examples through the training kernels and records their traces.
public enum ExampleRunner {
    typealias Op = @Sendable (Example) throws -> (outputs: [NamedTensor], trace: Trace)

    /// Every op a lesson may use, by the name written after `op:`.
    static let ops: [String: Op] = {
        var table: [String: Op] = [
            "conv2d": Conv2DTrace.run,
            "maxpool": { try PoolTrace.run($0, kind: .max) },
            "avgpool": { try PoolTrace.run($0, kind: .average) },
            "softmax": SoftmaxTrace.run,
            "argmax": ArgmaxTrace.run,
            "im2col": Im2colTrace.run,
            "linear": LinearTrace.run,
            "output-size": OutputSizeTrace.run,
            "conv2d-backward": Conv2DBackwardTrace.run,
            "maxpool-backward": { try PoolBackwardTrace.run($0, kind: .max) },
            "avgpool-backward": { try PoolBackwardTrace.run($0, kind: .average) },
            "lrn": LRNTrace.run,
            "architecture": ArchitectureTrace.run,
            "conv-transpose2d": ConvTranspose2DTrace.run,
            "conv-matrix": ConvMatrixTrace.run,
            "batchnorm": BatchNormTrace.run,
            "residual-add": ResidualAddTrace.run,
            "concat": ConcatTrace.run,
            "global-avgpool": GlobalAvgPoolTrace.run,
        ]
        table["pool-backward"] = PoolBackwardTrace.runNamedKind
        for activation in Activation.allCases where activation != .identity {
            table[ActivationTrace.opName(activation)] = { try ActivationTrace.run($0, activation) }
        }
        return table
    }()

    /// The names of all ops, sorted (for error messages and documentation).
    public static var opNames: [String] { ops.keys.sorted() }

    /// Parses and runs one example block.
    /// - Throws: `LessonError` for bad input; the other examples can still run.
    public static func run(_ block: ExampleBlock) throws -> ExampleResult {
        try run(Example.parse(block))
    }

    /// Runs a parsed example.
    public static func run(_ example: Example) throws -> ExampleResult {
        guard let op = ops[example.op] else {
            throw example.error("op", "unknown op \"\(example.op)\"; expected one of \(opNames.joined(separator: ", "))")
        }
        let (outputs, trace) = try example.kernel(at: "op") { try op(example) }
        // Fields every example may carry, read by the checker and the site.
        _ = example.fields.node("expect")
        _ = example.fields.node("tolerance")
        try example.kernel(at: "op") { try example.fields.rejectUnknown() }
        return ExampleResult(id: example.id, op: example.op, title: example.title, caption: example.caption,
                             display: example.display, location: example.location, outputs: outputs, trace: trace)
    }
}
