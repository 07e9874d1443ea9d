import Foundation
import KernelCore
import NN
import Site
import Tensor
import Words

/// The demo page's drawing pad: the markup `assets/digit.js` brings to life (a canvas to draw
/// on, clear and undo, ten test digits to start from, the MNIST-style preparation before and
/// after, the softmax as bars with the class named, every convolution and pooling layer's
/// feature maps), and the network it runs (`PageNetworkAsset`, loaded from
/// `figures/demos/<model>/network.js`). Without JavaScript the block says so and the walk below shows one test digit as pictures.
struct DigitPad: Sendable {
    /// Site-relative path of the network's script.
    var networkPath: String
    /// The script's text.
    var script: String
    /// Whether a forward pass is cheap enough to run while the pen moves (else on pen-up).
    var live: Bool
    /// Whether the network's script loads on first use rather than after the page's load event:
    /// when it is large, or when the page has other pads and their scripts together are
    /// (`pageScripts`, the comparison page's two networks).
    var onDemand: Bool { max(script.utf8.count, pageScripts) > Self.onDemandBytes }
    /// The bytes of every pad's network script on the page, when it has more than this one.
    var pageScripts = 0

    /// Network scripts larger than this load on the learner's first use (pen down, a test digit,
    /// the load button): LeNet-5's 331 KB loads with the page, alexnet-mini's 1.23 MB waits, so
    /// that each demo page stays under 1.5 MB before interaction.
    static let onDemandBytes = 600_000

    /// Multiply-adds per forward pass up to which the pad redraws while the learner draws
    /// (LeNet-5: 0.42 M; alexnet-mini: 3.2 M updates on pen-up).
    static let liveMultiplyAdds = 1_000_000

    /// The pad for `network`, or nil when a layer has no page kernel.
    /// - Parameter folder: where the network's script goes (`figures/demos/<model>` by default).
    static func make(network: Network, evaluation: Evaluation, model: String, folder: String? = nil) -> DigitPad? {
        guard let core = PageNetworkAsset.core(network).network else { return nil }
        // Every test digit's prediction (one character each: 10 KB for MNIST's 10,000), so a
        // check can compare the page's network with the build's on all of them (all_digits.py).
        let predictions = evaluation.predictions
        let live = network.table.reduce(0) { $0 + $1.multiplyAdds } <= liveMultiplyAdds
        return DigitPad(networkPath: "\(folder ?? "figures/demos/\(model)")/network.js",
                        script: PageNetworkAsset.script(name: model, network: core, predictions: predictions), live: live)
    }

    /// The block on the page in `lang` (its heading, `digit.title`, is the page's Markdown, so
    /// that it is in the contents list).
    /// - Parameters:
    ///   - samples: test digits, (index in the test set, label, 784 grey levels 0...1): the first
    ///     `buttons` are offered to start from; all of them are the walk's (`DigitWalk`) pixels.
    ///   - layers: the layers whose maps are drawn: (output index, name, description).
    ///   - id: the section's id (a page with two pads gives each its own).
    ///   - classes: the classes' names (Fashion-MNIST's): the pad then speaks of images, not
    ///     digits, names the classes, and prepares a drawing as Fashion-MNIST was prepared (its
    ///     longer side scaled to 28, centred), not as MNIST (20 × 20, centre of mass).
    func html(model: String, shownAs shown: String, lang: String, samples: [(index: Int, label: Int, pixels: [Float])], buttons: Int,
              layers: [(index: Int, name: String, description: String)], id: String = "draw", classes: [String]? = nil) -> String {
        let language = Language(code: lang)
        func t(_ m: Message, _ v: [String: String] = [:]) -> String { escapeHTML(language.fill(m, v)) }
        let named = classes != nil
        func w(_ digit: Message, _ image: Message) -> Message { named ? image : digit }
        func name(_ c: Int) -> String { classes.map { $0.indices.contains(c) ? $0[c] : "\(c)" } ?? "\(c)" }
        let bytes = samples.flatMap { s in s.pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) } }
        let layerJSON = "[" + layers.map { "{\"index\":\($0.index),\"name\":\(json($0.name)),\"description\":\(json($0.description))}" }.joined(separator: ",") + "]"
        var h = "<section class=\"digit-pad\" id=\"\(escapeHTML(id))\" data-digit-pad data-model=\"\(escapeHTML(model))\" data-network=\"\(escapeHTML(networkPath))\""
        h += " data-live=\"\(live ? "move" : "up")\" data-samples=\"\(Data(bytes).base64EncodedString())\""
        h += " data-layers=\"\(escapeHTML(layerJSON))\""
        if let classes { h += " data-classes=\"\(escapeHTML("[" + classes.map(json).joined(separator: ",") + "]"))\" data-fit=\"28\"" }
        h += " data-verdict=\"\(t(w(.digitVerdict, .compareDrawVerdict), ["model": shown, "digit": "{digit}", "p": "{p}"]))\" data-time=\"\(t(.digitTime, ["ms": "{ms}"]))\""
        h += " data-empty=\"\(t(w(.digitEmpty, .compareDrawEmpty)))\" data-loading=\"\(t(.digitLoading))\"\(onDemand ? " data-on-demand" : "")>\n"
        if !named { h += "<p>\(t(.digitText, ["model": shown, "when": language.fill(live ? .digitWhenMove : .digitWhenUp, [:])]))</p>\n" }
        else { h += "<h3>\(escapeHTML(shown))</h3>\n" }
        h += "<noscript><p class=\"digit-noscript\">\(t(.digitNoScript))</p></noscript>\n"
        h += "<div class=\"digit-work\">\n<div class=\"digit-input\">\n"
        h += "<canvas class=\"digit-canvas\" width=\"280\" height=\"280\" role=\"img\" aria-label=\"\(t(w(.digitPad, .compareDrawPad)))\"></canvas>\n"
        h += "<div class=\"digit-buttons\"><button type=\"button\" data-act=\"undo\">\(t(.digitUndo))</button>"
        h += "<button type=\"button\" data-act=\"clear\">\(t(.digitClear))</button></div>\n"
        h += "<p class=\"digit-samples-label\">\(t(w(.digitSamples, .compareDrawSamples)))</p>\n<div class=\"digit-samples\">"
        for (k, s) in samples.prefix(buttons).enumerated() {
            let text = t(w(.digitSample, .compareDrawSample), ["index": Language.grouped(s.index), "label": name(s.label)])
            h += "<button type=\"button\" data-sample=\"\(k)\" aria-label=\"\(text)\" title=\"\(text)\"><canvas width=\"28\" height=\"28\"></canvas></button>"
        }
        h += "</div>\n</div>\n<div class=\"digit-output\">\n"
        h += "<figure class=\"digit-prep\"><div class=\"digit-prep-pair\"><span><canvas class=\"digit-before\" width=\"28\" height=\"28\"></canvas>\(t(.digitBefore))</span>"
        h += "<span aria-hidden=\"true\">→</span><span><canvas class=\"digit-after\" width=\"28\" height=\"28\"></canvas>\(t(.digitAfter))</span></div>"
        h += "<figcaption>\(t(w(.digitPrep, .compareDrawPrep)))</figcaption></figure>\n"
        let size = String(format: "%.1f MB", Double(script.utf8.count) / 1_000_000)
        h += "<p class=\"digit-verdict\" aria-live=\"polite\">\(onDemand ? t(w(.digitOnDemand, .compareDrawOnDemand), ["size": size]) : t(.digitLoading))</p>\n"
        if onDemand { h += "<p><button type=\"button\" class=\"digit-load\" data-act=\"load\" hidden>\(t(.digitLoad, ["size": size]))</button></p>\n" }
        h += "<figure class=\"digit-probabilities\"><ol class=\"digit-bars\(named ? " digit-bars-named" : "")\">"
        for c in 0..<10 { h += "<li><span class=\"digit-class\">\(escapeHTML(name(c)))</span><span class=\"digit-bar\"><span style=\"width:0%\"></span></span><span class=\"digit-p\"></span></li>" }
        h += "</ol><figcaption>\(t(w(.digitProbabilities, .compareDrawProbabilities)))</figcaption></figure>\n"
        h += "<p class=\"digit-time\"></p>\n</div>\n</div>\n"
        h += "<h\(named ? 4 : 3)>\(t(w(.digitMaps, .compareDrawMaps)))</h\(named ? 4 : 3)>\n<div class=\"digit-maps\"></div>\n</section>"
        return h
    }

    private func json(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
