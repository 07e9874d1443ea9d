import Foundation
import NN
import Tensor
import Yams

/// Compares an example's outputs with the author's hand-computed `expect`.
///
/// `expect` may be
/// - a number or a nested list: the whole main output (same shape);
/// - a mapping with any of: `shape: [2, 2]` (the main output's shape), `cells: {"1,0": 10}`
///   (some cells of the main output), or output names (`dX: ...`, `dW: ...`, `db: ...`, `params: 61706`)
///   each holding a number or a nested list.
///
/// A cell matches when |expected − computed| ≤ `tolerance` (default 1e-4).
public enum Expectation {
    public static let defaultTolerance: Float = 1e-4

    /// Every mismatch, each at the line and column of the expected value; empty when all agree.
    /// Returns how many values were compared, too.
    static func compare(_ ex: Example, _ result: ExampleResult) throws -> (errors: [LessonError], compared: Int) {
        guard let expect = ex.fields.node("expect") else { return ([], 0) }
        let tolerance = try ex.fields.optionalNumber("tolerance") ?? defaultTolerance
        guard tolerance >= 0 else { throw ex.error("tolerance", "tolerance: expected a number ≥ 0") }
        var errors: [LessonError] = []
        var compared = 0
        let main = result.outputs[0]

        func compareWhole(_ node: Node, _ out: NamedTensor, label: String) throws {
            let lit = try TensorLiteral.parse(node, key: "expect", file: ex.location.file, lineOffset: ex.fields.lineOffset)
            let shape = out.tensor.rank == 0 ? [] : out.tensor.shape
            let wanted = lit.tensor.shape
            // A single number may stand for a one-element result, e.g. an output size.
            if wanted != shape && !(wanted.isEmpty && out.tensor.count == 1) {
                errors.append(LessonError(lit.location, example: ex.id,
                                          "\(label)expect has shape \(Tensor.describe(wanted)), computed \(out.name) has shape \(Tensor.describe(shape))"))
                return
            }
            for i in 0..<lit.tensor.count {
                compared += 1
                // Whole-number outputs (parameter counts) are compared exactly, in Double.
                let leafNode = leaf(node, i, shape: wanted)
                let (e, c): (Double, Double) = out.integers.map { (leafNode.float ?? Double(lit.tensor.data[i]), Double($0[i])) }
                    ?? (Double(lit.tensor.data[i]), Double(out.tensor.data[i]))
                if abs(e - c) > Double(tolerance) {
                    let cellNode = leaf(node, i, shape: wanted)
                    let where_ = wanted.isEmpty ? "" : "cell \(Arith.index(ActivationTrace.unflatten(i, wanted))) "
                    errors.append(LessonError(Fields.location(cellNode, file: ex.location.file, lineOffset: ex.fields.lineOffset), example: ex.id,
                                              "\(label)\(where_)expected \(Arith.whole(e)), computed \(Arith.whole(c))"))
                }
            }
        }

        if expect.mapping == nil {
            try compareWhole(expect, main, label: "")
            return (errors, compared)
        }
        let fields = try Fields(expect, file: ex.location.file, lineOffset: ex.fields.lineOffset, context: "expect")
        if let shapeNode = fields.node("shape") {
            let lit = try TensorLiteral.parse(shapeNode, key: "expect.shape", file: ex.location.file, lineOffset: ex.fields.lineOffset)
            compared += 1
            let wanted = lit.tensor.data.map { Int(exactly: $0) ?? -1 }
            if wanted != main.tensor.shape {
                errors.append(LessonError(lit.location, example: ex.id,
                                          "expected shape \(lit.tensor.data.map { Arith.n($0) }.joined(separator: "x")), computed \(Tensor.describe(main.tensor.shape))"))
            }
        }
        if let cells = fields.node("cells") {
            let cellFields = try Fields(cells, file: ex.location.file, lineOffset: ex.fields.lineOffset, context: "expect.cells")
            for (k, v) in cellFields.mapping {
                let text = k.string ?? ""
                let index = text.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",")
                    .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                let loc = Fields.location(k, file: ex.location.file, lineOffset: ex.fields.lineOffset)
                guard index.count == main.tensor.rank, zip(index, main.tensor.shape).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
                    errors.append(LessonError(loc, example: ex.id, "cell \"\(text)\": expected an index such as \"1,0\" inside shape \(Tensor.describe(main.tensor.shape))"))
                    continue
                }
                guard let e = v.float else {
                    errors.append(LessonError(loc, example: ex.id, "cell \"\(text)\": expected a number"))
                    continue
                }
                compared += 1
                let c = main.tensor.at(index)
                if abs(Float(e) - c) > tolerance {
                    errors.append(LessonError(Fields.location(v, file: ex.location.file, lineOffset: ex.fields.lineOffset), example: ex.id,
                                              "cell \(Arith.index(index)) expected \(Arith.n(Float(e))), computed \(Arith.n(c))"))
                }
            }
        }
        for out in result.outputs {
            if let node = fields.node(out.name) { try compareWhole(node, out, label: "\(out.name): ") }
        }
        if let table = result.trace.layers, let node = fields.node("layers") {
            let (e, n) = try compareLayers(node, table, ex)
            errors += e
            compared += n
        }
        let names = result.outputs.map(\.name).joined(separator: ", ")
        for (k, v) in fields.mapping where !fields.used.contains(k.string ?? "") {
            errors.append(LessonError(Fields.location(v, file: ex.location.file, lineOffset: ex.fields.lineOffset), example: ex.id,
                                      "expect: unknown key `\(k.string ?? "")`; expected shape, cells or an output (\(names))"))
        }
        return (errors, compared)
    }

    /// `expect: {layers: [{shape: [6,28,28], params: 156}, ...]}`: one entry per layer, each
    /// with its output shape and/or parameter count.
    static func compareLayers(_ node: Node, _ table: [LayerInfo], _ ex: Example) throws -> (errors: [LessonError], compared: Int) {
        let file = ex.location.file, offset = ex.fields.lineOffset
        guard let items = node.sequence else {
            throw LessonError(Fields.location(node, file: file, lineOffset: offset), example: ex.id,
                              "expect.layers: expected a list with one entry per layer, each with some of shape, params, multiply_adds, receptive_field and jump")
        }
        var errors: [LessonError] = []
        var compared = 0
        if items.count != table.count {
            errors.append(LessonError(Fields.location(node, file: file, lineOffset: offset), example: ex.id,
                                      "expect.layers lists \(items.count) layers, the model has \(table.count)"))
        }
        for (item, layer) in zip(items, table) {
            let f = try Fields(item, file: file, lineOffset: offset, context: "expect.layers entry")
            let label = "layer \(layer.index) (\(layer.name))"
            if let s = f.node("shape") {
                let lit = try TensorLiteral.parse(s, key: "shape", file: file, lineOffset: offset)
                compared += 1
                if lit.tensor.data.map({ Int(exactly: $0) ?? -1 }) != layer.outputShape {
                    errors.append(LessonError(lit.location, example: ex.id,
                                              "\(label): expected shape \(lit.tensor.data.map { Arith.n($0) }.joined(separator: "x")), computed \(Tensor.describe(layer.outputShape))"))
                }
            }
            if f.has("params") {
                let p = try f.count("params")
                compared += 1
                if p != layer.parameters {
                    errors.append(LessonError(f.location(of: "params"), example: ex.id, "\(label): expected \(p) parameters, computed \(layer.parameters)"))
                }
            }
            if f.has("multiply_adds") {
                let m = try f.count("multiply_adds")
                compared += 1
                if m != layer.multiplyAdds {
                    errors.append(LessonError(f.location(of: "multiply_adds"), example: ex.id,
                                              "\(label): expected \(m) multiply-adds, computed \(layer.multiplyAdds)"))
                }
            }
            for (key, computed, what) in [("receptive_field", layer.receptiveField.size, "a receptive field of"),
                                          ("jump", layer.receptiveField.jump, "a jump of")] where f.has(key) {
                // One number means a square field (`receptive_field: 5`); two are rows and columns.
                let written = try f.intOrPair(key)
                compared += 1
                if written != computed {
                    errors.append(LessonError(f.location(of: key), example: ex.id,
                                              "\(label): expected \(what) \(written.map(String.init).joined(separator: "x")), computed \(computed.map(String.init).joined(separator: "x"))"))
                }
            }
            try f.rejectUnknown()
        }
        return (errors, compared)
    }

    /// The scalar node holding element `flat` of a nested list (for pointing at its line).
    static func leaf(_ node: Node, _ flat: Int, shape: [Int]) -> Node {
        var n = node
        let index = ActivationTrace.unflatten(flat, shape)
        for i in index {
            guard let seq = n.sequence, i < seq.count else { return n }
            n = seq[i]
        }
        return n
    }
}
