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

/// Two networks trained the same way, side by side: their accuracy and loss per epoch, the
/// size of each convolution's gradient before any update — the measured reason skip
/// connections help a deep network learn —, and, as on the demo pages, a drawing pad per
/// network (`DigitPad`, its network in `figures/compare/<model>/network.js`), their first
/// filters before and after training, and a walk of one image through each (`DigitWalk`).
/// One page per language.
struct ComparisonPage: Sendable {
    struct Side: Sendable {
        var run: DemoRun
        var evaluation: Evaluation
        /// The root-mean-square gradient of each main-path convolution's weights, first to last,
        /// for one batch through the freshly initialised network.
        var startGradients: [Double]
        /// The drawing pad, when every layer has a page kernel.
        var pad: DigitPad?
        /// For each top-level layer, the index of its output among the page network's.
        var tops: [Int]
    }

    let sides: [Side]
    let data: String
    let test: Dataset
    let lang: String
    var testCount: Int { test.count }

    static let version = "compare-5"
    /// Mistakes per network offered in its walk.
    static let walkMistakes = 6
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
            let folder = "figures/compare/\(run.spec.name)"
            let pad = DigitPad.make(network: run.session.network, evaluation: evaluation, model: run.spec.name, folder: folder)
            let tops = PageNetworkAsset.layers(run.session.network).tops
            if pad == nil { log("compare: \(run.spec.name): no drawing pad (\(PageNetworkAsset.core(run.session.network).reason ?? "?"))") }
            return Side(run: run, evaluation: evaluation, startGradients: try startGradients(run.initial, batch: batch, seed: run.info.seed),
                        pad: pad, tops: tops)
        }
        let pages = languages.map { ComparisonPage(sides: sides, data: o.data, test: test, lang: $0) }
        let jobs = pages.map { page in
            let folder = page.folder
            let key = SiteManifest.contentHash(Data("\(version)|\(ExampleFigures.rendererVersion)|\(sides.map(\.run.checkpointHash))|\(test.count)|\(page.lang)".utf8))
            return ImageJob(folder: folder, key: key, origin: "comparison (\(page.lang))") {
                Dictionary(uniqueKeysWithValues: try page.images().map { ("\(folder)/\($0.key)", $0.value) })
            }
        }
        var images = try ImageCache.run(jobs, previous: previous)
        for side in sides { if let pad = side.pad { images.files[pad.networkPath] = .bytes(Data(pad.script.utf8)) } }
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
        for s in sides {
            guard let (before, after) = firstFilters(s) else { continue }
            let scale = ValueScale(fitting: before.data + after.data, symmetric: true)
            let name = s.run.spec.name
            // Four filters a row, small enough for half the page (or a phone) without scrolling.
            func grid(_ t: Tensor, _ title: String, _ range: ValueScale?) throws -> RenderedImage {
                try FeatureMapGrid(tensor: t, title: title, colorMap: .diverging, mapSize: 52, columns: 4, words: labels, range: range).render()
            }
            images["\(name)-filters-before.png"] = try grid(before, t(.demoBefore), scale)
            images["\(name)-filters-after.png"] = try grid(after, t(.demoAfter), scale)
            let change = try Tensor(shape: after.shape, data: zip(after.data, before.data).map { $0 - $1 })
            images["\(name)-filters-change.png"] = try grid(change, t(.demoChange), nil)
        }
        for s in sides { images.merge(try walkImages(s, labels: labels)) { a, _ in a } }
        return images
    }

    /// The test image the PNG walk follows (the first of the test set).
    static let fallbackImage = 0

    /// A side's walk of the first test image as pictures, `<model>-walk-step-<k>.png`: the input,
    /// each shown layer's maps, the softmax. The page's walk without JavaScript.
    func walkImages(_ s: Side, labels: FigureLabels) throws -> [String: RenderedImage] {
        let name = s.run.spec.name, network = s.run.session.network
        let per = test.images.count / max(test.count, 1), i = Self.fallbackImage
        let x = try Tensor(shape: [1] + test.imageShape, data: Array(test.images.data[(i * per)..<((i + 1) * per)]))
        let shown = try Tensor(shape: Array(test.imageShape.suffix(2)), data: pixels(i))
        let walk = try DigitWalk.pictures(network, x, shown: shown, layers: walkLayers(s), words: labels)
        return Dictionary(uniqueKeysWithValues: walk.enumerated().map { k, picture in ("\(name)-walk-step-\(k + 1).png", picture) })
    }

    /// The walk of the first test image as a player of `walkImages`' pictures; the in-page walk
    /// (`DigitWalk`, whose `fallback` names this player) hides it when it runs.
    func walkPlayer(_ s: Side, sizes: [String: RenderedSize]) -> Player? {
        let name = s.run.spec.name, i = Self.fallbackImage
        let layers = walkLayers(s)
        guard test.count > i, (1...(layers.count + 2)).allSatisfy({ sizes["\(folder)/\(name)-walk-step-\($0).png"] != nil }) else { return nil }
        var steps: [PlayerStep] = []
        func step(_ k: Int, _ caption: String) {
            let path = "\(folder)/\(name)-walk-step-\(k).png"
            steps.append(PlayerStep(image: path, caption: caption, alt: sizes[path]?.alt ?? caption,
                                    width: sizes[path]?.width, height: sizes[path]?.height, textSize: sizes[path]?.textSize))
        }
        func named(_ c: Int) -> String { classNames.map { $0.indices.contains(c) ? $0[c] : "\(c)" } ?? "\(c)" }
        let label = test.labels[i]
        step(1, t(.compareFallbackInput, ["index": Language.grouped(i), "shape": Tensor.describe(s.run.spec.input), "label": named(label)]))
        for (k, layer) in layers.enumerated() {
            step(k + 2, t(.demoLayerStep, ["layer": layer.name, "description": layer.description,
                                       "from": Tensor.describe(layer.inputShape), "to": Tensor.describe(layer.outputShape)]))
        }
        let predicted = s.evaluation.predictions[i], p = s.evaluation.confidences[i]
        step(layers.count + 2, t(.compareFallbackSoftmax, ["p": String(format: "%.3f", p), "predicted": named(predicted),
                                                           "verdict": t(predicted == label ? .demoCorrect : .demoWrong)]))
        return Player(id: "walk-\(name)", title: t(.compareFallbackTitle, ["index": Language.grouped(i), "model": BuiltinModels.displayName(name)]),
                      steps: steps)
    }

    /// The first convolution's kernels before and after training.
    func firstFilters(_ s: Side) -> (Tensor, Tensor)? {
        let network = s.run.session.network
        guard let first = network.parameterNames.firstIndex(where: { $0.hasSuffix(".w") }), network.parameters[first].rank == 4 else { return nil }
        return (s.run.initial.parameters[first], network.parameters[first])
    }

    /// Fashion-MNIST's class names in the page's language, when the data is Fashion-MNIST.
    var classNames: [String]? {
        guard data.lowercased().contains("fashion") else { return nil }
        return Language(code: lang).fill(.compareClasses, [:]).split(separator: "|").map(String.init)
    }

    /// The first test image of each class (by class), as (index, label).
    var classImages: [(index: Int, label: Int)] {
        var seen = Set<Int>(), result: [(index: Int, label: Int)] = []
        for (i, label) in test.labels.enumerated() where !seen.contains(label) {
            seen.insert(label)
            result.append((i, label))
        }
        return result.sorted { $0.label < $1.label }
    }

    func pixels(_ i: Int) -> [Float] {
        let per = test.images.count / max(test.count, 1), c = test.imageShape.first ?? 1, plane = per / max(c, 1)
        return (0..<plane).map { p in (0..<c).reduce(Float(0)) { $0 + test.images.data[i * per + $1 * plane + p] } / Float(c) }
    }

    /// The layers a side's pad and walk show: the stem's convolution and pooling, each residual
    /// block's output (after the addition) and each convolution on the main path.
    func walkLayers(_ s: Side) -> [LayerInfo] {
        let table = lang == "en" ? s.run.session.network.table
            : (try? s.run.session.network.spec.layerTable(words: .forLanguage(lang))) ?? s.run.session.network.table
        return table.filter { ["conv", "maxpool", "avgpool", "residual"].contains($0.kind) }
    }

    /// A side's pad and walk, or nil without a pad.
    func padAndWalk(_ s: Side) -> (pad: String, walk: String)? {
        guard var pad = s.pad, s.tops.count == s.run.session.network.table.count else { return nil }
        // Both networks (about 0.85 MB together) load on the learner's first use, so that the
        // page stays light before interaction.
        pad.pageScripts = sides.reduce(0) { $0 + ($1.pad?.script.utf8.count ?? 0) }
        let name = s.run.spec.name, shown = BuiltinModels.displayName(name)
        let classes = classImages
        let mistakes = s.evaluation.mostConfidentMistakes(Self.walkMistakes)
        let samples = (classes.map { ($0.index, $0.label) } + mistakes.map { ($0.index, $0.label) })
            .map { (index: $0.0, label: $0.1, pixels: pixels($0.0)) }
        let layers = walkLayers(s)
        let shownLayers = layers.map { (index: s.tops[$0.index - 1], name: $0.name, description: $0.description) }
        let padHTML = pad.html(model: name, shownAs: shown, lang: lang, samples: samples, buttons: classes.count, layers: shownLayers,
                               id: "draw-\(name)", classes: classNames ?? (0..<10).map(String.init))
        let walk = DigitWalk(model: name, lang: lang,
                             classes: classes.enumerated().map { DigitWalk.Pick(sample: $0.offset, index: $0.element.index, label: $0.element.label) },
                             mistakes: mistakes.enumerated().map {
                                 DigitWalk.Pick(sample: classes.count + $0.offset, index: $0.element.index, label: $0.element.label,
                                                predicted: $0.element.predicted, confidence: $0.element.confidence)
                             },
                             fallback: "walk-\(name)", steps: layers.count + 2, classNames: classNames ?? (0..<10).map(String.init))
        return (padHTML, "<h3>\(escapeHTML(shown))</h3>\n" + walk.html)
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
        let both = sides.compactMap(padAndWalk)
        if both.count == 2 {
            blocks.append(.markdown("## \(t(.compareDrawTitle))\n\n\(t(.compareDrawText))"))
            blocks.append(.trustedHTML("<div class=\"compare-pair compare-pads\">\n\(both.map(\.pad).joined(separator: "\n"))\n</div>"))
        }
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
        if sides.allSatisfy({ sizes["\(folder)/\($0.run.spec.name)-filters-after.png"] != nil }) {
            let count = sides.compactMap { firstFilters($0)?.1.shape[0] }.first ?? 0
            blocks.append(.markdown("## \(t(.compareFiltersTitle))\n\n\(t(.compareFiltersText, ["count": "\(count)"]))"))
            // Each side's three figures in one column of a two-column grid (one above the other on
            // a phone): the grid's tags are trusted HTML around the figure blocks.
            blocks.append(.trustedHTML("<div class=\"compare-pair compare-filters\">"))
            for s in sides {
                let name = s.run.spec.name
                blocks.append(.trustedHTML("<div>\n<h3>\(escapeHTML(BuiltinModels.displayName(name)))</h3>"))
                figure("\(name)-filters-before.png", caption: t(.demoBefore))
                figure("\(name)-filters-after.png", caption: t(.demoAfter))
                figure("\(name)-filters-change.png", caption: t(.demoChangeCaption))
                blocks.append(.trustedHTML("</div>"))
            }
            blocks.append(.trustedHTML("</div>"))
        }
        // Each side's walk: the in-page one when both pads run, and its PNG walk of the first
        // test image, shown without JavaScript (the in-page walk hides it).
        let players = sides.map { walkPlayer($0, sizes: sizes) }
        if both.count == 2 || players.contains(where: { $0 != nil }) {
            blocks.append(.markdown("## \(t(.compareWalkTitle))\n\n\(t(.compareWalkText))"))
            blocks.append(.trustedHTML("<div class=\"compare-pair compare-walks\">"))
            for (k, s) in sides.enumerated() {
                let heading = "<h3>\(escapeHTML(BuiltinModels.displayName(s.run.spec.name)))</h3>"
                blocks.append(.trustedHTML("<div>\n" + (both.count == 2 ? both[k].walk : heading)))
                if let player = players[k] { blocks.append(.player(player)) }
                blocks.append(.trustedHTML("</div>"))
            }
            blocks.append(.trustedHTML("</div>"))
        }
        blocks.append(.markdown("\(t(.demoReproduce))\n\n```\n\(sides.map(\.run.info.command).joined(separator: "\n"))\n```"))
        return SitePage(slug: slug, lang: lang, title: t(.compareTitle), order: 90, summary: t(.compareSummary), kind: .demo,
                        blocks: blocks, keywords: names + ["residual", "resnet", "gradient"])
    }
}
