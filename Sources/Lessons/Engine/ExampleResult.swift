import Foundation
import Tensor

/// A named tensor an example produced: `result`, or `dX`, `dW`, `db` for a backward pass.
public struct NamedTensor: Codable, Sendable, Equatable {
    public var name: String
    public var tensor: Tensor
    /// The exact values when they are whole numbers too large for `Float` (parameter counts):
    /// `expect` is compared with these.
    public var integers: [Int]?

    public init(_ name: String, _ tensor: Tensor, integers: [Int]? = nil) {
        self.name = name
        self.tensor = tensor
        self.integers = integers
    }
}

/// What running an example gave: its outputs (computed by the training kernels) and the trace.
public struct ExampleResult: Codable, Sendable {
    public var id: String
    public var op: LessonOp
    public var title: String?
    public var caption: String?
    public var display: ExampleDisplay
    public var location: SourceLocation
    /// The outputs, main one first (named `result` for single-output ops).
    public var outputs: [NamedTensor]
    public var trace: Trace

    /// The main output.
    public var result: Tensor { outputs[0].tensor }

    /// The output called `name`.
    public func output(_ name: String) -> Tensor? { outputs.first { $0.name == name }?.tensor }
}
