import Basics
import Foundation
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
    static let maxElements = 1 << 16

    static func parse(_ node: Node, key: String, file: String, lineOffset: Int) throws -> Tensor2 {
        let loc = Fields.location(node, file: file, lineOffset: lineOffset)
        var values: [Float] = []
        let shape = try walk(node, key: key, file: file, lineOffset: lineOffset, into: &values)
        return Tensor2(tensor: try Tensor(shape: shape, data: values), location: loc)
    }

    private static func walk(_ node: Node, key: String, file: String, lineOffset: Int, into values: inout [Float]) throws -> [Int] {
        let loc = Fields.location(node, file: file, lineOffset: lineOffset)
        switch node {
        case .scalar(let s):
            guard let v = node.float, v.isFinite else {
                throw LessonError(loc, "`\(key)`: expected a number, found \"\(s.string)\"")
            }
            guard Float(v).isFinite else {
                throw LessonError(loc, "`\(key)`: \(s.string) is beyond ±3.4e38, the range of the kernels' 32-bit numbers")
            }
            values.append(Float(v))
            return []
        case .sequence(let seq):
            guard !seq.isEmpty else { throw LessonError(loc, "`\(key)`: empty list; expected numbers") }
            var inner: [Int]? = nil
            for child in seq {
                let s = try walk(child, key: key, file: file, lineOffset: lineOffset, into: &values)
                if let expected = inner, expected != s {
                    throw LessonError(Fields.location(child, file: file, lineOffset: lineOffset),
                                      "`\(key)`: ragged array: expected a row of shape \(Tensor.describe(expected)), found \(Tensor.describe(s))")
                }
                inner = s
                if values.count > maxElements {
                    throw LessonError(loc, "`\(key)`: more than \(maxElements) numbers; lessons keep examples small")
                }
            }
            return [seq.count] + (inner ?? [])
        default:
            throw LessonError(loc, "`\(key)`: expected a number or a list of numbers, found \(Fields.kind(node))")
        }
    }
}
