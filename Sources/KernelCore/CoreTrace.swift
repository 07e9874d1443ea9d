/// A trace as the shared kernel core builds it: the same fields as the lesson engine's `Trace`,
/// in plain structs (no Codable, no existentials) so the code also compiles for WebAssembly.

/// A cell of one of the trace's tensors (`input`, `kernel`, `output` ...), by author index.
public struct CoreCell: Equatable {
    public var tensor: String
    public var index: [Int]
    public init(_ tensor: String, _ index: [Int]) {
        self.tensor = tensor
        self.index = index
    }
}

/// One step: what was read, multiplied, summed and written (see `TraceStep` in Lessons).
public struct CoreStep {
    public var reads: [CoreCell] = []
    public var readValues: [Float] = []
    public var weights: [CoreCell] = []
    public var weightValues: [Float] = []
    public var products: [Float] = []
    public var partialSums: [Float] = []
    public var emphasis: [CoreCell] = []
    public var writes: [CoreCell] = []
    public var runningValues: [Float] = []
    public var sum: Float? = nil
    public var bias: Float? = nil
    public var activation: String? = nil
    public var result: Float = 0
    public var arithmetic: String = ""
    public var description: String = ""
    public init() {}
}

/// A tensor as the trace shows it; `role` is `input`, `parameter`, `output` or `gradient`.
public struct CoreTensor {
    public var name: String
    public var role: String
    public var shape: [Int]
    public var values: [Float]
    public var padding: [Int]
    /// The values as whole numbers, written as such (architecture's counts, beyond Float's 2²⁴).
    public var integers: [Int64]? = nil
    public init(_ name: String, _ role: String, _ shape: [Int], _ values: [Float], padding: [Int] = [0, 0]) {
        self.name = name
        self.role = role
        self.shape = shape
        self.values = values
        self.padding = padding
    }
}

/// What an op computed: its main output (author shape) and its trace.
public struct CoreRun {
    public var result: CoreTensor
    public var tensors: [CoreTensor]
    public var steps: [CoreStep]
    public var formulas: [String]
    /// Every output by its name, main one first (`dX`, `dW`, `db`); empty for ops whose only
    /// output is `result`.
    public var outputs: [CoreTensor] = []
    /// The layer table of an architecture (`Trace.layers` on the host).
    public var layers: [ArchRow]? = nil
    /// Whether the lesson asked for the table's cost columns (`cost: true`).
    public var costs: Bool? = nil
}

/// A tensor's values with its shape, row-major.
public struct CoreArray {
    public var shape: [Int]
    public var data: [Float]
    public init(_ shape: [Int], _ data: [Float]) {
        self.shape = shape
        self.data = data
    }
    public var rank: Int { shape.count }
    public var count: Int { data.count }
}

/// An input the core rejects: the field it is about and the message, word for word what the
/// host engine reports for the same input.
public struct CoreError: Error {
    public var key: String
    public var message: String
    public init(_ key: String, _ message: String) {
        self.key = key
        self.message = message
    }
}

/// Index helpers shared by the ops.
public enum CoreIndex {
    /// Row-major multi-index of flat position `i` in `shape`.
    public static func unflatten(_ i: Int, _ shape: [Int]) -> [Int] {
        var rest = i
        var index = [Int](repeating: 0, count: shape.count)
        var axis = shape.count - 1
        while axis >= 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
            axis -= 1
        }
        return index
    }

    /// Row-major strides of `shape`.
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var axis = shape.count - 2
        while axis >= 0 {
            s[axis] = s[axis + 1] * shape[axis + 1]
            axis -= 1
        }
        return s
    }

    /// The last `rank` entries of (a, b, h, w): an author index of a rank-4 view.
    public static func author(_ rank: Int, _ a: Int, _ b: Int, _ h: Int, _ w: Int) -> [Int] {
        Array([a, b, h, w].suffix(rank))
    }
}
