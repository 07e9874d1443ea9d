import Foundation
import KernelCore
import Tensor
import Words

/// The host's entries of the op table (`LessonOp`, declared in KernelCore with each op's name,
/// fields and whether the page runs it): its title, how a page shows it, how its frames word the
/// emphasis, and the trace that runs it. Each is an exhaustive switch, so a new case in
/// KernelCore makes the compiler ask for every entry here; its trace file goes beside this one.
extension LessonOp {
    /// How a lesson page shows the op's example.
    public enum Presentation: Sendable {
        /// A step-through player drawn from the trace's steps.
        case player
        /// The trace's first formula, in code.
        case formula
        /// A diagram and a table of the trace's layers.
        case layerTable
    }

    /// What the emphasised cell of a frame means, named in the frame's legend.
    public enum Emphasis: Sendable {
        case windowMax, winner, currentTerm, stressed
        /// The kernel weights a convolution-matrix row places (conv-matrix).
        case placed
        /// The cell a local response normalisation divides (lrn).
        case normalised
    }

    /// The title of a player whose example has none, in `language` (catalog key `op.<name>`;
    /// `LessonOpTests` checks every op has one).
    public func title(_ language: Language) -> String {
        Message(rawValue: "op.\(rawValue)").map { language[$0] } ?? rawValue
    }

    /// How a page shows the op's example.
    public var presentation: Presentation {
        switch self {
        case .outputSize, .arithmetic: return .formula
        case .architecture: return .layerTable
        case .conv2d, .maxpool, .avgpool, .softmax, .argmax, .im2col, .linear, .conv2dBackward, .maxpoolBackward,
             .avgpoolBackward, .poolBackward, .lrn, .convTranspose2d, .convMatrix, .relu, .sigmoid, .tanh, .leakyRelu, .prelu, .elu,
             .gelu, .batchnorm, .residualAdd, .concat, .globalAvgpool, .learnKernel, .crossEntropy:
            return .player
        }
    }

    /// What the emphasised cell of the op's frames means.
    public var emphasis: Emphasis {
        switch self {
        case .maxpool, .maxpoolBackward, .poolBackward: return .windowMax
        case .convMatrix: return .placed
        case .lrn: return .normalised
        case .argmax: return .winner
        case .softmax, .crossEntropy: return .currentTerm
        case .conv2d, .avgpool, .im2col, .linear, .outputSize, .arithmetic, .conv2dBackward, .avgpoolBackward,
             .architecture, .convTranspose2d, .relu, .sigmoid, .tanh, .leakyRelu, .prelu, .elu, .gelu, .batchnorm,
             .residualAdd, .concat, .globalAvgpool, .learnKernel:
            return .stressed
        }
    }

    /// The elementwise activation the op applies, if it is one.
    public var activation: Activation? {
        switch self {
        case .relu: return .relu
        case .sigmoid: return .sigmoid
        case .tanh: return .tanh
        case .leakyRelu: return .leakyRelu
        case .prelu: return .prelu
        case .elu: return .elu
        case .gelu: return .gelu
        case .conv2d, .maxpool, .avgpool, .softmax, .argmax, .im2col, .linear, .outputSize, .conv2dBackward, .maxpoolBackward,
             .avgpoolBackward, .poolBackward, .lrn, .architecture, .convTranspose2d, .convMatrix, .batchnorm, .residualAdd, .concat,
             .globalAvgpool, .learnKernel, .crossEntropy, .arithmetic:
            return nil
        }
    }

    /// The op that applies `activation` elementwise (nil for the identity, which has no lesson op).
    public init?(activation: Activation) {
        guard let op = LessonOp.allCases.first(where: { $0.activation == activation }) else { return nil }
        self = op
    }

    /// Runs the op's example through the training kernels and records its trace.
    func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        switch self {
        case .conv2d: return try Conv2DTrace.run(ex)
        case .maxpool: return try PoolTrace.run(ex, kind: .max)
        case .avgpool: return try PoolTrace.run(ex, kind: .average)
        case .softmax: return try SoftmaxTrace.run(ex)
        case .argmax: return try ArgmaxTrace.run(ex)
        case .im2col: return try Im2colTrace.run(ex)
        case .linear: return try LinearTrace.run(ex)
        case .outputSize: return try OutputSizeTrace.run(ex)
        case .conv2dBackward: return try Conv2DBackwardTrace.run(ex)
        case .maxpoolBackward: return try PoolBackwardTrace.run(ex, kind: .max)
        case .avgpoolBackward: return try PoolBackwardTrace.run(ex, kind: .average)
        case .poolBackward: return try PoolBackwardTrace.runNamedKind(ex)
        case .lrn: return try LRNTrace.run(ex)
        case .architecture: return try ArchitectureTrace.run(ex)
        case .convTranspose2d: return try ConvTranspose2DTrace.run(ex)
        case .convMatrix: return try ConvMatrixTrace.run(ex)
        case .relu, .sigmoid, .tanh, .leakyRelu, .prelu, .elu, .gelu: return try ActivationTrace.run(ex)
        case .batchnorm: return try BatchNormTrace.run(ex)
        case .residualAdd: return try ResidualAddTrace.run(ex)
        case .concat: return try ConcatTrace.run(ex)
        case .globalAvgpool: return try GlobalAvgPoolTrace.run(ex)
        case .learnKernel: return try LearnKernelTrace.run(ex)
        case .crossEntropy: return try CrossEntropyTrace.run(ex)
        case .arithmetic: return try ArithmeticTrace.run(ex)
        }
    }
}
