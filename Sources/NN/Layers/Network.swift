import Tensor

/// A model with weights: a `ModelSpec` plus one tensor per weight and bias, run by the
/// Tensor module's kernels.
///
/// Start here to see how a layer list becomes forward and backward passes
/// (`Network+Forward.swift`). Parameters are plain tensors in layer order, so optimizers
/// and checkpoints can treat them as flat arrays.
public struct Network: Sendable {
    /// The model this network was built from.
    public let spec: ModelSpec
    /// Every layer's name, shapes and parameter count.
    public let table: [LayerInfo]
    /// The stored tensors, in layer order: for a conv, w [F, C, KH, KW] then b [F];
    /// for a linear, w [Out, In] then b [Out]; for a prelu, α [1]; for a batch normalisation,
    /// γ [C], β [C], then its running mean and variance [C] (stored, not trained). Blocks hold
    /// their inner layers' tensors in order, a residual projection's last.
    public var parameters: [Tensor]
    /// For each entry of `parameters`, `layerName.w`, `.b`, `.alpha`, `.gamma`, `.beta`,
    /// `.running_mean` or `.running_var`; inner layers of a block are `block.layer.w`.
    public let parameterNames: [String]
    /// Whether each entry of `parameters` is trained (false for running statistics, which the
    /// forward pass updates instead; their gradients are 0).
    public let trainable: [Bool]
    /// The resolved operation of each layer.
    let ops: [Op]

    /// A layer with its options resolved to what the kernels take.
    indirect enum Op: Sendable {
        /// The kernel at `weight`, its bias at `weight + 1` when `bias`.
        case conv(Conv2DOptions, weight: Int, bias: Bool)
        case maxpool(Pool2DOptions)
        case avgpool(Pool2DOptions)
        case activation(Activation, alpha: Float?)
        case prelu(weight: Int)
        case lrn(LocalResponseNorm)
        case dropout(Float)
        case flatten
        case linear(weight: Int)
        /// γ, β, running mean, running variance at `weight` ... `weight + 3`.
        case batchnorm(BatchNorm, weight: Int)
        case globalAvgPool
        /// The body, and the shortcut: its own layers when the model gives them, else the 1×1
        /// projection (stride, weight index) when the shape changes, else the identity.
        case residual(body: [Op], projection: Projection?, shortcut: [Op]?)
        case inception([[Op]])
    }

    /// A residual shortcut's 1×1 convolution.
    struct Projection: Sendable {
        var options: Conv2DOptions
        var weight: Int
    }

    /// Builds a network and draws its initial weights (He before ReLU-family layers,
    /// Xavier otherwise; biases 0; batch normalisation γ = 1, β = 0) from `seed`.
    /// - Throws: `ModelSpecError` when the spec's shapes do not work out.
    public init(spec: ModelSpec, seed: UInt64) throws {
        self.spec = spec
        try spec.checkParameterCount()
        table = try spec.layerTable()
        var builder = Builder(spec: spec, rng: SplitMix64(seed: seed))
        var ops: [Op] = []
        for (i, layer) in spec.layers.enumerated() {
            ops.append(try builder.op(layer, at: i, in: spec.layers, input: table[i].inputShape, name: table[i].name) {
                ModelSpecError(location: spec.locations.indices.contains(i) ? spec.locations[i] : nil, layer: (i + 1, layer.label), $0)
            })
        }
        parameters = builder.params
        parameterNames = builder.names
        trainable = builder.trainable
        self.ops = ops
    }

    /// The total number of trainable numbers (running statistics not counted, as PyTorch's
    /// `parameters()` does not count buffers).
    public var parameterCount: Int { zip(parameters, trainable).reduce(0) { $0 + ($1.1 ? $1.0.count : 0) } }

    /// How many numbers the network stores: parameters and running statistics.
    public var storedCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

extension ActivationKind {
    /// The Tensor module's activation of the same name.
    var kernel: Activation {
        switch self {
        case .relu: return .relu
        case .sigmoid: return .sigmoid
        case .tanh: return .tanh
        case .leakyRelu: return .leakyRelu
        case .elu: return .elu
        case .prelu: return .prelu
        }
    }
}
