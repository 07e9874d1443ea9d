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

    @OptionGroup var sides: TorchComparison
    @Option(help: "Seconds to time each side for.")
    var seconds: Double = 2

    func validate() throws {
        guard seconds.isFinite, seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be between 0 and 3600, got \(seconds)") }
    }

    func run() throws {
        try Console.reportingErrors {
            let (spec, all) = try sides.load(.test)
            let test = all.prefix(100)
            let ours = try TrainingBenchmark.latency(spec: spec, data: test, minSeconds: seconds, clock: sides.clock)
            Console.out(sides.heading(spec.name, "batch 1, inference"))
            Console.out(String(format: "  convwalk  median %7.3f ms   best %7.3f ms   (%d calls)", ours.medianMilliseconds, ours.bestMilliseconds, ours.calls))
            switch try sides.runTorch(mode: "latency", spec: spec, images: test.source, batch: 1, warmup: 20, seconds: seconds) {
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
