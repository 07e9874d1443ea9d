/// Every op a lesson may write after `op:`, listed once: its name, the fields it reads and
/// whether the in-page engine runs it. The host adds the rest of the op's entries in
/// `Sources/Lessons/Engine/LessonOp.swift` (its title per language, how a page shows it, its
/// frames' emphasis and the trace that runs it), each an exhaustive switch over these cases,
/// so a new op is a new case here and the compiler asks for every entry.
public enum LessonOp: String, CaseIterable, Sendable, CustomStringConvertible {
    case conv2d, maxpool, avgpool, softmax, argmax, im2col, linear
    case outputSize = "output-size"
    case conv2dBackward = "conv2d-backward"
    case maxpoolBackward = "maxpool-backward"
    case avgpoolBackward = "avgpool-backward"
    case poolBackward = "pool-backward"
    case lrn, architecture
    case convTranspose2d = "conv-transpose2d"
    case convMatrix = "conv-matrix"
    case relu, sigmoid, tanh
    case leakyRelu = "leaky-relu"
    case prelu, elu, gelu
    case batchnorm
    case residualAdd = "residual-add"
    case concat
    case globalAvgpool = "global-avgpool"
    case learnKernel = "learn-kernel"
    case crossEntropy = "cross-entropy"
    case arithmetic

    /// The name lessons write, e.g. `conv-transpose2d`.
    public var description: String { rawValue }

    /// The fields every example may carry, whatever its op.
    public static let commonFields = ["id", "op", "title", "caption", "display", "expect", "tolerance"]

    /// The fields this op reads, besides `commonFields`; any other field is an error.
    public var fields: [String] {
        let window = ["size", "stride", "padding"]
        switch self {
        case .conv2d: return ["input", "kernel", "bias", "stride", "padding", "dilation", "activation", "alpha"]
        case .maxpool, .avgpool: return ["input"] + window
        case .softmax, .argmax: return ["input", "axis"]
        case .im2col: return ["input", "size", "stride", "padding", "dilation"]
        case .linear: return ["input", "weight", "bias", "activation", "alpha"]
        case .outputSize: return ["input", "kernel", "stride", "padding", "dilation"]
        case .conv2dBackward: return ["input", "kernel", "grad", "bias", "stride", "padding", "dilation"]
        case .maxpoolBackward, .avgpoolBackward: return ["input", "grad"] + window
        case .poolBackward: return ["pool", "input", "grad"] + window
        case .lrn: return ["input", "size", "alpha", "beta", "k"]
        case .architecture: return ["model", "layers", "input", "cost"]
        case .convTranspose2d: return ["input", "kernel", "bias", "stride", "padding", "output_padding", "dilation"]
        case .convMatrix: return ["input", "input_shape", "kernel", "stride", "padding", "dilation"]
        case .relu, .sigmoid, .tanh, .leakyRelu, .prelu, .elu: return ["input", "alpha", "derivative"]
        case .gelu: return ["input", "derivative"]
        case .batchnorm: return ["input", "gamma", "beta", "epsilon", "running-mean", "running-variance"]
        case .residualAdd: return ["input", "residual", "activation"]
        case .concat: return ["branches"]
        case .globalAvgpool: return ["input"]
        case .learnKernel: return ["input", "target", "kernel", "learning_rate", "iterations", "optimizer"]
        case .crossEntropy: return ["input", "target"]
        case .arithmetic: return ["expression"]
        }
    }

    /// Whether the in-page engine (`ExampleCore`, compiled to WebAssembly) runs the op; the
    /// others run only in the `convwalk` command. (Every op does today; the table keeps the
    /// entry so that an op can land on the host first.)
    public var runsInPage: Bool {
        switch self {
        case .architecture, .conv2d, .maxpool, .avgpool, .softmax, .argmax, .im2col, .linear, .outputSize, .conv2dBackward, .maxpoolBackward,
             .avgpoolBackward, .poolBackward, .lrn, .convTranspose2d, .convMatrix, .arithmetic, .relu, .sigmoid, .tanh, .leakyRelu, .prelu, .elu, .gelu,
             .batchnorm, .residualAdd, .concat, .globalAvgpool, .learnKernel, .crossEntropy:
            return true
        }
    }

    /// The names lessons write, in byte order (the "unknown op" message lists them so).
    static func sortedNames(_ ops: [LessonOp]) -> [String] {
        ops.map { $0.rawValue }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

#if !hasFeature(Embedded)
extension LessonOp: Codable {}
#endif
