import Words
/// How far one value of a layer's output sees into the network's input: the rows and columns
/// it depends on, and how many input pixels apart two neighbouring outputs are.
///
/// The usual recurrence, layer by layer from the input (`r = 1`, `j = 1`): a window of `k`
/// taps with dilation `d` and stride `s` gives `r ← r + d·(k − 1)·j` and `j ← j·s`. Flatten,
/// linear and global pooling see the whole input.
public struct ReceptiveField: Equatable, Codable, Sendable {
    /// Rows and columns of the input one output value depends on (`[1, 1]` at the input).
    public var size: [Int]
    /// Input pixels between two neighbouring output values, down and across.
    public var jump: [Int]
    /// True once a layer mixes every position (flatten, linear, global pooling): `size` is then
    /// the last window-shaped field, and the value depends on the whole input.
    public var wholeInput: Bool

    /// "5x5, jump 2", or "whole input" once a layer mixes every position, in `language`.
    public func words(_ language: Language) -> String {
        wholeInput ? language[.tableWholeInput] : language.receptiveField(size: size, jump: jump)
    }

    /// One input pixel.
    public static let pixel = ReceptiveField(size: [1, 1], jump: [1, 1], wholeInput: false)

    public init(size: [Int], jump: [Int], wholeInput: Bool) {
        self.size = size
        self.jump = jump
        self.wholeInput = wholeInput
    }

    /// After a window of `kernel` taps (rows, columns) with `stride` and `dilation`.
    func through(kernel: (Int, Int), stride: (Int, Int), dilation: Int) -> ReceptiveField {
        ReceptiveField(size: [size[0] + dilation * (kernel.0 - 1) * jump[0], size[1] + dilation * (kernel.1 - 1) * jump[1]],
                       jump: [jump[0] * stride.0, jump[1] * stride.1], wholeInput: wholeInput)
    }

    /// The field of parallel paths joined again (a residual sum, an inception concatenation):
    /// an output sees what its widest path sees.
    func joined(_ other: ReceptiveField) -> ReceptiveField {
        ReceptiveField(size: zip(size, other.size).map { max($0, $1) }, jump: zip(jump, other.jump).map { max($0, $1) },
                       wholeInput: wholeInput || other.wholeInput)
    }
}

extension ModelSpec {
    /// The multiply-adds one example costs in `layer`, the values it leaves behind (a block
    /// counts every inner layer's output too: training keeps them all for backpropagation),
    /// and the receptive field after it.
    /// Convolutions cost `F·OH·OW·C·KH·KW`, linear layers `inputs·outputs` (biases, pooling,
    /// activations and normalisation are not counted: the convention of the papers' tables);
    /// a residual block adds its 1×1 projection, an inception block its branches.
    func cost(_ layer: LayerSpec, input: [Int], field: ReceptiveField, fail: (String) -> ModelSpecError) throws
        -> (multiplyAdds: Int, activations: Int, field: ReceptiveField) {
        let out = try infer(layer, input: input, fail: fail).out
        let values = out.reduce(1, *)
        switch layer {
        case let .conv(filters, kh, kw, _, _, _, _, _):
            let win = try window(layer, fail: fail)
            guard let macs = ModelLimits.product(filters, out[1], out[2], input[0], kh, kw) else { throw fail("the multiply-add count overflows") }
            return (macs, values, field.through(kernel: (kh, kw), stride: (win.strideH, win.strideW), dilation: win.dilation))
        case .maxpool, .avgpool:
            let win = try window(layer, fail: fail)
            return (0, values, field.through(kernel: (win.kernelH, win.kernelW), stride: (win.strideH, win.strideW), dilation: 1))
        case let .linear(n):
            guard let macs = ModelLimits.product(n, input.reduce(1, *)) else { throw fail("the multiply-add count overflows") }
            return (macs, values, ReceptiveField(size: field.size, jump: field.jump, wholeInput: true))
        case .flatten, .globalAvgPool:
            return (0, values, ReceptiveField(size: field.size, jump: field.jump, wholeInput: true))
        case .activation, .lrn, .dropout, .batchnorm:
            return (0, values, field)
        case let .residual(body, shortcut):
            let inner = try costSequence(body, input: input, field: field, what: "residual", fail: fail)
            if let shortcut {
                let s = try costSequence(shortcut, input: input, field: field, what: "shortcut", fail: fail)
                return (inner.multiplyAdds + s.multiplyAdds, inner.activations + s.activations + values, inner.field.joined(s.field))
            }
            guard inner.out != input else { return (inner.multiplyAdds, inner.activations + values, inner.field) }
            // The shortcut's 1×1 projection: one multiply-add per output value and input channel.
            _ = try residualProjection(input: input, output: inner.out, fail: fail)
            guard let macs = ModelLimits.product(inner.out[0], inner.out[1], inner.out[2], input[0]) else { throw fail("the multiply-add count overflows") }
            // The projected shortcut is one more map of the output's size.
            return (inner.multiplyAdds + macs, inner.activations + 2 * values, inner.field)
        case let .inception(branches):
            var total = 0, activations = values, joined: ReceptiveField?
            for (b, branch) in branches.enumerated() {
                let inner = try costSequence(branch, input: input, field: field, what: "branch \(b + 1)", fail: fail)
                total += inner.multiplyAdds
                activations += inner.activations
                joined = joined.map { $0.joined(inner.field) } ?? inner.field
            }
            return (total, activations, joined ?? field)
        }
    }

    /// The inner layers of a block, one after another.
    func costSequence(_ layers: [LayerSpec], input: [Int], field: ReceptiveField, what: String, fail: (String) -> ModelSpecError) throws
        -> (out: [Int], multiplyAdds: Int, activations: Int, field: ReceptiveField) {
        var shape = input, total = 0, values = 0, field = field
        for (k, inner) in layers.enumerated() {
            let innerFail = { (m: String) in fail("\(what) layer \(k + 1) (\(inner.label)): \(m)") }
            let c = try cost(inner, input: shape, field: field, fail: innerFail)
            shape = try infer(inner, input: shape, fail: innerFail).out
            (total, values, field) = (total + c.multiplyAdds, values + c.activations, c.field)
        }
        return (shape, total, values, field)
    }
}
