import Foundation
import KernelCore
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
        // The table, its checks and the steps are KernelCore's: the page's engine runs the same code.
        let rows: [ArchRow]
        do {
            rows = try ArchitectureCore.table(input: spec.input, layers: spec.layers, words: LayerWords(ex.language).arch)
        } catch let e {
            throw ex.error(ex.fields.has("layers") ? "layers" : "model", e.text)
        }
        let run = ArchitectureCore.run(name: spec.name, input: spec.input, rows: rows, phrases: ex.phrases.architecture)
        let outputs = try run.outputs.map { t in
            NamedTensor(t.name, try Tensor(shape: t.shape, data: t.values), integers: t.integers.map { $0.map { Int($0) } })
        }
        var trace = Trace(ex, run)
        trace.layers = rows.map(LayerInfo.init)
        if try ex.fields.bool("cost", default: false) { trace.costs = true }
        return (outputs, trace)
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

/// The models that `model: NAME` examples name, as the page's engine takes them: the build
/// resolves the model file (`models/NAME.yaml`, looked up as the command does) into
/// `{"name", "input", "layers"}`, which `window.convwalk.compute` puts in the example's `model`.
public enum ArchitectureModels {
    /// The resolved model `name`, for a lesson at `file`.
    /// - Throws: `ModelSpecError` when there is no such model or its file is wrong.
    public static func pageJSON(_ name: String, near file: String) throws -> String {
        let spec = try ArchitectureTrace.builtin(name, near: file)
        return ArchitectureCore.json(name: spec.name, input: spec.input, layers: spec.layers)
    }
}
