import Tensor

/// A problem with a weights file from or for another framework (safetensors, npz).
/// Every case names the file, and the message says what was expected and what was found.
public enum InteropError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case unreadable(file: String)
    /// The file ends before what its header announces.
    case truncated(file: String, detail: String)
    /// The bytes are not the format they claim to be.
    case malformed(file: String, detail: String)
    /// A tensor is stored in a number type this reader does not convert.
    case unsupportedType(file: String, tensor: String, type: String)
    /// The file's tensors do not fit the model: one line per problem.
    case mismatch(file: String, model: String, problems: [WeightProblem])
    /// The file name ends in neither `.safetensors` nor `.npz`.
    case unknownFormat(file: String)

    public var description: String {
        switch self {
        case let .unreadable(file): return "\(file): cannot read the file"
        case let .truncated(file, detail): return "\(file): truncated: \(detail)"
        case let .malformed(file, detail): return "\(file): \(detail)"
        case let .unsupportedType(file, tensor, type):
            return "\(file): \(tensor): numbers of type \(type) are not supported (use float32 or float64)"
        case let .mismatch(file, model, problems):
            let lines = problems.map { "  \($0)" }.joined(separator: "\n")
            return "\(file): the weights do not fit the model \(model):\n\(lines)"
        case let .unknownFormat(file):
            return "\(file): unknown weights format (expected a name ending in .safetensors or .npz)"
        }
    }
}

/// One way a tensor in a weights file fails to fit a model.
public enum WeightProblem: Equatable, Sendable, CustomStringConvertible {
    /// `fc1.weight: expected 120x400, found 120x256`.
    case shape(name: String, expected: [Int], found: [Int])
    /// The model needs a tensor the file does not have.
    case missing(name: String, expected: [Int])
    /// The file has a tensor the model has no place for.
    case unexpected(name: String, found: [Int])

    public var description: String {
        switch self {
        case let .shape(name, expected, found):
            return "\(name): expected \(Tensor.describe(expected)), found \(Tensor.describe(found))"
        case let .missing(name, expected): return "\(name): missing (expected \(Tensor.describe(expected)))"
        case let .unexpected(name, found): return "\(name): not in the model (found \(Tensor.describe(found)))"
        }
    }
}
