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

    @Argument(help: "A built-in model or a model YAML file.")
    var model: String
    @Option(help: "Cores for both convwalk and PyTorch.")
    var threads = 1
    @Option(help: "Minibatch size.")
    var batch = 64
    @Option(help: "Seconds to time each side for.")
    var seconds: Double = 3
    @Option(help: "Data directory with IDX files (default: the repository's data/).")
    var data: String?
    @Option(help: "The Python interpreter that has torch.")
    var python = "/usr/bin/python3"
    @Flag(help: "Time with the process's CPU clock instead of the wall clock (both sides): steadier on a busy machine at one thread; with more threads it adds up the cores' time.")
    var cpuClock = false
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        do {
            Parallelism.threads = threads
            let spec = try BuiltinModels.resolve(model)
            let dir = try DataDirectory.resolve(data)
            let train = try DataDirectory.load(dir, split: .train)
            let ours = try TrainingBenchmark.measure(spec: spec, data: train, batchSize: batch, minSeconds: seconds,
                                                    clock: cpuClock ? .cpu : .wall)
            let ourPeak = Self.peakResidentKB()
            let torch = try torchSpeed(spec: spec, dataDir: dir, source: train.source)
            report(spec.name, Side(imagesPerSecond: ours.imagesPerSecond, peakKB: ourPeak), torch)
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.err("error: " + ErrorWords.describe(error))
            throw ExitCode.failure
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

    private func report(_ name: String, _ ours: Side, _ torch: Result<Side, TorchUnavailable>) {
        let theirs = try? torch.get()
        if json {
            var o: [String: String] = ["model": "\"\(name)\"", "threads": "\(threads)", "batch": "\(batch)",
                                       "clock": cpuClock ? "\"cpu\"" : "\"wall\"",
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
        Console.out("\(name), batch \(batch), Adam, \(threads == 1 ? "1 thread" : "\(threads) threads"), \(cpuClock ? "process CPU time" : "wall-clock time"):")
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

    struct TorchUnavailable: Error { var reason: String }

    private func torchSpeed(spec: ModelSpec, dataDir: String, source: String) throws -> Result<Side, TorchUnavailable> {
        let labels = source.replacingOccurrences(of: "-images-idx3-ubyte", with: "-labels-idx1-ubyte")
        let request = TorchRequest(threads: threads, batch: batch, warmup: 5, min_seconds: seconds, clock: cpuClock ? "cpu" : "wall", input: spec.input,
                                   layers: try spec.resolvedLayers(), images: source, labels: labels)
        return try Self.runTorchScript(request, python: python).flatMap { data in
            guard let reply = try? JSONDecoder().decode(TorchReply.self, from: data) else {
                return .failure(TorchUnavailable(reason: "train_torch.py printed no result"))
            }
            return .success(Side(imagesPerSecond: reply.images_per_second, peakKB: reply.peak_rss_kb ?? 0))
        }
    }

    /// Runs bench/train_torch.py with `request` as its JSON argument and returns what it printed,
    /// or why PyTorch could not be measured (not importable, script missing, a failure).
    static func runTorchScript(_ request: some Encodable, python: String) throws -> Result<Data, TorchUnavailable> {
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
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = errText.contains("No module named 'torch'") ? "torch is not importable by \(python)"
                : "train_torch.py failed: \(errText.split(separator: "\n").last ?? "exit \(process.terminationStatus)")"
            return .failure(TorchUnavailable(reason: reason))
        }
        return .success(data)
    }

    struct TorchRequest: Encodable {
        var mode = "train"
        var threads: Int, batch: Int, warmup: Int, min_seconds: Double, clock: String
        var input: [Int]
        var layers: [[String: JSONValue]]
        var images: String, labels: String
    }

    private struct TorchReply: Decodable {
        var images_per_second: Double
        var peak_rss_kb: Int?
    }
}
