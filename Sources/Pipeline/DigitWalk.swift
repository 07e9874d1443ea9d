import Foundation
import NN
import Render
import Site
import Tensor
import Words

/// The demo page's one walk through the network: a digit picker (a test digit of each class,
/// the drawing pad's digit, the most confident mistakes) and a stepper that `assets/digit.js`
/// draws in the page from the layer outputs `NetworkCore` returns (input, each convolution and
/// pooling layer, then the logits and softmax). The digits' pixels are the pad's
/// `data-samples` (classes first, then mistakes), so they ship once.
/// The section is `hidden` until the script runs; without JavaScript the page keeps one walk
/// drawn as PNGs (`fallback`, a player's id), which the script hides.
struct DigitWalk: Sendable {
    /// A digit to walk: its place in the pad's samples and what the test set says of it.
    struct Pick: Sendable {
        var sample: Int
        var index: Int
        var label: Int
        /// For a mistake: the class the network picked and its probability.
        var predicted: Int?
        var confidence: Float?
    }

    var model: String
    var lang: String
    var classes: [Pick]
    var mistakes: [Pick]
    /// The id of the PNG player shown without JavaScript.
    var fallback: String
    /// Steps: the input, one per shown layer, the softmax.
    var steps: Int
    /// The classes' names (Fashion-MNIST's), or nil for digits named by their class number;
    /// with names the walk speaks of images (the catalog's `comparewalk.*` words).
    var classNames: [String]? = nil

    private func name(_ c: Int) -> String { classNames.map { $0.indices.contains(c) ? $0[c] : "\(c)" } ?? "\(c)" }
    private func w(_ digit: Message, _ image: Message) -> Message { classNames == nil ? digit : image }

    private var language: Language { Language(code: lang) }
    private func t(_ m: Message, _ v: [String: String] = [:]) -> String { escapeHTML(language.fill(m, v)) }

    private func mistakeText(_ p: Pick) -> String {
        t(w(.walkMistake, .compareWalkMistake), ["index": Language.grouped(p.index), "label": name(p.label), "predicted": name(p.predicted ?? 0),
                         "p": String(format: "%.3f", p.confidence ?? 0)])
    }

    private func button(_ p: Pick, _ text: String, attribute: String = "data-pick") -> String {
        var h = "<button type=\"button\" \(attribute)=\"\(p.sample)\" data-index=\"\(p.index)\" data-label=\"\(p.label)\""
        if let predicted = p.predicted { h += " data-predicted=\"\(predicted)\"" }
        return h + " aria-label=\"\(text)\" title=\"\(text)\"><canvas width=\"28\" height=\"28\"></canvas></button>"
    }

    /// The walk's section.
    var html: String {
        var table = Catalog.table(language, area: "walk")
        if classNames != nil { table.merge(Catalog.table(language, area: "comparewalk")) { $1 } }
        let words = escapeHTML(Catalog.json(table))
        var h = "<section class=\"digit-walk\" data-digit-walk data-model=\"\(escapeHTML(model))\" data-fallback=\"\(escapeHTML(fallback))\""
        h += " data-steps=\"\(steps)\" data-words=\"\(words)\" hidden>\n"
        h += "<div class=\"walk-picker\" role=\"group\" aria-label=\"\(t(w(.walkPicks, .compareWalkPicks)))\">\n"
        h += "<p class=\"walk-label\">\(t(w(.walkTests, .compareWalkTests)))</p>\n<div class=\"walk-picks\">"
        for p in classes { h += button(p, t(w(.digitSample, .compareDrawSample), ["index": Language.grouped(p.index), "label": name(p.label)])) }
        h += "<button type=\"button\" class=\"walk-drawn\" data-pick=\"drawn\">\(t(w(.walkDrawn, .compareWalkDrawn)))</button></div>\n"
        if !mistakes.isEmpty {
            h += "<p class=\"walk-label\">\(t(.walkMistakes))</p>\n<div class=\"walk-picks\">"
            for p in mistakes { h += button(p, mistakeText(p)) }
            h += "</div>\n"
        }
        h += "</div>\n<div class=\"walk-controls\"><button type=\"button\" data-walk=\"previous\">\(t(.walkPrevious))</button>"
        h += "<input type=\"range\" min=\"1\" max=\"\(steps)\" value=\"1\" aria-label=\"\(t(.walkStep))\">"
        h += "<button type=\"button\" data-walk=\"next\">\(t(.walkNext))</button><span class=\"walk-counter\"></span></div>\n"
        h += "<figure class=\"walk-figure\"><canvas class=\"walk-canvas\" role=\"img\"></canvas>"
        h += "<ol class=\"digit-bars walk-bars\(classNames == nil ? "" : " digit-bars-named")\" hidden>"
        for c in 0..<10 { h += "<li><span class=\"digit-class\">\(escapeHTML(name(c)))</span><span class=\"digit-bar\"><span style=\"width:0%\"></span></span><span class=\"digit-p\"></span></li>" }
        h += "</ol><figcaption class=\"walk-caption\" aria-live=\"polite\"></figcaption></figure>\n</section>"
        return h
    }

    /// The mistakes as buttons that open one in the walk (shown by the script in place of the
    /// gallery picture), for the evaluation section.
    var mistakesHTML: String {
        guard !mistakes.isEmpty else { return "" }
        var h = "<div class=\"walk-mistakes\" data-walk-mistakes data-model=\"\(escapeHTML(model))\" hidden>\n<p>\(t(.walkOpen))</p>\n<ul>"
        for p in mistakes {
            h += "<li>" + button(p, mistakeText(p), attribute: "data-open-pick") + "<span>\(mistakeText(p))</span></li>"
        }
        return h + "</ul>\n</div>"
    }
}

extension DigitWalk {
    /// The walk of one image as pictures, what a page shows without JavaScript: `shown` (the
    /// input as the reader sees it), the maps of each of `layers`, the softmax; in that order.
    /// - Parameter x: the input as the network takes it, [1, C, H, W].
    static func pictures(_ network: Network, _ x: Tensor, shown: Tensor, layers: [LayerInfo], words: FigureLabels) throws -> [RenderedImage] {
        var rng = SplitMix64(seed: 0)
        let pass = try network.forward(x, training: false, rng: &rng)
        var pictures = [try FeatureMapGrid(tensor: shown, mapSize: 120, words: words).render()]
        for layer in layers {
            let out = pass.outputs[layer.index - 1]
            let maps = try out.reshaped(Array(out.shape.dropFirst()))
            let many = maps.shape[0] > 32
            pictures.append(try FeatureMapGrid(tensor: maps, mapSize: many ? 36 : nil, columns: many ? 16 : 8, words: words).render())
        }
        let probs = try softmax(pass.logits, axis: 1)
        pictures.append(try BarChart.probabilities(probs.data.map(Double.init), labels: words).render())
        return pictures
    }
}
