import ArgumentParser
import Foundation
import NN
import Tensor

/// The options `convwalk bench train` and `convwalk bench latency` share: a model timed in
/// convwalk and in PyTorch (bench/train_torch.py) on the same data, threads and clock.
struct TorchComparison: ParsableArguments {
    @OptionGroup var modelArgument: ModelArgument
    @Option(help: "Cores for both convwalk and PyTorch.")
    var threads = 1
    @OptionGroup var data: DataOption
    @Option(help: "The Python interpreter that has torch.")
    var python = "/usr/bin/python3"
    @Flag(help: "Time with the process's CPU clock instead of the wall clock (both sides): steadier on a busy machine at one thread; with more threads it adds up the cores' time.")
    var cpuClock = false

    func validate() throws {
        try requirePositive(["--threads": threads])
    }

    var clock: TrainingBenchmark.Clock { cpuClock ? .cpu : .wall }

    /// The head of a report, e.g. `lenet5, batch 1, inference, 1 thread, wall-clock time:`.
    func heading(_ name: String, _ what: String) -> String {
        "\(name), \(what), \(threadCount(threads)), \(cpuClock ? "process CPU time" : "wall-clock time"):"
    }

    /// Sets the thread count and loads the model and one split of the data.
    func load(_ split: DataSplit) throws -> (spec: ModelSpec, data: Dataset) {
        Parallelism.threads = threads
        let spec = try modelArgument.spec()
        return (spec, try DataDirectory.load(try data.directory(), split: split))
    }

    /// Runs bench/train_torch.py on `spec` and `images` (an IDX images file; the labels file
    /// beside it) and returns what it printed, or why PyTorch could not be measured (not
    /// importable, script missing, a failure).
    func runTorch(mode: String, spec: ModelSpec, images: String, batch: Int, warmup: Int,
                  seconds: Double) throws -> Result<Data, TorchUnavailable> {
        let labels = images.replacingOccurrences(of: "-images-idx3-ubyte", with: "-labels-idx1-ubyte")
        let request = TorchRequest(mode: mode, threads: threads, batch: batch, warmup: warmup, min_seconds: seconds, clock: clock.rawValue,
                                   input: spec.input, layers: try spec.resolvedLayers(), images: images, labels: labels)
        guard let script = RepositoryPath.find("bench", containing: "train_torch.py").map({ $0 + "/train_torch.py" }) else {
            return .failure(TorchUnavailable(reason: "bench/train_torch.py not found"))
        }
        let arg = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, arg]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return .failure(TorchUnavailable(reason: "cannot run \(python): \(error)")) }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = errText.contains("No module named 'torch'") ? "torch is not importable by \(python)"
                : "train_torch.py failed: \(errText.split(separator: "\n").last ?? "exit \(process.terminationStatus)")"
            return .failure(TorchUnavailable(reason: reason))
        }
        return .success(output)
    }

    struct TorchUnavailable: Error { var reason: String }

    /// train_torch.py's JSON argument.
    private struct TorchRequest: Encodable {
        var mode: String
        var threads: Int, batch: Int, warmup: Int, min_seconds: Double, clock: String
        var input: [Int]
        var layers: [[String: JSONValue]]
        var images: String, labels: String
    }
}
