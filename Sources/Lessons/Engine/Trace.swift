import Foundation
import NN

/// The record of one worked example, step by step, as the kernels computed it.
///
/// A trace is plain data. The diagrams and the site read it and never recompute:
/// the number in a picture is the number the kernel produced.
public struct Trace: Codable, Sendable, Equatable {
    /// The example's `id` from the lesson.
    public var exampleID: String
    /// The op, as written in the lesson: `conv2d`, `maxpool`, `softmax`, ...
    public var op: String
    /// The tensors to draw, in drawing order: inputs, then parameters, then the output.
    public var tensors: [TraceTensor]
    /// One step per output cell (or per pooling window, softmax term, argmax comparison).
    public var steps: [TraceStep]
    /// Formulas with the numbers filled in, e.g. `OH = ⌊(3 − 2 + 2·0) / 1⌋ + 1 = 2`.
    public var formulas: [String]
    /// For `architecture`: the layer table (shapes and parameter counts), as the trainer computes it.
    public var layers: [LayerInfo]?
    /// For `architecture` with `cost: true`: the layer table also shows each layer's
    /// multiply-adds, activations and receptive field.
    public var costs: Bool?

    public init(exampleID: String, op: String, tensors: [TraceTensor], steps: [TraceStep], layers: [LayerInfo]? = nil,
                formulas: [String] = []) {
        self.exampleID = exampleID
        self.op = op
        self.tensors = tensors
        self.steps = steps
        self.layers = layers
        self.formulas = formulas
    }

    /// The tensor called `name`, if the trace has one.
    public func tensor(_ name: String) -> TraceTensor? { tensors.first { $0.name == name } }
}

/// A tensor as the trace shows it: its values and how to draw it.
public struct TraceTensor: Codable, Sendable, Equatable {
    /// What the tensor plays in the example.
    public enum Role: String, Codable, Sendable {
        case input, parameter, output, gradient
    }
    /// The name steps refer to: `input`, `kernel`, `output`, `dY`, `dX`, `dW`, `cols` ...
    public var name: String
    public var role: Role
    /// The logical shape: `[H, W]`, `[C, H, W]` or `[F, C, KH, KW]` (the last two axes are drawn as a grid).
    public var shape: [Int]
    /// Row-major values; `values.count == shape.reduce(1, *)`.
    public var values: [Float]
    /// Zero padding drawn around the last two axes, `[top/bottom, left/right]`. Cells in it
    /// are addressed with indices below 0 or at/after the extent.
    public var padding: [Int]

    public init(name: String, role: Role, shape: [Int], values: [Float], padding: [Int] = [0, 0]) {
        self.name = name
        self.role = role
        self.shape = shape
        self.values = values
        self.padding = padding
    }

    /// The value at `index`; 0 for a cell in the padding.
    public func value(at index: [Int]) -> Float {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var off = 0
        for (axis, extent) in shape.enumerated() {
            let i = index[axis]
            if i < 0 || i >= extent { return 0 }
            off = off * extent + i
        }
        return values[off]
    }

    /// Whether `index` falls in the zero padding rather than on a real cell.
    public func isPadding(_ index: [Int]) -> Bool {
        zip(index, shape).contains { $0 < 0 || $0 >= $1 }
    }
}

/// A cell of one of the trace's tensors.
public struct CellRef: Codable, Sendable, Equatable, Hashable {
    /// The `TraceTensor.name` the cell belongs to.
    public var tensor: String
    /// Its index, one entry per axis of that tensor (may lie in the padding).
    public var index: [Int]

    public init(_ tensor: String, _ index: [Int]) {
        self.tensor = tensor
        self.index = index
    }
}

/// One step of a worked example: which cells were read, what was multiplied and summed,
/// and which cell was written.
public struct TraceStep: Codable, Sendable, Equatable {
    /// The cells read: the window on the input, the row compared by argmax, ...
    public var reads: [CellRef]
    /// Values of `reads`, in the same order (padding cells read as 0).
    public var readValues: [Float]
    /// Parameter cells paired with `reads` (the kernel under the window); empty when none.
    public var weights: [CellRef]
    /// Values of `weights`, in the same order.
    public var weightValues: [Float]
    /// `readValues[i] * weightValues[i]` for conv-like steps; empty otherwise.
    public var products: [Float]
    /// Per-input-channel sums of the products (multi-channel conv); empty otherwise.
    public var partialSums: [Float]
    /// Cells to stress: the max of a pooling window, the winner of an argmax.
    public var emphasis: [CellRef]
    /// The cell(s) this step produces.
    public var writes: [CellRef]
    /// For ops whose steps add into the same cells (transposed convolution): the value of each
    /// of `writes`, in order, as it stands after this step. Empty when every write is final.
    public var runningValues: [Float]
    /// The sum of the products (or of the window, for average pooling).
    public var sum: Float?
    /// The bias added to `sum`, if any.
    public var bias: Float?
    /// The activation applied last, by name (`relu`), if any.
    public var activation: String?
    /// The value written.
    public var result: Float
    /// The arithmetic in one line, e.g. `1×1 + 2×0 + 2×1 + 1×0 = 3, 3 + 5 = 8`.
    public var arithmetic: String
    /// A sentence for screen readers and alt text, numbers included.
    public var description: String

    public init(reads: [CellRef] = [], readValues: [Float] = [], weights: [CellRef] = [], weightValues: [Float] = [],
                products: [Float] = [], partialSums: [Float] = [], emphasis: [CellRef] = [], writes: [CellRef],
                runningValues: [Float] = [], sum: Float? = nil, bias: Float? = nil, activation: String? = nil, result: Float,
                arithmetic: String, description: String) {
        self.reads = reads
        self.readValues = readValues
        self.weights = weights
        self.weightValues = weightValues
        self.products = products
        self.partialSums = partialSums
        self.emphasis = emphasis
        self.writes = writes
        self.runningValues = runningValues
        self.sum = sum
        self.bias = bias
        self.activation = activation
        self.result = result
        self.arithmetic = arithmetic
        self.description = description
    }
}
