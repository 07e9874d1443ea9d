import Basics
import Foundation
import KernelCore
import Tensor
import Yams

/// A tensor written in a lesson, with the place it was written.
public struct Tensor2: Sendable {
    public var tensor: Tensor
    public var location: SourceLocation
}

/// Reads nested YAML/JSON lists of numbers (`[[1,2],[3,4]]`) into tensors, or a single number
/// into a rank-0 tensor, with errors for ragged rows and non-numbers at their own line and column.
enum TensorLiteral {
    /// The largest number of elements a lesson may write (keeps absurd input from exhausting memory).
    static let maxElements = NumberList.maxElements

    /// Walks with KernelCore's `NumberList` (the rules and messages the in-page engine uses) and
    /// places its failure at the failing node's line and column.
    static func parse(_ node: Node, key: String, file: String, lineOffset: Int) throws -> Tensor2 {
        let loc = Fields.location(node, file: file, lineOffset: lineOffset)
        var values: [Float] = []
        let shape: [Int]
        do {
            shape = try NumberList.walk(node, key: key, read: item, into: &values)
        } catch {
            throw LessonError(Fields.location(self.node(node, at: error.path), file: file, lineOffset: lineOffset), error.message)
        }
        return Tensor2(tensor: try Tensor(shape: shape, data: values), location: loc)
    }

    /// `node` as `NumberList.walk` reads it (a scalar YAML cannot read as a number is "not a number").
    private static func item(_ node: Node) -> NumberList.Item<Node> {
        switch node {
        case .scalar(let s):
            guard let v = node.float else { return .notNumber(found: Fields.kind(node)) }
            return .number(v, written: s.string)
        case .sequence(let seq):
            return .list(Array(seq))
        default:
            return .notNumberOrList(found: Fields.kind(node))
        }
    }

    /// The node `path` (list indexes) leads to from `root`.
    private static func node(_ root: Node, at path: [Int]) -> Node {
        var n = root
        for i in path {
            guard case .sequence(let seq) = n else { break }
            n = seq[seq.index(seq.startIndex, offsetBy: i)]
        }
        return n
    }
}
