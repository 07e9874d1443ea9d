import Foundation
import NN
import Tensor
import Words
import Yams

/// `op: architecture`: a model's layer table — each layer's output shape and parameter count —
/// computed by the same shape inference the trainer uses. `model: lenet5` names a built-in
/// model; otherwise `input` and `layers` are written as in a model file (or the notes' shorthand).
enum ArchitectureTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let spec = try modelSpec(ex)
        let table: [LayerInfo]
        do { table = try spec.layerTable(words: LayerWords(ex.language)) } catch let e as ModelSpecError {
            throw ex.error(ex.fields.has("layers") ? "layers" : "model", message(e))
        }
        var shape = spec.input
        let steps = table.map { layer -> TraceStep in
            let flow = layer.description.contains("→") ? layer.description
                : "\(layer.description): \(Tensor.describe(shape)) → \(Tensor.describe(layer.outputShape))"
            let text = "\(flow), \(paramsText(layer, ex.phrases))"
            shape = layer.outputShape
            return TraceStep(writes: [CellRef("params", [layer.index - 1])], result: Float(layer.parameters), arithmetic: text,
                             description: TracePhrases.fill(ex.phrases.layer, ["i": "\(layer.index)", "name": layer.name]) + ": \(text)")
        }
        let total = table.reduce(0) { $0 + $1.parameters }
        let layerParams = table.map { Float($0.parameters) }
        let macs = table.reduce(0) { $0 + $1.multiplyAdds }, activations = table.reduce(0) { $0 + $1.activations }
        let field = table.last?.receptiveField.size ?? [1, 1]
        let outputs = [
            NamedTensor("params", Tensor(scalar: Float(total)), integers: [total]),
            NamedTensor("layer_params", try Tensor(shape: [table.count], data: layerParams), integers: table.map(\.parameters)),
            NamedTensor("output_shape", try Tensor(shape: [shape.count], data: shape.map(Float.init)), integers: shape),
            NamedTensor("multiply_adds", Tensor(scalar: Float(macs)), integers: [macs]),
            NamedTensor("layer_multiply_adds", try Tensor(shape: [table.count], data: table.map { Float($0.multiplyAdds) }),
                        integers: table.map(\.multiplyAdds)),
            NamedTensor("activations", Tensor(scalar: Float(activations)), integers: [activations]),
            NamedTensor("receptive_field", try Tensor(shape: [2], data: field.map(Float.init)), integers: field),
        ]
        let tensors = [TraceTensor(name: "params", role: .output, shape: [table.count], values: layerParams)]
        var trace = Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps, layers: table,
                          formulas: [TracePhrases.fill(ex.phrases.modelTotal, ["name": spec.name, "layers": "\(table.count)", "total": "\(total)"])])
        if try ex.fields.bool("cost", default: false) { trace.costs = true }
        return (outputs, trace)
    }

    /// `6·(1·5·5) + 6 = 156 parameters` for conv and linear layers, `no parameters` otherwise.
    static func paramsText(_ layer: LayerInfo, _ p: TracePhrases) -> String {
        guard layer.parameters > 0 else { return p.noParameters }
        guard let s = layer.split else { return TracePhrases.fill(p.parameters, ["n": "\(layer.parameters)"]) }
        return TracePhrases.fill(s.biases > 0 ? p.weightsAndBiases : p.weightsOnly,
                                 ["f": "\(s.units)", "per": "\(s.weightsPerUnit)", "n": "\(layer.parameters)"])
    }

    /// The model error without its model-file location (the example's own line is used instead).
    static func message(_ e: ModelSpecError) -> String {
        e.layer.map { "layer \($0.index) (\($0.label)): \(e.message)" } ?? e.message
    }

    /// A built-in model, looked up first beside the lesson (its folder and those above it hold
    /// `models/`), so a course checks the same wherever it is run from.
    static func builtin(_ name: String, near file: String) throws -> ModelSpec {
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("models/\(name).yaml").path
            if !name.contains("/"), FileManager.default.fileExists(atPath: candidate) { return try ModelSpec.load(path: candidate) }
            dir.deleteLastPathComponent()
        }
        return try BuiltinModels.resolve(name)
    }

    static func modelSpec(_ ex: Example) throws -> ModelSpec {
        do {
            if let name = try ex.fields.optionalString("model") {
                return try builtin(name, near: ex.location.file)
            }
            let layers = try ex.fields.required("layers")
            let input = try ex.fields.required("input")
            let doc = Node.mapping(Node.Mapping([
                (Node("name"), Node(ex.id.isEmpty ? "example" : ex.id)), (Node("input"), input), (Node("layers"), layers),
            ]))
            return try ModelSpec.parse(yaml: try Yams.serialize(node: doc), file: ex.location.file)
        } catch let e as ModelSpecError {
            throw ex.error(ex.fields.has("layers") ? "layers" : "model", message(e))
        }
    }
}
