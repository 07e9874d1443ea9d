import Foundation
import NN
import Render
import Site
import Tensor
import Words

/// What the comparison step is told: two models trained with one recipe on one data set
/// (by default resnet-mini against its plain twin on Fashion-MNIST).
public struct ComparisonOptions: Sendable {
    /// The two models, as built-in names or model files.
    public var models: [String]
    /// The data set (a folder or a known name such as `fashion-mnist`).
    public var data: String
    /// Runs are kept apart from the demos' (they use other data): `<runs>/compare-<data>/<model>`.
    public var runs: String
    /// The training budget when a run is missing (nil: 4 epochs on 20,000 images).
    public var epochs: Int?
    public var limit: Int?
    /// Evaluate on the first this many test images (nil: all).
    public var testLimit: Int?
    public var retrain: Bool

    public init(models: [String] = ["resnet-mini", "plain-mini"], data: String = "fashion-mnist", runs: String = "runs",
                epochs: Int? = nil, limit: Int? = nil, testLimit: Int? = nil, retrain: Bool = false) {
        (self.models, self.data, self.runs, self.epochs, self.limit, self.testLimit, self.retrain) =
            (models, data, runs, epochs, limit, testLimit, retrain)
    }

    /// The budget of a comparison run: enough for the curves to separate, about two minutes per
    /// model on 2 cores (the full 8-epoch recipe and its figures are in the README).
    static let defaultEpochs = 4, defaultLimit = 20_000

    var demoOptions: DemoOptions {
        let folder = data.split(separator: "/").last.map(String.init) ?? "data"
        return DemoOptions(runs: (runs as NSString).appendingPathComponent("compare-\(folder)"), models: models,
                           epochs: epochs ?? Self.defaultEpochs, limit: limit ?? Self.defaultLimit, testLimit: testLimit,
                           data: data, retrain: retrain)
    }
}

/// Two networks trained the same way, side by side: their accuracy and loss per epoch, and the
/// size of each convolution's gradient before any update — the measured reason skip
/// connections help a deep network learn. One page per language.
struct ComparisonPage: Sendable {
    struct Side: Sendable {
        var run: DemoRun
        var evaluation: Evaluation
        /// The root-mean-square gradient of each main-path convolution's weights, first to last,
        /// for one batch through the freshly initialised network.
        var startGradients: [Double]
    }

    let sides: [Side]
    let data: String
    let testCount: Int
    let lang: String

    static let version = "compare-2"
    /// Images in the batch whose gradients are measured at the start.
    static let gradientBatch = 64
    /// Narrow enough to be drawn at full size on a 390 px phone, so the axis text stays ≥ 11 px.
    static let chartSize = Size(360, 260)

    static func build(_ o: ComparisonOptions, languages: [String], previous: SiteManifest?, log: (String) -> Void) throws
        -> (pages: [SitePage], images: RenderedFiles) {
        guard o.models.count == 2 else { throw BuildError(step: "compare", ["--compare needs two models separated by a comma, got \(o.models.count)"]) }
        let demo = o.demoOptions
        let dataDir = try DataDirectory.resolve(o.data)
        let test = try DataDirectory.load(dataDir, split: .test).prefix(o.testLimit)
        let batch = try DataDirectory.load(dataDir, split: .train).prefix(gradientBatch)
        let sides = try o.models.map { model -> Side in
            let run = try DemoRun.loadOrTrain(model, demo, test: test, log: log)
            let evaluation = try Evaluation(network: run.session.network, dataset: test)
            log(String(format: "compare: %@: test accuracy %.2f%% on %d images", run.spec.name, 100 * evaluation.accuracy, test.count))
            return Side(run: run, evaluation: evaluation, startGradients: try startGradients(run.initial, batch: batch, seed: run.info.seed))
        }
        let pages = languages.map { ComparisonPage(sides: sides, data: o.data, testCount: test.count, lang: $0) }
        let jobs = pages.map { page in
            let folder = page.folder
            let key = SiteManifest.contentHash(Data("\(version)|\(ExampleFigures.rendererVersion)|\(sides.map(\.run.checkpointHash))|\(test.count)|\(page.lang)".utf8))
            return ImageJob(folder: folder, key: key, origin: "comparison (\(page.lang))") {
                Dictionary(uniqueKeysWithValues: try page.images().map { ("\(folder)/\($0.key)", $0.value) })
            }
        }
        let images = try ImageCache.run(jobs, previous: previous)
        return (pages.map { $0.page(sizes: images.sizes) }, images)
    }

    /// RMS of each main-path convolution's weight gradient (shortcut projections left out, so
    /// both networks have the same list), for one training batch through `network` as initialised.
    static func startGradients(_ network: Network, batch: Dataset, seed: UInt64) throws -> [Double] {
        var rng = SplitMix64(seed: seed)
        let g = try network.lossAndGradients(batch.images, labels: batch.labels, rng: &rng).gradients
        return zip(network.parameterNames, g).filter { name, t in t.rank == 4 && name.hasSuffix(".w") && !name.hasSuffix(".proj.w") }
            .map { _, t in (t.data.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(t.count, 1))).squareRoot() }
    }

    var folder: String { "figures/compare/\(lang)" }
    var slug: String { "compare-\(sides.map(\.run.spec.name).joined(separator: "-"))" }
    var names: [String] { sides.map(\.run.spec.name) }

    func t(_ key: Message, _ values: [String: String] = [:]) -> String {
        Language(code: lang).fill(key, values.merging(["a": names[0], "b": names[1]]) { a, _ in a })
    }

    func images() throws -> [String: RenderedImage] {
        var images: [String: RenderedImage] = [:]
        let labels = FigureLabels.forLanguage(lang)
        func perEpoch(_ value: (EpochMetrics) -> Float) -> [LineSeries] {
            sides.map { s in LineSeries(name: s.run.spec.name, x: s.run.session.history.map { Double($0.epoch) },
                                        y: s.run.session.history.map { Double(value($0)) }) }
        }
        if sides.allSatisfy({ !$0.run.session.history.isEmpty }) {
            var accuracy = LineChart(xLabel: t(.demoEpoch), yLabel: t(.compareTestAccuracy), series: perEpoch(\.testAccuracy),
                                     size: Self.chartSize, integerXTicks: true)
            accuracy.labels = labels
            images["accuracy.png"] = try accuracy.render()
            var loss = LineChart(xLabel: t(.demoEpoch), yLabel: t(.compareTrainLoss), series: perEpoch(\.trainLoss),
                                 size: Self.chartSize, integerXTicks: true)
            loss.labels = labels
            images["loss.png"] = try loss.render()
        }
        let gradients = sides.map { s in
            LineSeries(name: s.run.spec.name, x: s.startGradients.indices.map { Double($0 + 1) }, y: s.startGradients.map { log10(max($0, 1e-30)) })
        }
        var chart = LineChart(xLabel: t(.compareConvAxis), yLabel: t(.compareGradientAxis), series: gradients, size: Self.chartSize,
                              integerXTicks: true, showsMarkers: true)
        chart.labels = labels
        images["gradients.png"] = try chart.render()
        return images
    }

    func page(sizes: [String: RenderedSize]) -> SitePage {
        let g = Language.grouped
        let a = sides[0], b = sides[1]
        var blocks: [SiteBlock] = []
        func figure(_ name: String, caption: String) {
            let path = "\(folder)/\(name)"
            guard let s = sizes[path] else { return }
            blocks.append(.figure(Figure(image: path, size: s, caption: caption)))
        }
        blocks.append(.markdown(t(.compareIntro, [
            "data": data, "train": g(a.run.info.trainImages), "test": g(testCount), "epochs": "\(a.run.session.epoch)",
            "optimizer": OptimizerKind(rawValue: a.run.info.optimizer)?.displayName ?? a.run.info.optimizer, "batch": "\(a.run.info.batch)", "seed": "\(a.run.info.seed)",
        ])))
        var table = "| | \(t(.tableParameters)) | \(t(.compareTestAccuracy)) | \(t(.compareSeconds)) |\n|---|---:|---:|---:|\n"
        for s in sides {
            table += "| \(s.run.spec.name) | \(g(s.run.session.network.parameterCount)) | \(String(format: "%.2f%%", 100 * s.evaluation.accuracy)) | \(String(format: "%.0f", s.run.info.seconds)) |\n"
        }
        blocks.append(.markdown(table))
        blocks.append(.markdown("## \(t(.compareCurves))"))
        figure("accuracy.png", caption: t(.compareAccuracyCaption))
        figure("loss.png", caption: t(.compareLossCaption))
        blocks.append(.markdown("## \(t(.compareGradients))"))
        let ratioFirst = a.startGradients.first.flatMap { x in b.startGradients.first.map { x / max($0, 1e-30) } } ?? 0
        blocks.append(.markdown(t(.compareGradientsText, ["n": "\(Self.gradientBatch)", "ratio": String(format: "%.1f", ratioFirst)])))
        figure("gradients.png", caption: t(.compareGradientsCaption))
        var rows = "| # | \(a.run.spec.name) | \(b.run.spec.name) |\n|---:|---:|---:|\n"
        for i in 0..<max(a.startGradients.count, b.startGradients.count) {
            let cell = { (s: Side) in s.startGradients.indices.contains(i) ? String(format: "%.2e", s.startGradients[i]) : "" }
            rows += "| \(i + 1) | \(cell(a)) | \(cell(b)) |\n"
        }
        blocks.append(.markdown(rows))
        blocks.append(.markdown("\(t(.demoReproduce))\n\n```\n\(sides.map(\.run.info.command).joined(separator: "\n"))\n```"))
        return SitePage(slug: slug, lang: lang, title: t(.compareTitle), order: 90, summary: t(.compareSummary), kind: .demo,
                        blocks: blocks, keywords: names + ["residual", "resnet", "gradient"])
    }
}
