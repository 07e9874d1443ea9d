import Foundation

/// A dense, row-major tensor of `Float` values.
///
/// Images and feature maps are laid out NCHW: batch, channel, height, width.
/// `Tensor` is a value type; copies share storage until one is mutated.
public struct Tensor: Equatable, Sendable, Codable {
    /// The extent of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `data.count == shape.reduce(1, *)`.
    public var data: [Float]

    /// Creates a tensor from a shape and its elements.
    /// - Throws: `TensorError` when a dimension is negative or the element count differs.
    public init(shape: [Int], data: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError(op: "Tensor", "negative dimension in shape \(Tensor.describe(shape))")
        }
        guard let n = Tensor.elementCount(shape) else {
            throw TensorError(op: "Tensor", "shape \(Tensor.describe(shape)) has more elements than can be counted")
        }
        guard n == data.count else {
            throw TensorError(op: "Tensor", "shape \(Tensor.describe(shape)) holds \(n) elements, got \(data.count)")
        }
        self.shape = shape
        self.data = data
    }

    /// Wraps elements a kernel computed for a shape it has already validated.
    init(checked shape: [Int], _ data: [Float]) {
        assert(shape.reduce(1, *) == data.count, "kernel built \(data.count) elements for \(shape)")
        self.shape = shape
        self.data = data
    }

    /// The number of elements of `shape` (all dimensions ≥ 0), or nil when the product
    /// overflows `Int`: check sizes that come from input with it before allocating.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow || d < 0 { return nil }
            n = p
        }
        return n
    }

    /// Creates a tensor whose elements are all `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// Creates a rank-0 tensor holding one number.
    public init(scalar: Float) {
        self.shape = []
        self.data = [scalar]
    }

    /// The number of elements.
    public var count: Int { data.count }
    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// Row-major strides, in elements, of each dimension.
    public var strides: [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }

    /// The flat offset of a multi-index.
    @inlinable
    public func offset(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var off = 0
        for (i, d) in shape.enumerated() {
            precondition(index[i] >= 0 && index[i] < d, "index \(index) out of bounds for shape \(shape)")
            off = off * d + index[i]
        }
        return off
    }

    /// Reads or writes one element by its multi-index.
    public subscript(_ index: Int...) -> Float {
        get { data[offset(index)] }
        set { data[offset(index)] = newValue }
    }

    /// The same elements viewed with another shape of equal element count.
    /// - Throws: `TensorError` when the counts differ.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        try Tensor(shape: newShape, data: data)
    }

    /// Formats a shape the way the lessons write it: `3x4x3`.
    public static func describe(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "x")
    }

    /// The largest absolute elementwise difference from `other` (shapes must match).
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
        var m: Float = 0
        for i in data.indices { m = max(m, abs(data[i] - other.data[i])) }
        return m
    }
}

/// A shape or argument error from a tensor op. The message names the op and the shapes,
/// so it can be shown to a lesson author as it is.
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The op that rejected its arguments, e.g. `conv2d`.
    public var op: String
    /// What was wrong, with the shapes and numbers involved.
    public var message: String

    public init(op: String, _ message: String) {
        self.op = op
        self.message = message
    }

    public var description: String { "\(op): \(message)" }
}
