import Foundation
import KernelCore
import Tensor

/// `op: output-size`: O = ⌊(I − F + 2P) / S⌋ + 1 (with dilation D: F becomes D(F−1)+1),
/// with the numbers filled in. `input` (I), `kernel` (F), `padding` (P), `stride` (S), `dilation` (D).
enum OutputSizeTrace {
    /// The formula with numbers, e.g. `OH = ⌊(3 − 2 + 2·0) / 1⌋ + 1 = 2`.
    static func formula(_ name: String, input: Int, kernel: Int, padding: Int, stride: Int, dilation: Int, output: Int) -> String {
        let f = dilation == 1 ? "\(kernel)" : "(\(dilation)·(\(kernel) − 1) + 1)"
        return "\(name) = ⌊(\(input) − \(f) + 2·\(padding)) / \(stride)⌋ + 1 = \(output)"
    }

    /// "input 5, kernel 3, padding 0, stride 2" (and the dilation when it is not 1), in the lesson's words.
    static func describe(_ phrases: TracePhrases, _ i: Int, _ f: Int, _ p: Int, _ s: Int, _ d: Int) -> String {
        let dilation = d == 1 ? "" : TracePhrases.fill(phrases.dilationPart, ["d": "\(d)"])
        return TracePhrases.fill(phrases.outputSizeInputs, ["i": "\(i)", "f": "\(f)", "p": "\(p)", "s": "\(s)", "dilation": dilation])
    }

    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let i = try ex.fields.int("input"), f = try ex.fields.int("kernel")
        let s = try ex.fields.optionalInt("stride") ?? 1, d = try ex.fields.optionalInt("dilation") ?? 1
        let p: Int
        if let text = ex.fields.node("padding")?.string, Int(text) == nil {
            guard text == "same" || text == "valid" else {
                throw ex.error("padding", "padding: expected a number, same or valid, found \"\(text)\"")
            }
            p = text == "valid" ? 0 : try ex.kernel(at: "padding") { try samePadding(kernel: f, dilation: d) }
        } else {
            p = try ex.fields.optionalInt("padding") ?? 0
        }
        // KernelCore's check (the in-page engine's), the error at the argument at fault.
        let checked = Geometry.checkedOutputSize(input: i, kernel: f, padding: p, stride: s, dilation: d)
        if let e = checked.error { throw ex.error(checked.argument, "conv2d: " + e) }
        let o = checked.size
        let step = Geometry.outputSizeStep(i: i, f: f, p: p, s: s, d: d, o: o, notWhole: ex.phrases.notWhole,
                                           inputs: ex.phrases.outputSizeInputs, dilationPart: ex.phrases.dilationPart)
        return ([NamedTensor("result", Tensor(scalar: Float(o)))],
                Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: [TraceTensor(name: "output", role: .output, shape: [1], values: [Float(o)])],
                      steps: [TraceStep(step)], formulas: [step.arithmetic]))
    }
}
