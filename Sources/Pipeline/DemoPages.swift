import Foundation
import NN
import Render
import Site
import Tensor
import Words

/// The pages of the trained demo networks: architecture, training curves, filters before and
/// after, one walk of a digit through the network (any class, the drawn one, a mistake), and
/// the evaluation. Every number
/// and picture comes from the run's checkpoint (weights and per-epoch history).
struct DemoPages {
    var pages: [SitePage] = []
    var images = RenderedFiles()
    /// Each model's evaluation on the test digits, by model name.
    var evaluations: [String: Evaluation] = [:]
    /// The lesson operations these pages show inside a network, for links from the lessons.
    var backlinks: [DemoBacklink] = []

    /// A lesson a demo page can link to.
    struct LessonLink: Sendable {
        var slug: String
        var title: String
        var lang: String
    }

    /// Bumped whenever the demo drawings change.
    static let version = "demo-4"

    static func build(_ o: DemoOptions, languages: [String], lessons: [LessonLink], previous: SiteManifest?,
                      log: (String) -> Void) throws -> DemoPages {
        let test = try DataDirectory.load(try DataDirectory.resolve(o.data), split: .test).prefix(o.testLimit)
        var demos: [(DemoPage, String)] = []
        var out = DemoPages()
        var pads: [String: SiteFile] = [:]
        for (order, model) in o.models.enumerated() {
            let run = try DemoRun.loadOrTrain(model, o, test: test, log: log)
            let evaluation = try Evaluation(network: run.session.network, dataset: test)
            out.evaluations[run.spec.name] = evaluation
            let pad = DigitPad.make(network: run.session.network, evaluation: evaluation, model: run.spec.name)
            if let pad { pads[pad.networkPath] = .bytes(Data(pad.script.utf8)) }
            log(String(format: "demos: %@: test accuracy %.2f%% on %d digits", run.spec.name, 100 * evaluation.accuracy, test.count))
            for lang in languages {
                var demo = DemoPage(run: run, evaluation: evaluation, test: test, lang: lang,
                                    lessons: lessons.filter { $0.lang == lang }, order: order)
                demo.pad = pad
                demo.toy = try ToyToReal.find(network: run.session.network, digit: try demo.image(0), label: test.labels[0], lessons: demo.lessons, lang: lang)
                out.backlinks += demo.toy.links.map { DemoBacklink(lang: lang, family: $0.family, href: "demo-\(run.spec.name).html#\($0.id)", model: run.spec.name) }
                demos.append((demo, "figures/demos/\(run.spec.name)/\(lang)"))
            }
        }
        let jobs = demos.map { demo, folder in
            let key = SiteManifest.contentHash(Data("\(version)|\(ExampleFigures.rendererVersion)|\(demo.run.checkpointHash)|\(demo.test.count)|\(demo.lang)".utf8))
            return ImageJob(folder: folder, key: key, origin: "demo \(demo.run.spec.name) (\(demo.lang))") {
                Dictionary(uniqueKeysWithValues: try demo.images().map { ("\(folder)/\($0.key)", $0.value) })
            }
        }
        out.images = try ImageCache.run(jobs, previous: previous)
        out.images.files.merge(pads) { $1 }
        out.pages = demos.map { demo, folder in demo.page(folder: folder, sizes: out.images.sizes) }
        return out
    }
}

/// One demo page in one language.
struct DemoPage: Sendable {
    let run: DemoRun
    let evaluation: Evaluation
    let test: Dataset
    let lang: String
    let lessons: [DemoPages.LessonLink]
    let order: Int
    /// The lessons' operations on this network's real numbers.
    var toy = ToyToReal(links: [])
    /// The drawing pad, when every layer has a page kernel.
    var pad: DigitPad?

    func t(_ key: Message, _ values: [String: String] = [:]) -> String { Language(code: lang).fill(key, values.merging(common) { a, _ in a }) }

    var common: [String: String] {
        let last = run.session.history.last
        // Prose names the model as people write it ({model} and {name}: "LeNet-5"); commands
        // and paths use `run.spec.name` directly.
        let shown = BuiltinModels.displayName(run.spec.name)
        return ["model": shown, "name": shown, "train": Language.grouped(run.info.trainImages), "test": Language.grouped(test.count), "epochs": "\(run.session.epoch)",
                "seed": "\(run.info.seed)", "accuracy": String(format: "%.2f", 100 * evaluation.accuracy),
                "loss": String(format: "%.4f", last?.testLoss ?? evaluation.loss)]
    }

    /// The digits walked through the network: the first test digit of each class.
    var walkDigits: [(index: Int, label: Int)] {
        var seen = Set<Int>()
        var result: [(Int, Int)] = []
        for (i, label) in test.labels.enumerated() where !seen.contains(label) {
            seen.insert(label)
            result.append((i, label))
        }
        return result.sorted { $0.1 < $1.1 }
    }

    func image(_ i: Int) throws -> Tensor {
        let per = test.images.count / test.count
        return try Tensor(shape: [1] + test.imageShape, data: Array(test.images.data[(i * per)..<((i + 1) * per)]))
    }

    /// Test image `i` as one grey `[H, W]` map (the mean of its channels).
    func grey(_ i: Int) throws -> Tensor {
        let x = try image(i), c = x.shape[1], plane = x.count / c
        return try Tensor(shape: Array(x.shape.suffix(2)), data: (0..<plane).map { p in (0..<c).reduce(Float(0)) { $0 + x.data[$1 * plane + p] } / Float(c) })
    }

    /// The network's layer table with its descriptions in the page's language (the same shapes
    /// and counts as the network's own table: one inference, worded per language).
    var layerTable: [LayerInfo] {
        lang == "en" ? run.session.network.table
            : (try? run.session.network.spec.layerTable(words: .forLanguage(lang))) ?? run.session.network.table
    }

    /// The layers whose output a walk shows: convolutions, pooling, normalisation.
    var walkLayers: [LayerInfo] { layerTable.filter { ["conv", "maxpool", "avgpool", "lrn"].contains($0.kind) } }

    /// The pictures' fixed words in the page's language.
    var words: FigureLabels { .forLanguage(lang) }

    func images() throws -> [String: RenderedImage] {
        var images: [String: RenderedImage] = [:]
        let history = run.session.history
        images["architecture.png"] = try ExampleFigures.architecture(layerTable, input: run.spec.input, lang: lang).render()
        let epochs = history.map { Double($0.epoch) }
        if !history.isEmpty {  // an imported run (convwalk import) has no training log
            var loss = LineChart(xLabel: t(.demoEpoch), yLabel: t(.demoLossAxis), series: [
                LineSeries(name: t(.demoTrain), x: epochs, y: history.map { Double($0.trainLoss) }),
                LineSeries(name: t(.demoTest), x: epochs, y: history.map { Double($0.testLoss) }),
            ])
            loss.labels = words
            images["loss.png"] = try loss.render()
            var accuracy = LineChart(xLabel: t(.demoEpoch), yLabel: t(.demoAccuracyAxis), series: [
                LineSeries(name: t(.demoTrain), x: epochs, y: history.map { Double($0.trainAccuracy) }),
                LineSeries(name: t(.demoTest), x: epochs, y: history.map { Double($0.testAccuracy) }),
            ])
            accuracy.labels = words
            images["accuracy.png"] = try accuracy.render()
        }
        if let first = run.session.network.parameterNames.firstIndex(where: { $0.hasSuffix(".w") }),
           run.session.network.parameters[first].rank == 4 {
            let before = run.initial.parameters[first], after = run.session.network.parameters[first]
            let scale = ValueScale(fitting: before.data + after.data, symmetric: true)
            images["filters-before.png"] = try FeatureMapGrid(tensor: before, title: t(.demoBefore), colorMap: .diverging, words: words, range: scale).render()
            images["filters-after.png"] = try FeatureMapGrid(tensor: after, title: t(.demoAfter), colorMap: .diverging, words: words, range: scale).render()
            let change = try Tensor(shape: after.shape, data: zip(after.data, before.data).map { $0 - $1 })
            images["filters-change.png"] = try FeatureMapGrid(tensor: change, title: t(.demoChange), colorMap: .diverging, words: words).render()
        }
        let x = try image(0)
        let walk = try DigitWalk.pictures(run.session.network, x, shown: try x.reshaped(Array(x.shape.dropFirst(x.shape[1] == 1 ? 2 : 1))),
                                          layers: walkLayers, words: words)
        for (k, picture) in walk.enumerated() { images["walk-step-\(k + 1).png"] = picture }
        images.merge(try toy.images()) { a, _ in a }
        images["confusion.png"] = try ConfusionMatrixChart(counts: evaluation.confusion, labels: words).render()
        let perClass = evaluation.perClassAccuracy.map { Double($0 ?? 0) }
        images["per-class.png"] = try BarChart(xLabel: t(.demoClassLabel), yLabel: t(.demoAccuracyAxis), labels: perClass.indices.map(String.init),
                                               values: perClass, yRange: Self.accuracyAxis(perClass), valueDigits: 3, words: words).render()
        if !mistakes.isEmpty {
            let items = try mistakes.map { m in
                GalleryItem(image: try grey(m.index),
                            caption: t(.demoMistakeCaption, ["label": "\(m.label)", "predicted": "\(m.predicted)", "p": String(format: "%.2f", m.confidence)]))
            }
            images["mistakes.png"] = try Gallery(items: items, words: words).render()
        }
        return images
    }

    func page(folder: String, sizes: [String: RenderedSize]) -> SitePage {
        let imported = run.info.command.hasPrefix("convwalk import")
        var blocks: [SiteBlock] = [.markdown(t(imported ? .demoIntroImported : .demoIntro))]
        let walk = digitWalk
        if let pad, let walk {
            let digits = walkDigits.map { (index: $0.index, label: $0.label) } + mistakes.map { (index: $0.index, label: $0.label) }
            let samples = digits.compactMap { d in (try? grey(d.index)).map { (index: d.index, label: d.label, pixels: $0.data) } }
            let shown = walkLayers.map { (index: $0.index - 1, name: $0.name, description: $0.description) }
            blocks.append(.markdown("## \(t(.digitTitle))"))
            blocks.append(.trustedHTML(pad.html(model: run.spec.name, shownAs: BuiltinModels.displayName(run.spec.name), lang: lang, samples: samples, buttons: walk.classes.count, layers: shown)))
        }
        func figure(_ name: String, caption: String = "") {
            let path = "\(folder)/\(name)"
            guard let s = sizes[path] else { return }
            blocks.append(.figure(Figure(image: path, size: s, caption: caption)))
        }
        blocks.append(.markdown("## \(t(.demoArchitecture))"))
        figure("architecture.png")
        blocks.append(.markdown(ResultText.layerTable(layerTable, formula: "", lang: lang)))
        if !links.isEmpty { blocks.append(.markdown(t(.demoArchitectureLinks, ["links": links]))) }
        if let variant { blocks.append(.markdown(variant)) }

        blocks.append(.markdown("## \(t(.demoTraining))"))
        let last = run.session.history.last
        blocks.append(.markdown(t(.demoTrainingText, [
            "seconds": String(format: "%.1f", run.info.seconds), "ips": Language.grouped(Int((last?.imagesPerSecond ?? run.info.imagesPerSecond).rounded())),
            "threads": t(run.info.threads == 1 ? .demoThreadOne : .demoThreads, ["n": "\(run.info.threads)"]), "optimizer": OptimizerKind(rawValue: run.info.optimizer)?.displayName ?? run.info.optimizer, "lr": NumberFormatText.n(run.info.learningRate),
            "batch": "\(run.info.batch)",
        ])))
        figure("loss.png", caption: t(.demoLoss))
        figure("accuracy.png", caption: t(.demoAccuracy))
        blocks.append(.markdown("\(t(.demoReproduce))\n\n```\n\(run.info.command)\n```"))

        if sizes["\(folder)/filters-after.png"] != nil {
            let count = run.session.network.parameters.first { $0.rank == 4 }?.shape[0] ?? 0
            blocks.append(.markdown("## \(t(.demoFilters))\n\n\(t(.demoFiltersText, ["count": "\(count)"]))"))
            if let first = run.session.network.parameterNames.firstIndex(where: { $0.hasSuffix(".w") }) {
                blocks.append(.markdown(filterChange(before: run.initial.parameters[first], after: run.session.network.parameters[first])))
            }
            figure("filters-before.png", caption: t(.demoBefore))
            figure("filters-after.png", caption: t(.demoAfter))
            figure("filters-change.png", caption: t(.demoChangeCaption))
        }

        blocks.append(.markdown("## \(t(.demoFeatureMaps))\n\n\(t(walk == nil ? .demoFeatureMapsText : .walkText))"))
        if let walk { blocks.append(.trustedHTML(walk.html)) }
        blocks.append(.player(walkPlayer(index: 0, label: test.labels[0], folder: folder, sizes: sizes)))

        blocks += toy.blocks(folder: folder, sizes: sizes, lang: lang, model: run.spec.name, label: test.labels[0])

        blocks.append(.markdown("## \(t(.demoEvaluation))\n\n\(t(.demoEvaluationText, ["correct": Language.grouped(zip(evaluation.predictions, evaluation.labels).filter { $0 == $1 }.count), "total": Language.grouped(test.count)]))"))
        figure("confusion.png", caption: t(.demoConfusion, ["total": Language.grouped(test.count)]))
        let axis = Self.accuracyAxis(evaluation.perClassAccuracy.map { Double($0 ?? 0) })
        figure("per-class.png", caption: axis.lowerBound > 0 ? t(.demoPerClass, ["low": NumberFormatText.n(Float(axis.lowerBound))]) : t(.demoPerClassFull))
        if sizes["\(folder)/mistakes.png"] != nil {
            figure("mistakes.png", caption: t(.demoMistakes))
            if let walk { blocks.append(.trustedHTML(walk.mistakesHTML)) }
        } else {
            blocks.append(.markdown(t(.demoNoMistakes)))
        }
        return SitePage(slug: "demo-\(run.spec.name)", lang: lang, title: t(.demoTitle), order: order, summary: t(.demoSummary), kind: .demo,
                        blocks: blocks, keywords: [run.spec.name] + walkLayers.map(\.name))
    }

    /// An accuracy axis that fits the data: from a twentieth below the worst class (never below
    /// 0) to 1, so that 0.96 and 0.99 look different.
    static func accuracyAxis(_ values: [Double]) -> ClosedRange<Double> {
        let low = values.filter(\.isFinite).min() ?? 0
        let bottom = max(0, ((low - 0.01) * 20).rounded(.down) / 20)
        return bottom < 1 ? bottom...1 : 0...1
    }

    /// How training changed the first convolution's filters, in one sentence (on the shared scale).
    func filterChange(before: Tensor, after: Tensor) -> String {
        let n = max(1, before.count), filters = max(1, before.shape[0]), per = before.count / filters
        let moved = zip(after.data, before.data).map { abs($0 - $1) }
        let size = before.data.reduce(Float(0)) { $0 + abs($1) } / Float(n)
        let mean = moved.reduce(0, +) / Float(n)
        let most = (0..<filters).max { a, b in
            moved[(a * per)..<((a + 1) * per)].reduce(0, +) < moved[(b * per)..<((b + 1) * per)].reduce(0, +)
        } ?? 0
        let limit = max(before.data.map(abs).max() ?? 0, after.data.map(abs).max() ?? 0)
        return t(.demoFiltersChange, ["limit": String(format: "%.3f", limit), "mean": String(format: "%.3f", mean),
                                      "size": String(format: "%.3f", size), "ratio": String(format: "%.0f", 100 * mean / max(size, 1e-12)),
                                      "filter": "\(most)"])
    }

    /// The mistakes the walk offers and the gallery shows.
    var mistakes: [Evaluation.Mistake] { evaluation.mostConfidentMistakes(12) }

    /// The in-page walk, when the page has a drawing pad to run it.
    var digitWalk: DigitWalk? {
        guard pad != nil else { return nil }
        let classes = walkDigits.enumerated().map { DigitWalk.Pick(sample: $0.offset, index: $0.element.index, label: $0.element.label) }
        let wrong = mistakes.enumerated().map {
            DigitWalk.Pick(sample: classes.count + $0.offset, index: $0.element.index, label: $0.element.label,
                           predicted: $0.element.predicted, confidence: $0.element.confidence)
        }
        return DigitWalk(model: run.spec.name, lang: lang, classes: classes, mistakes: wrong, fallback: "walk-\(run.spec.name)",
                         steps: walkLayers.count + 2)
    }

    /// The walk of the first test digit as pictures: the page's walk without JavaScript.
    func walkPlayer(index: Int, label: Int, folder: String, sizes: [String: RenderedSize]) -> Player {
        var steps: [PlayerStep] = []
        func step(_ k: Int, _ caption: String) {
            let path = "\(folder)/walk-step-\(k).png"
            steps.append(PlayerStep(image: path, caption: caption, alt: sizes[path]?.alt ?? caption,
                                    width: sizes[path]?.width, height: sizes[path]?.height, textSize: sizes[path]?.textSize))
        }
        step(1, t(.demoInputStep, ["index": Language.grouped(index), "shape": Tensor.describe(run.spec.input), "label": "\(label)"]))
        for (k, layer) in walkLayers.enumerated() {
            step(k + 2, t(.demoLayerStep, ["layer": layer.name, "description": layer.description,
                                       "from": Tensor.describe(layer.inputShape), "to": Tensor.describe(layer.outputShape)]))
        }
        let predicted = evaluation.predictions[index], p = evaluation.confidences[index]
        let verdict = t(predicted == label ? .demoCorrect : .demoWrong)
        step(walkLayers.count + 2, t(.demoSoftmaxStep, ["p": String(format: "%.3f", p), "argmax": "\(predicted)", "verdict": verdict]))
        return Player(id: "walk-\(run.spec.name)", title: t(.demoWalkTitle), steps: steps)
    }

    /// Which variant of a classic network a built-in demo trains, with the lesson on the original.
    var variant: String? {
        let known: [String: (Message, String)] = ["lenet5": (.demoVariantLeNet, "lenet5"), "alexnet-mini": (.demoVariantAlexNet, "alexnet")]
        guard let (message, slug) = known[run.spec.name] else { return nil }
        let lesson = lessons.first { $0.slug == slug }.map { "[\($0.title)](\($0.slug).html)" } ?? slug
        return t(message, ["lesson": lesson])
    }

    /// Links to the lessons that explain this network's layers, found by their slugs.
    var links: String {
        let topics: [(kinds: Set<String>, words: [String])] = [
            (["conv"], ["convolution"]), (["maxpool", "avgpool"], ["pool"]), (["relu", "sigmoid", "tanh", "leaky_relu", "elu", "prelu"], ["activation"]),
            (["linear", "flatten"], ["class", "fully", "softmax"]), (["lrn", "dropout"], ["alexnet"]),
        ]
        let kinds = Set(run.session.network.table.map(\.kind))
        var seen = Set<String>()
        var out: [String] = []
        for topic in topics where !topic.kinds.isDisjoint(with: kinds) {
            guard let lesson = lessons.first(where: { l in topic.words.contains { l.slug.contains($0) } }), !seen.contains(lesson.slug) else { continue }
            seen.insert(lesson.slug)
            out.append("[\(lesson.title)](\(lesson.slug).html)")
        }
        return out.joined(separator: ", ")
    }
}

enum NumberFormatText {
    static func n(_ x: Float) -> String { String(format: "%g", Double(x)) }
}
