import ArgumentParser
import Foundation
import NN
import Tensor

/// `convwalk bench latency MODEL`: one image through the network (batch 1, inference), convwalk
/// next to PyTorch on the same model in the same run: what the drawing pad and the digit walk wait for.
struct BenchLatency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Batch-1 inference time (median and best of many calls) for convwalk and PyTorch on the same model.",
        discussion: "Use a release build. Both sides run freshly initialised weights in inference mode (no dropout, batch normalisation on running statistics) on the first 100 test images in turn; PyTorch under torch.no_grad() with the same thread count.")

    @Argument(help: "A built-in model or a model YAML file.")
    var model: String
    @Option(help: "Cores for both convwalk and PyTorch.")
    var threads = 1
    @Option(help: "Seconds to time each side for.")
    var seconds: Double = 2
    @Option(help: "Data directory with IDX files (default: the repository's data/).")
    var data: String?
    @Option(help: "The Python interpreter that has torch.")
    var python = "/usr/bin/python3"
    @Flag(help: "Time with the process's CPU clock instead of the wall clock (both sides).")
    var cpuClock = false

    func validate() throws {
        try requirePositive(["--threads": threads])
        guard seconds.isFinite, seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be between 0 and 3600, got \(seconds)") }
    }

    func run() throws {
        try Console.reportingErrors {
            Parallelism.threads = threads
            let spec = try BuiltinModels.resolve(model)
            let dir = try DataDirectory.resolve(data)
            let test = try DataDirectory.load(dir, split: .test).prefix(100)
            let ours = try TrainingBenchmark.latency(spec: spec, data: test, minSeconds: seconds, clock: cpuClock ? .cpu : .wall)
            Console.out("\(spec.name), batch 1, inference, \(threads == 1 ? "1 thread" : "\(threads) threads"), \(cpuClock ? "process CPU time" : "wall-clock time"):")
            Console.out(String(format: "  convwalk  median %7.3f ms   best %7.3f ms   (%d calls)", ours.medianMilliseconds, ours.bestMilliseconds, ours.calls))
            let labels = test.source.replacingOccurrences(of: "-images-idx3-ubyte", with: "-labels-idx1-ubyte")
            let request = BenchTrain.TorchRequest(mode: "latency", threads: threads, batch: 1, warmup: 20, min_seconds: seconds,
                                                  clock: cpuClock ? "cpu" : "wall", input: spec.input, layers: try spec.resolvedLayers(),
                                                  images: test.source, labels: labels)
            switch try BenchTrain.runTorchScript(request, python: python) {
            case let .success(data):
                guard let reply = try? JSONDecoder().decode(TorchLatency.self, from: data) else {
                    Console.out("  pytorch   skipped: train_torch.py printed no result")
                    return
                }
                Console.out(String(format: "  pytorch   median %7.3f ms   best %7.3f ms   (%d calls)", reply.median_ms, reply.best_ms, reply.calls))
                Console.out(String(format: "  PyTorch's median / convwalk's  %.2fx", reply.median_ms / ours.medianMilliseconds))
            case let .failure(why):
                Console.out("  pytorch   skipped: \(why.reason)")
            }
        }
    }

    private struct TorchLatency: Decodable {
        var median_ms: Double, best_ms: Double, calls: Int
    }
}
