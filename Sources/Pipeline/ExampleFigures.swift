import Foundation
import Lessons
import NN
import Render
import Site
import Tensor
import Words

/// The pictures of one worked example, drawn from its trace: a frame per step and an overview
/// for a player, a function plot for activations, a diagram for architectures.
struct ExampleFigures: Sendable {
    /// Site-relative folder of this example's images, e.g. `figures/en/convolution/conv-3x3`.
    let folder: String
    let result: ExampleResult
    /// The page's language: the pictures' fixed words follow it.
    let lang: String
    /// Draw the player frames whatever the example's `display` says (for previews).
    var forcePlayer = false
    /// Draw a PNG per step. False for a live player (`LivePlayer`): the page draws its frames
    /// from the trace, and print and readers without JavaScript get the steps as text beside
    /// the overview, which is still drawn.
    var stepFrames = true
    /// Draw each step's header and arithmetic in its frame. Off for the site, whose player
    /// caption (and the single-step figure's caption) shows them once, in text; on for
    /// `convwalk render`, whose frames stand alone.
    var captionedFrames = false

    init(folder: String, result: ExampleResult, lang: String = "en") {
        self.folder = folder
        self.result = result
        self.lang = lang
    }

    /// Bumped whenever drawing or alt text changes, so cached images are redrawn.
    static let rendererVersion = "render-9"

    /// A key that changes whenever anything drawn from this example could change.
    var cacheKey: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let trace = (try? encoder.encode(result.trace)) ?? Data()
        return SiteManifest.contentHash(Data("\(Self.rendererVersion)|\(lang)|\(result.display.rawValue)|\(stepFrames)|\(captionedFrames)|".utf8) + trace)
    }

    /// Whether this example is drawn as a step-through player.
    var isPlayer: Bool {
        (result.display == .player || forcePlayer) && result.op.presentation == .player
    }

    /// Every image of the example, by site-relative path.
    func images() throws -> [String: RenderedImage] {
        var images: [String: RenderedImage] = [:]
        if isPlayer {
            let labels = FrameLabels.forLanguage(lang)
            // One step is shown as a figure (its frame), with no overview.
            if stepFrames || result.trace.steps.count == 1 {
                for (i, frame) in try FrameRenderer.frames(for: result.trace, labels: labels, captioned: captionedFrames).enumerated() {
                    images["\(folder)/step-\(i + 1).png"] = frame
                }
            }
            if result.trace.steps.count > 1 {
                images["\(folder)/overview.png"] = try FrameRenderer.overview(for: result.trace, labels: labels)
            }
        }
        if result.display == .player || forcePlayer, let activation = activation {
            images["\(folder)/plot.png"] = try Self.activationPlot(activation, alpha: nil, lang: lang)
        }
        if result.display == .player || forcePlayer, let layers = result.trace.layers {
            images["\(folder)/architecture.png"] = try Self.architecture(layers, input: inputShape(layers), lang: lang).render()
            if result.trace.costs == true, let diagram = Self.receptiveField(layers, lang: lang) {
                images["\(folder)/receptive-field.png"] = try diagram.render()
            }
        }
        return images
    }

    /// The activation an elementwise example applies, if it is one.
    var activation: Activation? { result.op.activation }

    func inputShape(_ layers: [LayerInfo]) -> [Int] { layers.first?.inputShape ?? [] }

    /// f and f′ sampled through the training kernels (`Activation.forward` / `backward`).
    static func activationPlot(_ a: Activation, alpha: Float?, lang: String = "en") throws -> RenderedImage {
        let xs = (0...160).map { -4 + 8 * Float($0) / 160 }
        let x = try Tensor(shape: [xs.count], data: xs)
        let y = a.forward(x, alpha: alpha)
        let dy = try a.backward(x: x, dy: Tensor(shape: [xs.count], repeating: 1), alpha: alpha)
        let name = a == .leakyRelu ? "leaky ReLU" : a.rawValue
        var chart = ActivationPlot.chart(name: name, x: xs.map(Double.init), value: y.data.map(Double.init),
                                         derivative: dy.data.map(Double.init))
        chart.labels = FigureLabels.forLanguage(lang)
        return try chart.render()
    }

    /// The field of every layer that widens it (convolutions, pooling, blocks), on the input
    /// image; nil for a model whose input is not an image.
    static func receptiveField(_ layers: [LayerInfo], lang: String) -> ReceptiveFieldDiagram? {
        guard let input = layers.first?.inputShape, input.count == 3 else { return nil }
        var last = ReceptiveField.pixel.size
        var fields: [ReceptiveFieldDiagram.Field] = []
        for l in layers where !l.receptiveField.wholeInput && l.receptiveField.size != last {
            fields.append(.init(name: l.name, size: l.receptiveField.size, jump: l.receptiveField.jump))
            last = l.receptiveField.size
        }
        return fields.isEmpty ? nil : ReceptiveFieldDiagram(input: Array(input[1...]), fields: fields, language: Language(code: lang))
    }

    /// The layer boxes of a model, from the trainer's own layer table.
    static func architecture(_ layers: [LayerInfo], input: [Int], title: String? = nil, lang: String) -> ArchitectureDiagram {
        let boxes = [ArchitectureLayer(name: "input", kind: Language(code: lang)[.figureInputBox], outputShape: input, parameters: 0)]
            + layers.map { ArchitectureLayer(name: $0.name, kind: $0.description, outputShape: $0.outputShape, parameters: $0.parameters) }
        return ArchitectureDiagram(layers: boxes, title: title, labels: FigureLabels.forLanguage(lang))
    }
}
