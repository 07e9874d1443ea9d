import Basics
import Foundation

/// A model as data: a name, an input shape [C, H, W] and a list of layers.
///
/// Load one with `ModelSpec.load(path:)` or `ModelSpec.parse(yaml:file:)`, look at it with
/// `layerTable()`, and build trainable weights from it with `Network(spec:seed:)`.
/// The file format is documented in `Sources/NN/README.md`.
public struct ModelSpec: Equatable, Codable, Sendable {
    /// The model's name, e.g. `lenet5`.
    public var name: String
    /// The shape of one input image, [channels, height, width].
    public var input: [Int]
    /// The layers, first to last.
    public var layers: [LayerSpec]
    /// Where each layer was written (nil for specs built in code).
    public var locations: [SourceLocation?]

    /// Creates a spec in code. `locations` default to unknown.
    public init(name: String, input: [Int], layers: [LayerSpec], locations: [SourceLocation?]? = nil) {
        self.name = name
        self.input = input
        self.layers = layers
        self.locations = locations ?? Array(repeating: nil, count: layers.count)
    }

    /// Reads and parses a model file.
    /// - Throws: `ModelSpecError` naming the file (and line, for YAML problems).
    public static func load(path: String) throws -> ModelSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelSpecError(location: SourceLocation(file: path, line: 1, column: 1), "cannot read the model file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelSpecError(location: SourceLocation(file: path, line: 1, column: 1), "the model file is not UTF-8 text")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses a model from YAML text; `file` names it in messages.
    /// - Throws: `ModelSpecError` with file:line:column.
    public static func parse(yaml: String, file: String = "<model>") throws -> ModelSpec {
        try ModelSpecParser(file: file).parse(yaml)
    }

    /// Whether two specs describe the same computation (names and source lines aside).
    public func sameArchitecture(as other: ModelSpec) -> Bool {
        input == other.input && layers == other.layers
    }

    /// Equality ignores where the layers were written.
    public static func == (a: ModelSpec, b: ModelSpec) -> Bool {
        a.name == b.name && a.input == b.input && a.layers == b.layers
    }
}

/// The models that ship in the repository's `models/` folder.
public enum BuiltinModels {
    /// Names of the built-in models, in the order `convwalk models` lists them.
    public static let names = ["lenet5", "simpleconvnet", "cnn3", "alexnet-mini", "resnet-mini", "plain-mini"]

    /// How prose names a model: "LeNet-5" for `lenet5` (the paper's spelling); any other
    /// name as it is written.
    public static func displayName(_ name: String) -> String { name == "lenet5" ? "LeNet-5" : name }

    /// The `models/` directory, found from the current directory upwards, else from the
    /// running executable's folder upwards (`.build/release/convwalk` in a checkout).
    public static func directory() -> String? {
        RepositoryPath.find("models", containing: "lenet5.yaml")
    }

    /// Resolves a MODEL argument: a built-in name or a path to a YAML file.
    /// - Throws: `ModelSpecError` when neither exists.
    public static func resolve(_ nameOrPath: String) throws -> ModelSpec {
        if FileManager.default.fileExists(atPath: nameOrPath) {
            return try ModelSpec.load(path: nameOrPath)
        }
        guard let dir = directory() else {
            throw ModelSpecError("no model file \(nameOrPath), and the built-in models' folder (models/ with lenet5.yaml) is not in \(FileManager.default.currentDirectoryPath) or above it, nor beside the convwalk executable: run convwalk inside its checkout or give a model file's path")
        }
        if FileManager.default.fileExists(atPath: "\(dir)/\(nameOrPath).yaml") {
            return try ModelSpec.load(path: "\(dir)/\(nameOrPath).yaml")
        }
        throw ModelSpecError("no model file \(nameOrPath) and no built-in model of that name (built-ins: \(names.joined(separator: ", ")))")
    }
}
