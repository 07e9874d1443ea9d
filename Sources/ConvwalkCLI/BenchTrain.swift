import ArgumentParser
import Foundation
import NN
import Tensor

/// `convwalk bench train MODEL`: convwalk's training speed next to PyTorch's on the same model.
struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Steady-state training images/s (batch 64, Adam) for convwalk and PyTorch on the same model.",
        discussion: "Use a release build. PyTorch runs bench/train_torch.py under /usr/bin/python3 with the same thread count; it is skipped with a message when torch cannot be imported.")

    @OptionGroup var sides: TorchComparison
    @Option(help: "Minibatch size.")
    var batch = 64
    @Option(help: "Seconds to time each side for.")
    var seconds: Double = 3
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        try Console.reportingErrors {
            let (spec, train) = try sides.load(.train)
            let ours = try TrainingBenchmark.measure(spec: spec, data: train, batchSize: batch, minSeconds: seconds, clock: sides.clock)
            let ourPeak = Self.peakResidentKB()
            let torch = try torchSpeed(spec: spec, images: train.source)
            report(spec.name, Side(imagesPerSecond: ours.imagesPerSecond, peakKB: ourPeak), torch)
        }
    }

    /// One side's figures: steady-state speed and the process's peak resident memory (both
    /// processes hold the data set and the model; convwalk's figure is taken right after its
    /// timing, before PyTorch starts in its own process).
    struct Side {
        var imagesPerSecond: Double
        var peakKB: Int
    }

    /// The peak resident set of this process so far, in KiB (`getrusage`; Linux reports KiB).
    static func peakResidentKB() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Int(usage.ru_maxrss)
    }

    private func report(_ name: String, _ ours: Side, _ torch: Result<Side, TorchComparison.TorchUnavailable>) {
        let theirs = try? torch.get()
        if json {
            var o: [String: String] = ["model": "\"\(name)\"", "threads": "\(sides.threads)", "batch": "\(batch)",
                                       "clock": "\"\(sides.clock.rawValue)\"",
                                       "convwalk_images_per_second": String(format: "%.1f", ours.imagesPerSecond),
                                       "convwalk_peak_rss_mb": String(format: "%.1f", Double(ours.peakKB) / 1024)]
            if let theirs {
                o["torch_images_per_second"] = String(format: "%.1f", theirs.imagesPerSecond)
                o["torch_peak_rss_mb"] = String(format: "%.1f", Double(theirs.peakKB) / 1024)
                o["ratio"] = String(format: "%.3f", ours.imagesPerSecond / theirs.imagesPerSecond)
            }
            Console.out("{" + o.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}")
            return
        }
        Console.out(sides.heading(name, "batch \(batch), Adam"))
        Console.out(String(format: "  convwalk  %8.0f images/s   peak memory %6.1f MB", ours.imagesPerSecond, Double(ours.peakKB) / 1024))
        switch torch {
        case let .success(t):
            Console.out(String(format: "  pytorch   %8.0f images/s   peak memory %6.1f MB", t.imagesPerSecond, Double(t.peakKB) / 1024))
            Console.out(String(format: "  ratio     %8.2fx            memory %.2fx", ours.imagesPerSecond / t.imagesPerSecond,
                               Double(ours.peakKB) / Double(max(t.peakKB, 1))))
        case let .failure(why):
            Console.out("  pytorch   skipped: \(why.reason)")
        }
    }

    private func torchSpeed(spec: ModelSpec, images: String) throws -> Result<Side, TorchComparison.TorchUnavailable> {
        try sides.runTorch(mode: "train", spec: spec, images: images, batch: batch, warmup: 5, seconds: seconds).flatMap { data in
            guard let reply = try? JSONDecoder().decode(TorchReply.self, from: data) else {
                return .failure(.init(reason: "train_torch.py printed no result"))
            }
            return .success(Side(imagesPerSecond: reply.images_per_second, peakKB: reply.peak_rss_kb ?? 0))
        }
    }

    private struct TorchReply: Decodable {
        var images_per_second: Double
        var peak_rss_kb: Int?
    }
}
