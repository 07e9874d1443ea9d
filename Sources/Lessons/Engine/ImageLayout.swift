import Foundation
import KernelCore
import Tensor

/// Lessons write images as `HxW`, `CxHxW` or `NxCxHxW` and kernels as `KHxKW`, `CxKHxKW` or
/// `FxCxKHxKW`. The kernels always take 4-D tensors; this maps between the two, so traces and
/// results use the author's own shapes and indices.
struct ImageLayout {
    /// The rank the author wrote (2, 3 or 4).
    let rank: Int
    /// The same tensor as rank 4.
    let nchw: Tensor

    init(_ t: Tensor, what: String) throws {
        guard (2...4).contains(t.rank) else {
            throw TensorError(op: what, Geometry.imageRank(t.shape))
        }
        rank = t.rank
        nchw = try t.reshaped(Array(repeating: 1, count: 4 - t.rank) + t.shape)
    }

    /// The author's index of element (a, b, h, w) of the rank-4 view.
    func index(_ a: Int, _ b: Int, _ h: Int, _ w: Int) -> [Int] {
        Array([a, b, h, w].suffix(rank))
    }

    /// Drops the leading axes of a rank-4 result the author did not write.
    /// `keepBatch`: the input had an N axis; `keepChannels`: the kernel had an F axis.
    static func authorShape(_ shape4: [Int], keepBatch: Bool, keepChannels: Bool) -> [Int] {
        var s: [Int] = []
        if keepBatch { s.append(shape4[0]) }
        if keepChannels || keepBatch { s.append(shape4[1]) }
        return s + shape4[2...]
    }
}

/// Formatting shared by the traces' arithmetic lines (KernelCore's `StepText`, which the
/// in-page engine uses too).
enum Arith {
    static func n(_ x: Float) -> String { StepText.n(x) }
    /// A Double that may be a large whole number (a parameter count), written exactly.
    static func whole(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? NumberText.minus(String(Int64(x))) : NumberFormat.compact(Float(x))
    }
    /// A factor, parenthesised when negative: `2×(−1)`.
    static func factor(_ x: Float) -> String { StepText.factor(x) }
    static func products(_ a: [Float], _ b: [Float]) -> String { StepText.products(a, b) }
    static func sum(_ xs: [Float]) -> String { StepText.sum(xs) }
    static func index(_ i: [Int]) -> String { StepText.index(i) }
}

extension Example {
    /// `padding:` as a number, a pair `[rows, columns]`, `same` or `valid`.
    func padding(kernelH: Int, kernelW: Int, dilation: (Int, Int)) throws -> (Int, Int) {
        if let text = fields.node("padding")?.string, Int(text) == nil {
            switch text {
            case "valid": return (0, 0)
            case "same":
                return try kernel(at: "padding") {
                    (try samePadding(kernel: kernelH, dilation: dilation.0), try samePadding(kernel: kernelW, dilation: dilation.1))
                }
            default:
                throw error("padding", "padding: expected a number, a pair [rows, columns], same or valid, found \"\(text)\"")
            }
        }
        return try fields.pair("padding", default: (0, 0))
    }
}

extension Tensor {
    /// The element at a multi-index given as an array.
    func at(_ index: [Int]) -> Float { data[offset(index)] }
}

extension Example {
    /// The output height and width of a convolution over an NCHW `shape`, checked before any work
    /// is done by KernelCore (the in-page engine's checks and words), the error at the field at
    /// fault: `key` for the kernel (`im2col`'s `size`), else `stride`, `padding`, `dilation`.
    func convOutput(_ shape: [Int], op: String, kernel: (Int, Int), _ o: Conv2DOptions, key: String = "kernel") throws -> (Int, Int) {
        let core = Conv2DCore.Options(stride: (o.strideH, o.strideW), padding: (o.padH, o.padW),
                                      dilation: (o.dilationH, o.dilationW), activation: nil, alpha: 0)
        do { return try Conv2DCore.outputSize(input: shape, kernel: [kernel.0, kernel.1], core, op: op, key: key) } catch {
            throw self.error(error.key, error.message)
        }
    }
}
