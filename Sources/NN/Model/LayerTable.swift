import KernelCore
import Tensor
import Words

/// One row of a model's layer table: what the layer is, what comes out, what it costs.
public struct LayerInfo: Equatable, Codable, Sendable {
    /// 1-based position in the model file.
    public var index: Int
    /// A readable name numbered per kind: `conv1`, `relu1`, `pool1`, `fc1`, ...
    public var name: String
    /// The kind as a model file spells it: `conv`, `maxpool`, `relu`, `linear`, ...
    public var kind: String
    /// A one-line description, e.g. `conv 5x5, 6 filters, pad 2`.
    public var description: String
    /// The shape of one example entering the layer ([C, H, W] or [n]).
    public var inputShape: [Int]
    /// The shape of one example leaving the layer.
    public var outputShape: [Int]
    /// The number of trainable parameters.
    public var parameters: Int
    /// Multiply-adds for one example (convolutions and linear layers; see `ModelSpec.cost`).
    public var multiplyAdds: Int = 0
    /// The receptive field of one output value of this layer.
    public var receptiveField: ReceptiveField = .pixel

    /// Values one example leaves behind in this layer (its output; for a block, every inner
    /// layer's output as well): 4 bytes each as Float, kept for backpropagation in training.
    public var activations: Int = 0

    /// How a conv or linear layer's parameters split into weights and biases (nil for others).
    public var split: ParameterSplit? = nil
}

/// `units` filters (or outputs) of `weightsPerUnit` weights each, plus `biases` (0 or `units`):
/// `6·25 + 6 = 156` for LeNet's C1, `16·144 = 2,304` for a bias-free 3x3 conv on 16 channels.
public struct ParameterSplit: Equatable, Codable, Sendable {
    public var units, weightsPerUnit, biases: Int
}

/// A conv or pool window with its padding resolved to numbers.
struct Window: Equatable {
    var kernelH: Int, kernelW: Int, strideH: Int, strideW: Int, padH: Int, padW: Int, dilation: Int
}

// The shape rules, costs, checks and descriptions are KernelCore's `ArchitectureCore` (the
// in-page engine runs the same code for `op: architecture`); these convert to and from it.
extension ModelSpec {
    /// Infers every layer's output shape and parameter count.
    /// - Throws: `ModelSpecError` naming the layer and its line, e.g.
    ///   `layer 4 (conv 5x5): input 16x2x2 is smaller than the kernel`.
    /// - Parameter words: the language of the `description` column (English by default).
    public func layerTable(words: LayerWords = .init(.en)) throws -> [LayerInfo] {
        do {
            return try ArchitectureCore.table(input: input, layers: layers, words: words.arch).map(LayerInfo.init)
        } catch let e {
            guard let i = e.layer else { throw ModelSpecError(location: locations.first ?? nil, e.message) }
            throw error(i, e.message)
        }
    }

    /// The total number of trainable parameters.
    /// - Throws: `ModelSpecError` as `layerTable()` does.
    public func totalParameters() throws -> Int {
        try layerTable().reduce(0) { $0 + $1.parameters }
    }

    /// How many numbers a trained network stores: the parameters plus the running statistics
    /// of its batch normalisations (2 per channel), as a checkpoint holds them.
    public func totalStoredValues() throws -> Int {
        var shape = input, total = 0
        for (i, layer) in layers.enumerated() {
            let (out, params, buffers) = try infer(layer, input: shape) { self.error(i, $0) }
            total += params + buffers
            shape = out
        }
        return total
    }

    /// The shape of one example leaving the last layer.
    public func outputShape() throws -> [Int] {
        try layerTable().last?.outputShape ?? input
    }

    /// The resolved window of a conv or pool layer; `fail` words an error for its place.
    func window(_ layer: LayerSpec, fail: (String) -> ModelSpecError) throws -> Window {
        do {
            let w = try ArchitectureCore.window(layer)
            return Window(kernelH: w.kernelH, kernelW: w.kernelW, strideH: w.strideH, strideW: w.strideW, padH: w.padH, padW: w.padW, dilation: w.dilation)
        } catch let e {
            throw fail(e.message)
        }
    }

    func error(_ index: Int, _ message: String) -> ModelSpecError {
        ModelSpecError(location: locations.indices.contains(index) ? locations[index] : nil,
                       layer: (index + 1, layers[index].label), message)
    }

    /// A layer's output shape, trainable parameters and stored running statistics; blocks
    /// add up their inner layers. `fail` words an error for the layer's place in the file.
    func infer(_ layer: LayerSpec, input: [Int], fail: (String) -> ModelSpecError) throws -> (out: [Int], params: Int, buffers: Int) {
        do {
            let r = try ArchitectureCore.infer(layer, input: input)
            return (r.out, Int(r.params), Int(r.buffers))
        } catch let e {
            throw fail(e.message)
        }
    }

    /// The 1×1 convolution that makes a residual block's shortcut match its body's output.
    func residualProjection(input: [Int], output: [Int], fail: (String) -> ModelSpecError) throws -> (stride: Int, parameters: Int) {
        do {
            let r = try ArchitectureCore.residualProjection(input: input, output: output)
            return (r.stride, Int(r.parameters))
        } catch let e {
            throw fail(e.message)
        }
    }
}

extension LayerInfo {
    public init(_ row: ArchRow) {
        self.init(index: row.index, name: row.name, kind: row.kind, description: row.description, inputShape: row.inputShape,
                  outputShape: row.outputShape, parameters: Int(row.parameters), multiplyAdds: Int(row.multiplyAdds),
                  receptiveField: ReceptiveField(row.field), activations: Int(row.activations),
                  split: row.split.map { ParameterSplit(units: Int($0.units), weightsPerUnit: Int($0.weightsPerUnit), biases: Int($0.biases)) })
    }
}

extension LayerWords {
    /// The words as KernelCore's descriptions take them.
    public var arch: ArchWords {
        ArchWords(oneFilter: oneFilter, filters: filters, pad: pad, padSame: padSame, stride: stride, dilation: dilation, size: size,
                  noBias: noBias, learnedAlpha: learnedAlpha)
    }
}
