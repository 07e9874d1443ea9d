import Foundation
import NN
import Render
import Site
import Tensor
import Words

/// The pages of the trained demo networks: architecture, training curves, filters before and
/// after, a digit of each class walked through the network, and the evaluation. Every number
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
    static let version = "demo-2"

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
        return ["model": run.spec.name, "train": "\(run.info.trainImages)", "test": "\(test.count)", "epochs": "\(run.session.epoch)",
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
            images["loss.png"] = try LineChart(xLabel: t(.demoEpoch), series: [
                LineSeries(name: t(.demoTrain), x: epochs, y: history.map { Double($0.trainLoss) }),
                LineSeries(name: t(.demoTest), x: epochs, y: history.map { Double($0.testLoss) }),
            ]).render()
            images["accuracy.png"] = try LineChart(xLabel: t(.demoEpoch), series: [
                LineSeries(name: t(.demoTrain), x: epochs, y: history.map { Double($0.trainAccuracy) }),
                LineSeries(name: t(.demoTest), x: epochs, y: history.map { Double($0.testAccuracy) }),
            ]).render()
        }
        if let first = run.session.network.parameterNames.firstIndex(where: { $0.hasSuffix(".w") }),
           run.session.network.parameters[first].rank == 4 {
            images["filters-before.png"] = try FeatureMapGrid(tensor: run.initial.parameters[first], title: t(.demoBefore), words: words).render()
            images["filters-after.png"] = try FeatureMapGrid(tensor: run.session.network.parameters[first], title: t(.demoAfter), words: words).render()
        }
        var rng = SplitMix64(seed: 0)
        for (index, label) in walkDigits {
            let x = try image(index)
            let pass = try run.session.network.forward(x, training: false, rng: &rng)
            images["walk-\(label)-step-1.png"] = try FeatureMapGrid(tensor: try x.reshaped(Array(x.shape.dropFirst(x.shape[1] == 1 ? 2 : 1))), mapSize: 120, words: words).render()
            for (k, layer) in walkLayers.enumerated() {
                let out = pass.outputs[layer.index - 1]
                let maps = try out.reshaped(Array(out.shape.dropFirst()))
                let many = maps.shape[0] > 32
                images["walk-\(label)-step-\(k + 2).png"] = try FeatureMapGrid(tensor: maps, mapSize: many ? 36 : nil, columns: many ? 16 : 8, words: words).render()
            }
            let probs = try softmax(pass.logits, axis: 1)
            images["walk-\(label)-step-\(walkLayers.count + 2).png"] = try BarChart.probabilities(probs.data.map(Double.init), labels: words).render()
        }
        images.merge(try toy.images()) { a, _ in a }
        images["confusion.png"] = try ConfusionMatrixChart(counts: evaluation.confusion, labels: words).render()
        let perClass = evaluation.perClassAccuracy.map { Double($0 ?? 0) }
        images["per-class.png"] = try BarChart(xLabel: t(.demoClassLabel), labels: perClass.indices.map(String.init), values: perClass,
                                               yRange: 0...1).render()
        let mistakes = evaluation.mostConfidentMistakes(12)
        if !mistakes.isEmpty {
            let items = try mistakes.map { m in
                GalleryItem(image: try grey(m.index),
                            caption: t(.demoMistakeCaption, ["label": "\(m.label)", "predicted": "\(m.predicted)", "p": String(format: "%.2f", m.confidence)]))
            }
            images["mistakes.png"] = try Gallery(items: items).render()
        }
        return images
    }

    func page(folder: String, sizes: [String: RenderedSize]) -> SitePage {
        let imported = run.info.command.hasPrefix("convwalk import")
        var blocks: [SiteBlock] = [.markdown(t(imported ? .demoIntroImported : .demoIntro))]
        if let pad {
            let samples = walkDigits.compactMap { d in (try? grey(d.index)).map { (index: d.index, label: d.label, pixels: $0.data) } }
            let shown = walkLayers.map { (index: $0.index - 1, name: $0.name, description: $0.description) }
            blocks.append(.trustedHTML(pad.html(model: run.spec.name, lang: lang, samples: samples, layers: shown)))
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

        blocks.append(.markdown("## \(t(.demoTraining))"))
        let last = run.session.history.last
        blocks.append(.markdown(t(.demoTrainingText, [
            "seconds": String(format: "%.1f", run.info.seconds), "ips": String(format: "%.0f", last?.imagesPerSecond ?? run.info.imagesPerSecond),
            "threads": "\(run.info.threads)", "optimizer": run.info.optimizer, "lr": NumberFormatText.n(run.info.learningRate),
            "batch": "\(run.info.batch)",
        ])))
        figure("loss.png", caption: t(.demoLoss))
        figure("accuracy.png", caption: t(.demoAccuracy))
        blocks.append(.markdown("\(t(.demoReproduce))\n\n```\n\(run.info.command)\n```"))

        if sizes["\(folder)/filters-after.png"] != nil {
            let count = run.session.network.parameters.first { $0.rank == 4 }?.shape[0] ?? 0
            blocks.append(.markdown("## \(t(.demoFilters))\n\n\(t(.demoFiltersText, ["count": "\(count)"]))"))
            figure("filters-before.png", caption: t(.demoBefore))
            figure("filters-after.png", caption: t(.demoAfter))
        }

        blocks.append(.markdown("## \(t(.demoFeatureMaps))\n\n\(t(.demoFeatureMapsText))"))
        for (index, label) in walkDigits {
            blocks.append(.player(walkPlayer(index: index, label: label, folder: folder, sizes: sizes)))
        }

        blocks += toy.blocks(folder: folder, sizes: sizes, lang: lang, model: run.spec.name, label: test.labels[0])

        blocks.append(.markdown("## \(t(.demoEvaluation))\n\n\(t(.demoEvaluationText, ["correct": "\(zip(evaluation.predictions, evaluation.labels).filter { $0 == $1 }.count)", "total": "\(test.count)"]))"))
        figure("confusion.png", caption: t(.demoConfusion, ["total": "\(test.count)"]))
        figure("per-class.png", caption: t(.demoPerClass))
        if sizes["\(folder)/mistakes.png"] != nil { figure("mistakes.png", caption: t(.demoMistakes)) } else { blocks.append(.markdown(t(.demoNoMistakes))) }
        return SitePage(slug: "demo-\(run.spec.name)", lang: lang, title: t(.demoTitle), order: order, summary: t(.demoSummary), kind: .demo,
                        blocks: blocks, keywords: [run.spec.name] + walkLayers.map(\.name))
    }

    func walkPlayer(index: Int, label: Int, folder: String, sizes: [String: RenderedSize]) -> Player {
        var steps: [PlayerStep] = []
        func step(_ k: Int, _ caption: String) {
            let path = "\(folder)/walk-\(label)-step-\(k).png"
            steps.append(PlayerStep(image: path, caption: caption, alt: sizes[path]?.alt ?? caption,
                                    width: sizes[path]?.width, height: sizes[path]?.height, textSize: sizes[path]?.textSize))
        }
        step(1, t(.demoInputStep, ["shape": Tensor.describe(run.spec.input), "label": "\(label)"]))
        for (k, layer) in walkLayers.enumerated() {
            step(k + 2, t(.demoLayerStep, ["layer": layer.name, "description": layer.description,
                                       "from": Tensor.describe(layer.inputShape), "to": Tensor.describe(layer.outputShape)]))
        }
        let predicted = evaluation.predictions[index], p = evaluation.confidences[index]
        let verdict = t(predicted == label ? .demoCorrect : .demoWrong)
        step(walkLayers.count + 2, t(.demoSoftmaxStep, ["p": String(format: "%.3f", p), "argmax": "\(predicted)", "verdict": verdict]))
        return Player(id: "walk-\(run.spec.name)-\(label)", title: t(.demoWalkTitle, ["digit": "\(label)"]), steps: steps)
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
