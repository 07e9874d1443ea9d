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
    /// The trainable tensors, in layer order: for a conv, w [F, C, KH, KW] then b [F];
    /// for a linear, w [Out, In] then b [Out]; for a prelu, α [1].
    public var parameters: [Tensor]
    /// For each parameter, `layerName.w`, `layerName.b` or `layerName.alpha`.
    public let parameterNames: [String]
    /// The resolved operation of each layer.
    let ops: [Op]

    /// A layer with its options resolved to what the kernels take.
    enum Op: Sendable {
        case conv(Conv2DOptions, weight: Int)
        case maxpool(Pool2DOptions)
        case avgpool(Pool2DOptions)
        case activation(Activation, alpha: Float?)
        case prelu(weight: Int)
        case lrn(LocalResponseNorm)
        case dropout(Float)
        case flatten
        case linear(weight: Int)
    }

    /// Builds a network and draws its initial weights (He before ReLU-family layers,
    /// Xavier otherwise; biases 0) from `seed`.
    /// - Throws: `ModelSpecError` when the spec's shapes do not work out.
    public init(spec: ModelSpec, seed: UInt64) throws {
        self.spec = spec
        try spec.checkParameterCount()
        table = try spec.layerTable()
        var rng = SplitMix64(seed: seed)
        var params: [Tensor] = [], names: [String] = [], ops: [Op] = []
        for (i, layer) in spec.layers.enumerated() {
            let info = table[i]
            switch layer {
            case let .conv(filters, kh, kw, _, _, _, _):
                let w = try spec.window(layer, index: i, input: info.inputShape)
                let c = info.inputShape[0]
                let initKind = WeightInit.choose(after: i, in: spec.layers)
                let weights = initKind.draw(count: filters * c * kh * kw, fanIn: c * kh * kw, fanOut: filters * kh * kw, rng: &rng)
                ops.append(.conv(Conv2DOptions(strideH: w.strideH, strideW: w.strideW, padH: w.padH, padW: w.padW,
                                               dilationH: w.dilation, dilationW: w.dilation), weight: params.count))
                params += [try Tensor(shape: [filters, c, kh, kw], data: weights), Tensor(shape: [filters])]
                names += ["\(info.name).w", "\(info.name).b"]
            case .maxpool, .avgpool:
                let w = try spec.window(layer, index: i, input: info.inputShape)
                let o = Pool2DOptions(sizeH: w.kernelH, sizeW: w.kernelW, strideH: w.strideH, strideW: w.strideW, padH: w.padH, padW: w.padW)
                if case .maxpool = layer { ops.append(.maxpool(o)) } else { ops.append(.avgpool(o)) }
            case let .activation(kind, alpha):
                if kind == .prelu {
                    ops.append(.prelu(weight: params.count))
                    params.append(Tensor(shape: [1], repeating: alpha ?? Activation.prelu.defaultAlpha))
                    names.append("\(info.name).alpha")
                } else {
                    ops.append(.activation(kind.kernel, alpha: alpha))
                }
            case let .lrn(size, alpha, beta, k):
                ops.append(.lrn(LocalResponseNorm(size: size, alpha: alpha, beta: beta, k: k)))
            case let .dropout(p):
                ops.append(.dropout(p))
            case .flatten:
                ops.append(.flatten)
            case let .linear(n):
                let inputs = info.inputShape[0]
                let initKind = WeightInit.choose(after: i, in: spec.layers)
                let weights = initKind.draw(count: n * inputs, fanIn: inputs, fanOut: n, rng: &rng)
                ops.append(.linear(weight: params.count))
                params += [try Tensor(shape: [n, inputs], data: weights), Tensor(shape: [n])]
                names += ["\(info.name).w", "\(info.name).b"]
            }
        }
        parameters = params
        parameterNames = names
        self.ops = ops
    }

    /// The total number of trainable numbers.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
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
