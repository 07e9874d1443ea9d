import ArgumentParser
import Foundation
import Tensor

/// `convwalk bench kernels`: the convolution kernels' speed on LeNet-5 and AlexNet shapes,
/// as ratios against references timed in the same run: the naive oracle (a closure call per
/// tap), the same seven loops compiled plainly over raw pointers (`Conv2D.loopsForward`, what
/// a straightforward C loop costs: the honest baseline for the im2col speed-up), im2col + GEMM
/// (the direct kernels switched off), a large square sgemm (the machine's practical peak) and,
/// when available, PyTorch. "fast" is what training uses: the direct kernels where they apply.
struct BenchKernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Time conv2d forward/backward (naive, plain loops, im2col+GEMM, the direct kernels, PyTorch) on LeNet-5 and AlexNet shapes."
    )

    @Option(help: "Comma-separated thread counts to measure.")
    var threads: String = "1,2"

    @Option(help: "Batch size.")
    var batch: Int = 64

    @Option(help: "Seconds to spend timing each measurement (best of the runs is reported).")
    var seconds: Double = 0.5

    @Flag(help: "Skip the PyTorch comparison.")
    var noTorch = false

    @Flag(help: "Time with the process's CPU clock instead of the wall clock: steadier on a busy machine at one thread; with more threads it adds up the cores' time.")
    var cpuClock = false

    @Option(help: "Only the shapes whose name contains this text (e.g. conv2).")
    var only: String?

    @Flag(help: "Skip the naive oracle (it takes most of the run on big shapes); the plain compiled loops still run.")
    var noNaive = false

    struct Shape {
        var name: String
        var x: [Int], w: [Int]
        var o: Conv2DOptions
        /// Images the naive oracle runs on (scaled to the batch; the plain loops take twice as
        /// many), so that big shapes stay quick.
        var naiveImages: Int
    }

    func run() throws {
        let counts = threads.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }), batch >= 1 else {
            throw ValidationError("--threads needs positive integers like 1,2 and --batch a positive size")
        }
        let shapes = [
            Shape(name: "lenet conv1 1->6 5x5 p2 28x28", x: [batch, 1, 28, 28], w: [6, 1, 5, 5], o: Conv2DOptions(padding: 2), naiveImages: 8),
            Shape(name: "lenet conv2 6->16 5x5 14x14", x: [batch, 6, 14, 14], w: [16, 6, 5, 5], o: Conv2DOptions(), naiveImages: 4),
            Shape(name: "alexnet 64->128 3x3 p1 13x13", x: [batch, 64, 13, 13], w: [128, 64, 3, 3], o: Conv2DOptions(padding: 1), naiveImages: 1),
        ].filter { only == nil || $0.name.contains(only!) }
        Console.out("CPU: \(cpuName()), \(ProcessInfo.processInfo.activeProcessorCount) cores; batch \(batch); best of ≥ \(seconds) s per figure, \(cpuClock ? "process CPU time" : "wall-clock time")")
        var rng = SplitMix64(seed: 1)
        let inputs = shapes.map { s in (randomTensor(s.x, &rng), randomTensor(s.w, &rng), randomTensor([s.w[0]], &rng)) }
        let naive = try zip(shapes, inputs).map { s, t in noNaive ? (forward: Double.nan, backward: Double.nan) : try naiveTimes(s, t.0, t.1) }
        let loops = try zip(shapes, inputs).map { s, t in try naiveTimes(s, t.0, t.1, plainLoops: true) }
        for t in counts {
            Parallelism.threads = t
            let torch = noTorch ? nil : torchTimes(shapes, threads: t)
            // Everything of one thread count is timed round-robin, so that load from other
            // processes hits the peak and the kernels alike.
            var jobs: [() throws -> Void] = [sgemmPeakJob(threads: t)]
            var flops: [Double] = []
            for (i, s) in shapes.enumerated() {
                let (x, w, b) = inputs[i]
                let y = try Conv2D.forward(x, w, bias: b, s.o)
                let dy = randomTensor(y.shape, &rng)
                jobs.append { _ = try Conv2D.forward(x, w, bias: b, s.o) }
                jobs.append { _ = try Conv2D.backward(x: x, w: w, dy: dy, s.o) }
                // The same calls with the direct kernels off: im2col + GEMM.
                jobs.append {
                    Conv2D.directKernels = false
                    defer { Conv2D.directKernels = true }
                    _ = try Conv2D.forward(x, w, bias: b, s.o)
                }
                jobs.append {
                    Conv2D.directKernels = false
                    defer { Conv2D.directKernels = true }
                    _ = try Conv2D.backward(x: x, w: w, dy: dy, s.o)
                }
                flops.append(2.0 * Double(y.count) * Double(s.w[1] * s.w[2] * s.w[3]))
            }
            let times = try bestInterleaved(jobs)
            let peak = 2 * 512.0 * 512 * 512 / (times[0] / 1000) / 1e9
            Console.out("")
            Console.out("threads \(t): sgemm 512³ peak \(fmt(peak)) GFLOP/s\(torch.map { " · PyTorch \($0.version)" } ?? " · PyTorch not measured")")
            Console.out(row(["shape", "pass", "naive ms", "loops ms", "im2col ms", "fast ms", "naive/fast", "loops/im2col", "loops/fast",
                             "GFLOP/s", "% peak", "torch ms", "torch/fast"]))
            for (i, s) in shapes.enumerated() {
                for (pass, fast, im2col, naiveMs, loopsMs, work, ref) in [
                    ("forward", times[1 + 4 * i], times[3 + 4 * i], naive[i].forward, loops[i].forward, flops[i], torch?.results[s.name]?.forward),
                    ("backward", times[2 + 4 * i], times[4 + 4 * i], naive[i].backward, loops[i].backward, 2 * flops[i],
                     torch?.results[s.name]?.backward),
                ] {
                    let gflops = work / (fast / 1000) / 1e9
                    let skipped = naiveMs.isNaN
                    Console.out(row([s.name, pass, skipped ? "-" : fmt(naiveMs), fmt(loopsMs), fmt(im2col), fmt(fast),
                                     skipped ? "-" : fmt(naiveMs / fast) + "x", fmt(loopsMs / im2col) + "x", fmt(loopsMs / fast) + "x", fmt(gflops),
                                     fmt(100 * gflops / peak) + "%", ref.map(fmt) ?? "-", ref.map { fmt($0 / fast) + "x" } ?? "-"]))
                }
            }
        }
    }

    /// The best time in milliseconds of each job, running them in turn for at least
    /// `seconds` per job and at least five rounds.
    func bestInterleaved(_ jobs: [() throws -> Void]) throws -> [Double] {
        for job in jobs { try job() }
        var bestTimes = [Double](repeating: .infinity, count: jobs.count)
        var spent = 0.0, rounds = 0
        while rounds < 5 || spent < seconds * Double(jobs.count) {
            for (i, job) in jobs.enumerated() {
                let start = now()
                try job()
                let ms = Double(now() - start) / 1e6
                bestTimes[i] = min(bestTimes[i], ms)
                spent += ms / 1000
            }
            rounds += 1
        }
        return bestTimes
    }

    /// The naive oracle's time for the whole batch, measured on `naiveImages` images and
    /// scaled; with `plainLoops`, the plain compiled loops' time (on twice as many images).
    /// Both are single-threaded whatever the thread count.
    func naiveTimes(_ s: Shape, _ x: Tensor, _ w: Tensor, plainLoops: Bool = false) throws -> (forward: Double, backward: Double) {
        let n = min(s.naiveImages * (plainLoops ? 2 : 1), batch)
        var shape = s.x
        shape[0] = n
        let xs = try Tensor(shape: shape, data: Array(x.data[0..<(n * s.x[1] * s.x[2] * s.x[3])]))
        let y = try Conv2D.naiveForward(xs, w, s.o)
        let scale = Double(batch) / Double(n)
        if plainLoops {
            let fwd = try best(minimum: 1) { _ = try Conv2D.loopsForward(xs, w, s.o) }
            let bwd = try best(minimum: 1) { _ = try Conv2D.loopsBackward(x: xs, w: w, dy: y, s.o) }
            return (fwd * scale, bwd * scale)
        }
        let fwd = try best(minimum: 1) { _ = try Conv2D.naiveForward(xs, w, s.o) }
        let bwd = try best(minimum: 1) { _ = try Conv2D.naiveBackward(x: xs, w: w, dy: y, s.o) }
        return (fwd * scale, bwd * scale)
    }

    /// The best time in milliseconds of repeated runs lasting at least `seconds` in total.
    func best(minimum runs: Int = 3, _ body: () throws -> Void) throws -> Double {
        try body()
        var bestTime = Double.infinity, spent = 0.0, done = 0
        while done < runs || spent < seconds {
            let start = now()
            try body()
            let dt = Double(now() - start) / 1e6
            bestTime = min(bestTime, dt)
            spent += dt / 1000
            done += 1
            if done >= runs && spent >= seconds { break }
            if runs == 1 && spent >= seconds / 4 { break }
        }
        return bestTime
    }

    /// Nanoseconds on the clock the run measures with (`--cpu-clock` or the wall clock).
    func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(cpuClock ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// A 512×512×512 sgemm with `threads` BLAS threads, the practical peak: large enough for
    /// OpenBLAS's best kernels, short enough (a few ms) to fit between other processes' time
    /// slices on a shared machine.
    func sgemmPeakJob(threads: Int) -> () throws -> Void {
        let n = 512
        var rng = SplitMix64(seed: 9)
        let a = randomTensor([n, n], &rng), b = randomTensor([n, n], &rng)
        return {
            var c = [Float](repeating: 0, count: n * n)
            BLAS.threads = threads
            defer { BLAS.threads = 1 }
            a.data.withUnsafeBufferPointer { ap in
                b.data.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        BLAS.sgemm(m: n, n: n, k: n, a: ap.baseAddress!, lda: n, b: bp.baseAddress!, ldb: n, c: cp.baseAddress!, ldc: n)
                    }
                }
            }
        }
    }

    struct TorchTimes {
        var version: String
        var results: [String: (forward: Double, backward: Double)]
    }

    /// Runs bench/torch_conv_bench.py under /usr/bin/python3; nil when torch is unavailable.
    func torchTimes(_ shapes: [Shape], threads: Int) -> TorchTimes? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../bench/torch_conv_bench.py").standardized
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path),
              FileManager.default.fileExists(atPath: script.path) else { return nil }
        let spec: [String: Any] = [
            "threads": threads, "min_seconds": seconds, "clock": cpuClock ? "cpu" : "wall",
            "shapes": shapes.map { s in
                ["name": s.name, "x": s.x, "w": s.w, "stride": [s.o.strideH, s.o.strideW], "padding": [s.o.padH, s.o.padW]] as [String: Any]
            },
        ]
        guard let specData = try? JSONSerialization.data(withJSONObject: spec),
              let specText = String(data: specData, encoding: .utf8) else { return nil }
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path, specText]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let version = json["torch"] as? String,
              let results = json["results"] as? [[String: Any]] else { return nil }
        var times: [String: (Double, Double)] = [:]
        for r in results {
            if let name = r["name"] as? String, let f = r["forward_ms"] as? Double, let b = r["backward_ms"] as? Double {
                times[name] = (f, b)
            }
        }
        return TorchTimes(version: version, results: times)
    }

    func cpuName() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let colon = line.firstIndex(of: ":") else { return "unknown CPU" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    func randomTensor(_ shape: [Int], _ rng: inout SplitMix64) -> Tensor {
        var t = Tensor(shape: shape)
        for i in t.data.indices { t.data[i] = rng.nextFloat() * 2 - 1 }
        return t
    }

    func fmt(_ v: Double) -> String {
        v >= 100 ? String(format: "%.0f", v) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2f", v)
    }

    func row(_ cells: [String]) -> String {
        let widths = [30, 9, 9, 9, 10, 8, 10, 13, 11, 8, 7, 9, 10]
        return zip(cells, widths).map { c, w in
            c.count >= w ? c : (c == cells[0] ? c + String(repeating: " ", count: w - c.count) : String(repeating: " ", count: w - c.count) + c)
        }.joined(separator: " ")
    }
}
