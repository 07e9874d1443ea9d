import Foundation
import Render

/// `convwalk bench png`: Cairo's PNG encoder against `PNGEncoder` settings, on the pictures
/// of a built site, timed in the same run (per-thread CPU time, encoders interleaved).
public enum PNGBenchmark {
    /// One encoder's figures over all sampled pictures.
    public struct Row: Sendable {
        /// "cairo" or the settings' description.
        public var encoder: String
        /// Best-of-rounds CPU time per picture, in milliseconds.
        public var msPerImage: Double
        /// Total encoded size.
        public var bytes: Int
        /// Pictures whose decoded pixels differ from Cairo's encoding of the same raster.
        public var differing: Int
    }

    public struct Result: Sendable {
        public var images: Int
        public var megapixels: Double
        /// Cairo's encoder first, then the candidates in the order given.
        public var rows: [Row]
    }

    /// The settings compared by default; the first is the one `Canvas.pngData()` uses.
    public static let candidates: [PNGEncoder.Settings] = [
        .course,
        .libpngDefault,
        .init(filter: .none, level: 1, strategy: .standard),
        .init(filter: .sub, level: 1, strategy: .standard),
        .init(filter: .up, level: 1, strategy: .standard),
        .init(filter: .up, level: 1, strategy: .rle),
        .init(filter: .none, level: 4, strategy: .standard),
        .init(filter: .up, level: 4, strategy: .standard),
        .init(filter: .up, level: 6, strategy: .filtered),
    ]

    /// Times every encoder on up to `limit` PNGs found under `folder` (evenly spaced in path
    /// order), `rounds` times each, keeping each picture's best time.
    /// - Throws: `BuildError` when the folder holds no PNG; `RenderError` when one cannot be read.
    public static func run(folder: String, limit: Int = 40, rounds: Int = 3,
                           candidates: [PNGEncoder.Settings] = candidates) throws -> Result {
        let all = (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".png") }.sorted()
        guard !all.isEmpty else { throw BuildError(step: "bench png", ["\(folder): no PNG files; build the site first"]) }
        let picked = stride(from: 0, to: all.count, by: max(1, all.count / max(1, limit))).prefix(limit).map { all[$0] }
        let canvases = try picked.map { try Canvas(png: Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent($0))) }
        let encoders: [(String, (Canvas) throws -> Data)] = [("cairo", { try $0.cairoPNGData() })]
            + candidates.map { s in (s.description, { try $0.pngData(settings: s) }) }
        var best = Array(repeating: Array(repeating: Double.infinity, count: canvases.count), count: encoders.count)
        var outputs = Array(repeating: [Data](), count: encoders.count)
        for round in 0..<rounds {
            for (i, canvas) in canvases.enumerated() {
                for (e, encoder) in encoders.enumerated() {
                    let start = threadCPUSeconds()
                    let png = try encoder.1(canvas)
                    best[e][i] = min(best[e][i], threadCPUSeconds() - start)
                    if round == 0 { outputs[e].append(png) }
                }
            }
        }
        let reference = try outputs[0].map { try PNGImage(data: $0).argb }
        let rows = try encoders.enumerated().map { e, encoder in
            let differing = try zip(outputs[e], reference).filter { try PNGImage(data: $0.0).argb != $0.1 }.count
            return Row(encoder: encoder.0, msPerImage: best[e].reduce(0, +) * 1000 / Double(canvases.count),
                       bytes: outputs[e].reduce(0) { $0 + $1.count }, differing: differing)
        }
        let pixels = canvases.reduce(0) { $0 + $1.pixelWidth * $1.pixelHeight }
        return Result(images: canvases.count, megapixels: Double(pixels) / 1e6, rows: rows)
    }

    private static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
