import ArgumentParser
import Basics
import Foundation
import NN
import Pipeline
import Tensor

/// `convwalk import FILE --model M --out runs/NAME`: weights trained elsewhere become a run.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load weights trained elsewhere (a PyTorch state_dict as safetensors or npz) into a convwalk run.",
        discussion: """
        The tensors must have the names and shapes `convwalk export` writes (conv1.weight, fc1.bias, \
        ...); every missing, extra or misshapen tensor is listed. Writes into --out: checkpoint.cwck \
        (no training history), run.json and model.yaml (the model, renamed after the folder), so \
        `convwalk build --model NAME --runs DIR` shows the run's filters, feature maps and \
        evaluation. When FILE.json has a "training" object (bench/torch_bridge.py writes one), its \
        optimizer, learning_rate, batch, epochs, train_images, seconds and threads describe the run.
        """)

    @Argument(help: "A .safetensors or .npz file of PyTorch-named weights.")
    var file: String
    @Option(help: "The model the weights belong to (built-in name or YAML file).")
    var model: String
    @Option(help: "The run folder to write, runs/NAME; NAME becomes the model's name.")
    var out: String
    @OptionGroup var tests: TestSetOptions
    @Flag(help: "Replace --out when it already holds something (a trained run, say).")
    var force = false

    func validate() throws {
        try requirePositive(["--test-limit": tests.testLimit])
    }

    func run() throws {
        try Console.reportingErrors {
            try importRun()
        }
    }

    private func importRun() throws {
        let name = (out as NSString).lastPathComponent
        if let problem = ModelSpec.nameProblem(name) { throw ImportFailure("--out \(out): the folder's name is the model's name; \(problem)") }
        let lock = try OutputLock(folder: out, command: "convwalk import") { Console.err($0) }
        defer { withExtendedLifetime(lock) {} }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw ImportFailure("--out \(out) is a file; expected a run folder (runs/NAME)") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
            guard contents.isEmpty || force else {
                throw ImportFailure("\(out) already holds \(contents.sorted().joined(separator: ", ")); add --force to replace it, or import into another --out")
            }
        }
        var spec = try BuiltinModels.resolve(model)
        let network = try WeightsFile.network(spec, path: file)
        let test = try tests.load()
        let eval = try Evaluation(network: network, dataset: test)
        let training = try TrainingNote.read(path: file + ".json")
        spec.name = name

        // Written into a fresh folder beside --out, then swapped in: never a new checkpoint
        // beside an old run's metrics.jsonl, never half a run.
        let parent = (out as NSString).deletingLastPathComponent
        let staging = ((parent.isEmpty ? "." : parent) as NSString).appendingPathComponent(".\(name).import-\(getpid())")
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: staging, reason: "cannot create the folder")
        }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try writeRun(into: staging, name: name, spec: spec, network: network, test: test, eval: eval, training: training)
        try AtomicFolder.replace(out, with: staging)
        Console.out(String(format: "imported %@ into %@ as model %@: accuracy %.2f%% on %ld test images (loss %.4f)",
                           file, out, name, 100 * eval.accuracy, test.count, eval.loss))
        let runs = (out as NSString).deletingLastPathComponent
        Console.out("see it with: convwalk build --model \(name) --runs \(runs.isEmpty ? "." : runs)")
    }

    /// checkpoint.cwck, model.yaml and run.json of the imported run, into `dir`.
    private func writeRun(into dir: String, name: String, spec: ModelSpec, network: Network, test: Dataset,
                          eval: Evaluation, training: TrainingNote?) throws {
        try writeModelFile(spec, to: (dir as NSString).appendingPathComponent("model.yaml"))
        let session = TrainingSession(network: try renamed(network, spec), optimizer: Optimizer(kind: .adam), rng: SplitMix64(seed: 1),
                                      batchSize: training?.batch ?? 64, epoch: training?.epochs ?? 0, history: [])
        try Checkpoint.write(session, to: (dir as NSString).appendingPathComponent("checkpoint.cwck"))
        let info = DemoRunInfo(model: name, seed: 1, epochs: training?.epochs ?? 0, trainImages: training?.trainImages ?? 0,
                               testImages: test.count, batch: training?.batch ?? 0, optimizer: training?.optimizer ?? "unknown (imported)",
                               learningRate: training?.learningRate ?? 0, threads: training?.threads ?? 1,
                               seconds: training?.seconds ?? 0, command: "convwalk import \(file) --model \(model) --out \(out)")
        try info.write(toRunFolder: dir)
    }

    /// The same weights in a network whose spec carries the run's name.
    private func renamed(_ network: Network, _ spec: ModelSpec) throws -> Network {
        var copy = try Network(spec: spec, seed: 0)
        copy.parameters = network.parameters
        return copy
    }

    /// The model's YAML with its `name:` line replaced, checked to parse back to `spec`.
    private func writeModelFile(_ spec: ModelSpec, to path: String) throws {
        let source = FileManager.default.fileExists(atPath: model) ? model : "\(BuiltinModels.directory() ?? "models")/\(model).yaml"
        guard let text = FileManager.default.contents(atPath: source).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw ModelSpecError(location: SourceLocation(file: source, line: 0, column: 0), "cannot read the model file")
        }
        var lines = text.components(separatedBy: "\n").filter { !$0.hasPrefix("name:") }
        let firstContent = lines.firstIndex { !$0.hasPrefix("#") } ?? lines.count
        lines.insert("name: \(spec.name)", at: firstContent)
        let yaml = lines.joined(separator: "\n")
        let back = try ModelSpec.parse(yaml: yaml, file: path)
        guard back.sameArchitecture(as: spec), back.name == spec.name else {
            throw ModelSpecError(location: SourceLocation(file: path, line: 0, column: 0), "renaming \(source) changed the model")
        }
        try AtomicFile.write(Data(yaml.utf8), to: path)
    }
}

/// How weights were trained elsewhere: the optional `training` object of a weights file's
/// JSON sidecar (snake_case, as a Python script writes it).
struct TrainingNote: Decodable {
    var optimizer: String?
    var learningRate: Float?
    var batch: Int?
    var epochs: Int?
    var trainImages: Int?
    var seconds: Double?
    var threads: Int?

    /// The note in `path`, or nil when the file or its `training` object is absent.
    static func read(path: String) throws -> TrainingNote? {
        struct Sidecar: Decodable { var training: TrainingNote? }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let note: TrainingNote?
        do { note = try decoder.decode(Sidecar.self, from: data).training } catch {
            throw ImportFailure("\(path): \(ErrorWords.describe(error))")
        }
        if let note, let problem = note.problem { throw ImportFailure("\(path): training.\(problem)") }
        return note
    }

    /// What is out of range, in words, or nil.
    var problem: String? {
        if let batch, !(1...TrainingSession.maxBatchSize).contains(batch) { return "batch must be 1...\(TrainingSession.maxBatchSize), got \(batch)" }
        if let learningRate, !(learningRate.isFinite && learningRate > 0) { return "learning_rate must be a positive number, got \(learningRate)" }
        if let epochs, epochs < 0 { return "epochs must not be negative, got \(epochs)" }
        return nil
    }
}

/// An `import` failure that is already a sentence.
struct ImportFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
