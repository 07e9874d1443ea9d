import KernelCore
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

    /// The field KernelCore's table computed.
    init(_ f: ArchField) {
        self.init(size: f.size.map { Int($0) }, jump: f.jump.map { Int($0) }, wholeInput: f.wholeInput)
    }
}
