/// A tensor with a name: an example's output (`result`, or `dX`, `dW`, `db` for a backward
/// pass) or a weight as a file stores it (`conv1.weight`).
public struct NamedTensor: Codable, Sendable, Equatable {
    public var name: String
    public var tensor: Tensor
    /// The exact values when they are whole numbers too large for `Float` (parameter counts):
    /// a lesson's `expect` is compared with these.
    public var integers: [Int]?

    public init(_ name: String, _ tensor: Tensor, integers: [Int]? = nil) {
        self.name = name
        self.tensor = tensor
        self.integers = integers
    }

    public init(name: String, tensor: Tensor) {
        self.init(name, tensor)
    }
}
