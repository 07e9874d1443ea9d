import Basics
import Foundation
import KernelCore
import Tensor

/// What running an example gave: its heading (`result.id`, `result.op`, ...), its outputs
/// (computed by the training kernels) and the trace.
@dynamicMemberLookup
public struct ExampleResult: Codable, Sendable {
    public var heading: ExampleHeading
    /// The outputs, main one first (named `result` for single-output ops).
    public var outputs: [NamedTensor]
    public var trace: Trace

    public subscript<T>(dynamicMember key: KeyPath<ExampleHeading, T>) -> T { heading[keyPath: key] }

    /// The main output.
    public var result: Tensor { outputs[0].tensor }

    /// The output called `name`.
    public func output(_ name: String) -> Tensor? { outputs.first { $0.name == name }?.tensor }
}
