import Basics
import KernelCore
import Foundation

/// An activation function as a model file names it: KernelCore's, which the layer rules use,
/// so the trainer and the rules name the same cases. Codable through its raw value.
public typealias ActivationKind = ArchActivation

extension ArchActivation: Codable {}

/// Padding of a convolution or pooling window: explicit cells per side, or by rule.
public enum PaddingSpec: Equatable, Codable, Sendable {
    /// `padH` rows above and below, `padW` columns left and right.
    case explicit(h: Int, w: Int)
    /// Keep the output the size of the input (stride 1, odd effective kernels).
    case same
    /// No padding.
    case valid
}

/// One layer of a model, as written in a model file (no weights, no input shape).
public indirect enum LayerSpec: Equatable, Codable, Sendable {
    /// A 2-D convolution with `filters` output channels; `bias: false` (`bias` nil means true)
    /// leaves out the bias, as before a batch normalisation, whose β does its job.
    case conv(filters: Int, kernelH: Int, kernelW: Int, strideH: Int, strideW: Int, padding: PaddingSpec, dilation: Int, bias: Bool? = nil)
    /// Max pooling over `size` windows.
    case maxpool(sizeH: Int, sizeW: Int, strideH: Int, strideW: Int, padding: Int)
    /// Average pooling over `size` windows (zero padding counted, as PyTorch's default).
    case avgpool(sizeH: Int, sizeW: Int, strideH: Int, strideW: Int, padding: Int)
    /// An elementwise activation; `alpha` is the slope or scale of leaky_relu, elu and prelu
    /// (the initial value for prelu, whose α is learned).
    case activation(ActivationKind, alpha: Float?)
    /// Local response normalisation across channels, AlexNet's b = a / (k + α Σ a²)^β.
    case lrn(size: Int, alpha: Float, beta: Float, k: Float)
    /// Inverted dropout with drop probability `p` (identity at evaluation).
    case dropout(p: Float)
    /// [C, H, W] → [C·H·W].
    case flatten
    /// A fully connected layer with `outputs` units.
    case linear(outputs: Int)
    /// Batch normalisation per channel (or per unit after flatten): learned γ and β, and running
    /// statistics for evaluation.
    case batchnorm
    /// [C, H, W] → [C, 1, 1]: each channel's mean (GoogLeNet's and ResNet's last pooling).
    case globalAvgPool
    /// A residual block: y = F(x) + S(x), F being `body`. S is `shortcut` when given (layers of
    /// their own, e.g. torchvision's 1×1 convolution without bias + batch normalisation); else the
    /// identity, or, when F changes the shape, a 1×1 convolution with bias and the stride that
    /// matches (ResNet's projection).
    case residual(body: [LayerSpec], shortcut: [LayerSpec]? = nil)
    /// Parallel branches on the same input, joined by stacking their channels (an inception block).
    case inception(branches: [[LayerSpec]])

    /// The kind as a model file spells it: `conv`, `maxpool`, `relu`, `linear`, ...
    /// (KernelCore's `ArchLayer` words it, for the page's engine too).
    public var kind: String { arch.kind }

    /// A short label used in error messages: `conv 5x5`, `maxpool 2x2`, `linear 120`.
    public var label: String { arch.label }

    /// Whether the layer holds trainable parameters.
    public var hasParameters: Bool {
        switch self {
        case .conv, .linear, .activation(.prelu, _), .batchnorm: return true
        case let .residual(body, shortcut): return (body + (shortcut ?? [])).contains { $0.hasParameters }
        case let .inception(branches): return branches.joined().contains { $0.hasParameters }
        case .maxpool, .avgpool, .activation, .lrn, .dropout, .flatten, .globalAvgPool: return false
        }
    }
}

/// A model-file problem: where it is, which layer, and what is wrong.
public struct ModelSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where in the model file, when known.
    public var location: SourceLocation?
    /// The 1-based layer number and its label, when the problem belongs to one layer.
    public var layer: (index: Int, label: String)?
    /// What is wrong, with the numbers involved.
    public var message: String

    public init(location: SourceLocation? = nil, layer: (index: Int, label: String)? = nil, _ message: String) {
        self.location = location
        self.layer = layer
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let location { parts.append("\(location)") }
        if let layer { parts.append("layer \(layer.index) (\(layer.label))") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    public static func == (a: ModelSpecError, b: ModelSpecError) -> Bool {
        a.location == b.location && a.layer?.index == b.layer?.index && a.layer?.label == b.layer?.label && a.message == b.message
    }
}
