import KernelCore
import Tensor

extension Network {
    /// Turns layer specs into ops and draws their tensors, recursing into blocks.
    struct Builder {
        let spec: ModelSpec
        var rng: SplitMix64
        var params: [Tensor] = [], names: [String] = [], trainable: [Bool] = []

        init(spec: ModelSpec, rng: SplitMix64) {
            self.spec = spec
            self.rng = rng
        }

        /// The op of `layers[i]`, named `name`, receiving `input` ([C, H, W] or [n]).
        mutating func op(_ layer: LayerSpec, at i: Int, in layers: [LayerSpec], input: [Int], name: String,
                         fail: (String) -> ModelSpecError) throws -> Op {
            switch layer {
            case let .conv(filters, kh, kw, _, _, _, _, bias):
                let w = try spec.window(layer, fail: fail)
                let c = input[0]
                let initKind = WeightInit.choose(after: i, in: layers)
                let weights = initKind.draw(count: filters * c * kh * kw, fanIn: c * kh * kw, fanOut: filters * kh * kw, rng: &rng)
                let hasBias = bias
                let op = Op.conv(Conv2DOptions(strideH: w.strideH, strideW: w.strideW, padH: w.padH, padW: w.padW,
                                               dilationH: w.dilation, dilationW: w.dilation), weight: params.count, bias: hasBias)
                add("\(name).w", try Tensor(shape: [filters, c, kh, kw], data: weights))
                if hasBias { add("\(name).b", Tensor(shape: [filters])) }
                return op
            case .maxpool, .avgpool:
                let w = try spec.window(layer, fail: fail)
                let o = Pool2DOptions(sizeH: w.kernelH, sizeW: w.kernelW, strideH: w.strideH, strideW: w.strideW, padH: w.padH, padW: w.padW)
                if case .maxpool = layer { return .maxpool(o) }
                return .avgpool(o)
            case let .activation(kind, alpha):
                guard kind == .prelu else { return .activation(kind.kernel, alpha: alpha) }
                let op = Op.prelu(weight: params.count)
                add("\(name).alpha", Tensor(shape: [1], repeating: alpha ?? Activation.prelu.defaultAlpha))
                return op
            case let .lrn(size, alpha, beta, k):
                return .lrn(LocalResponseNorm(size: size, alpha: alpha, beta: beta, k: k))
            case let .dropout(p):
                return .dropout(p)
            case .flatten:
                return .flatten
            case let .linear(n):
                let inputs = input[0]
                let initKind = WeightInit.choose(after: i, in: layers)
                let weights = initKind.draw(count: n * inputs, fanIn: inputs, fanOut: n, rng: &rng)
                let op = Op.linear(weight: params.count)
                add("\(name).w", try Tensor(shape: [n, inputs], data: weights))
                add("\(name).b", Tensor(shape: [n]))
                return op
            case .batchnorm:
                let c = input[0], op = Op.batchnorm(BatchNorm(), weight: params.count)
                add("\(name).gamma", Tensor(shape: [c], repeating: 1))
                add("\(name).beta", Tensor(shape: [c]))
                add("\(name).running_mean", Tensor(shape: [c]), trainable: false)
                add("\(name).running_var", Tensor(shape: [c], repeating: 1), trainable: false)
                return op
            case .globalAvgPool:
                return .globalAvgPool
            case let .residual(body, shortcut):
                let (ops, out) = try sequence(body, input: input, prefix: name, what: "residual", fail: fail)
                if let shortcut {
                    let s = try sequence(shortcut, input: input, prefix: "\(name).shortcut", what: "shortcut", fail: fail)
                    return .residual(body: ops, projection: nil, shortcut: s.ops)
                }
                guard out != input else { return .residual(body: ops, projection: nil, shortcut: nil) }
                let (stride, _) = try spec.residualProjection(input: input, output: out, fail: fail)
                let (cin, cout) = (input[0], out[0])
                let weights = WeightInit.xavier.draw(count: cout * cin, fanIn: cin, fanOut: cout, rng: &rng)
                let projection = Projection(options: Conv2DOptions(stride: stride), weight: params.count)
                add("\(name).proj.w", try Tensor(shape: [cout, cin, 1, 1], data: weights))
                add("\(name).proj.b", Tensor(shape: [cout]))
                return .residual(body: ops, projection: projection, shortcut: nil)
            case let .inception(branches):
                var all: [[Op]] = []
                for (b, branch) in branches.enumerated() {
                    all.append(try sequence(branch, input: input, prefix: "\(name).b\(b + 1)", what: "branch \(b + 1)", fail: fail).ops)
                }
                return .inception(all)
            }
        }

        /// The ops of a block's inner layers, named `prefix.conv1`, `prefix.bn1`, ...
        private mutating func sequence(_ layers: [LayerSpec], input: [Int], prefix: String, what: String,
                                       fail: (String) -> ModelSpecError) throws -> (ops: [Op], out: [Int]) {
            var shape = input, counters: [String: Int] = [:], ops: [Op] = []
            for (k, inner) in layers.enumerated() {
                let innerFail = { (m: String) in fail("\(what) layer \(k + 1) (\(inner.label)): \(m)") }
                counters[inner.family, default: 0] += 1
                let name = "\(prefix).\(inner.family)\(counters[inner.family]!)"
                ops.append(try op(inner, at: k, in: layers, input: shape, name: name, fail: innerFail))
                shape = try spec.infer(inner, input: shape, fail: innerFail).out
            }
            return (ops, shape)
        }

        private mutating func add(_ name: String, _ t: Tensor, trainable isTrained: Bool = true) {
            params.append(t)
            names.append(name)
            trainable.append(isTrained)
        }
    }
}
