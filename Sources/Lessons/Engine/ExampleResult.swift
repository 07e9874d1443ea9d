import Basics
import Foundation
import KernelCore
import Tensor

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
