import Foundation
import KernelCore
import Lessons
import NN
import Render
import Site
import Tensor
import Words

/// "The 2x2 max pooling you stepped through in *Pooling* is layer pool1 here": the operations
/// the lessons step through on toy numbers, found inside a trained network and shown on the
/// real numbers of one forward pass of one test digit.
///
/// Each operation becomes an ordinary worked example — YAML whose input is a real window of
/// the layer's input and whose `expect` is what the network itself produced — and is run by
/// the lesson engine (`CourseChecker.checkExample`). So the page shows, with the lessons' own
/// frames, that the network and the engine agree; a disagreement fails the build.
struct ToyToReal: Sendable {
    /// The operations shown, in network order.
    var links: [Link]
    /// The page's language: the words of the frames follow it.
    var lang = "en"

    /// One operation of the network on real numbers.
    struct Link: Sendable {
        /// The op's family, which names the lesson that teaches it.
        var family: Family
        /// The layer's name in the network's table, e.g. `conv1`.
        var layer: String
        /// The player's id and the section's anchor on the demo page, e.g. `real-conv1`.
        var id: String
        /// What the numbers are, as Markdown (with a link to the lesson when it exists).
        var text: String
        /// The example the engine checked, with its trace for the frames.
        var result: ExampleResult
        /// The example's YAML, as run.
        var yaml: String
    }

    /// The lesson operations found in networks.
    enum Family: String, CaseIterable, Sendable {
        case conv, relu, maxpool, softmax

        /// The lesson slugs that teach it, best first.
        var lessonSlugs: [String] {
            switch self {
            case .conv: return ["convolution"]
            case .relu: return ["activations"]
            case .maxpool: return ["pooling"]
            case .softmax: return ["to-a-class"]
            }
        }

        /// The example op the lesson backlink goes after.
        var exampleOp: LessonOp {
            switch self {
            case .conv: return .conv2d
            case .relu: return .relu
            case .maxpool: return .maxpool
            case .softmax: return .softmax
            }
        }
    }

    /// A problem found while matching the network with the engine.
    struct Mismatch: Error, CustomStringConvertible {
        var model: String
        var id: String
        var problems: [String]
        var description: String {
            "\(model): the network and the lesson engine disagree on \(id) (a bug to report): " + problems.joined(separator: "; ")
        }
    }

    /// Finds the first convolution, ReLU, max pooling and the final softmax of `network`, and
    /// checks each on test digit `digit` (shape `[1, C, H, W]`, true class `label`).
    /// - Throws: `Mismatch` when an example built from the network fails its check, or a
    ///   kernel's error when the digit does not fit the network.
    static func find(network: Network, digit: Tensor, label: Int, lessons: [DemoPages.LessonLink], lang: String) throws -> ToyToReal {
        var rng = SplitMix64(seed: 0)
        let pass = try network.forward(digit, training: false, rng: &rng)
        let text = ToyWords(lang: lang, model: network.spec.name, label: label, lessons: lessons)
        let layerInput = { (i: Int) in i == 0 ? digit : pass.outputs[i - 1] }
        var links: [Link] = []
        var done = Set<Family>()
        for (i, info) in network.table.enumerated() {
            let layer = network.spec.layers[i]
            var built: (Family, [String: String], String)?
            switch layer {
            case let .conv(_, kh, kw, sh, sw, padding, dilation, bias) where !done.contains(.conv) && dilation == 1 && bias != false:
                guard let p = network.parameterNames.firstIndex(of: "\(info.name).w") else { continue }
                let pad: (Int, Int)
                switch padding {
                case let .explicit(h, w): pad = (h, w)
                case .valid: pad = (0, 0)
                case .same: pad = ((kh - 1) / 2, (kw - 1) / 2)
                }
                built = conv(x: layerInput(i), y: pass.outputs[i], weight: network.parameters[p], bias: network.parameters[p + 1],
                             kernel: (kh, kw), stride: (sh, sw), pad: pad).map { (.conv, $0.0, $0.1) }
            case .activation(.relu, _) where !done.contains(.relu):
                built = relu(x: layerInput(i), y: pass.outputs[i]).map { (.relu, $0.0, $0.1) }
            case let .maxpool(sh, sw, th, tw, 0) where !done.contains(.maxpool):
                built = maxpool(x: layerInput(i), y: pass.outputs[i], size: (sh, sw), stride: (th, tw)).map { (.maxpool, $0.0, $0.1) }
            case .conv, .maxpool, .avgpool, .activation, .lrn, .dropout, .flatten, .linear, .batchnorm, .globalAvgPool, .residual, .inception:
                continue  // a family already linked, or one without a toy lesson: every kind is named so a new one is decided here
            }
            guard let (family, facts, yaml) = built else { continue }
            done.insert(family)
            links.append(try check(family, layer: info.name, facts: facts, yaml: yaml, model: network.spec.name, text: text))
        }
        if let last = network.table.last, last.kind == "linear" {
            let (facts, yaml) = try softmaxExample(logits: pass.logits)
            links.append(try check(.softmax, layer: last.name, facts: facts, yaml: yaml, model: network.spec.name, text: text))
        }
        return ToyToReal(links: links, lang: lang)
    }

    static func check(_ family: Family, layer: String, facts: [String: String], yaml: String, model: String, text: ToyWords) throws -> Link {
        let id = "real-\(layer)"
        let source = "id: \(id)\ntitle: \(yamlString(text.title(family, layer: layer)))\n" + yaml
        let report = CourseChecker.checkExample(ExampleBlock(source: source, file: "demo-\(model)", line: 1, lang: text.lang))
        guard report.passed, let result = report.result else {
            throw Mismatch(model: model, id: id, problems: report.errors.map(\.description))
        }
        return Link(family: family, layer: layer, id: id, text: text.sentence(family, layer: layer, facts: facts), result: result, yaml: source)
    }

    // MARK: real windows

    /// A 2x2 block of one output map of a convolution whose windows lie inside the input (no
    /// padding cells), the one where filter 0 answers most strongly.
    static func conv(x: Tensor, y: Tensor, weight: Tensor, bias: Tensor, kernel: (Int, Int), stride: (Int, Int),
                     pad: (Int, Int)) -> ([String: String], String)? {
        let (c, h, w) = (x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (y.shape[2], y.shape[3])
        guard c * kernel.0 * kernel.1 <= 75 else { return nil }
        let filter = 0
        var best: (r: Int, c: Int, score: Float)?
        for r in 0..<(oh - 1) {
            for col in 0..<(ow - 1) {
                let top = r * stride.0 - pad.0, left = col * stride.1 - pad.1
                guard top >= 0, left >= 0, top + stride.0 + kernel.0 <= h, left + stride.1 + kernel.1 <= w else { continue }
                let score = (0..<2).reduce(Float(0)) { s, dr in s + (0..<2).reduce(Float(0)) { $0 + y.at([0, filter, r + dr, col + $1]) } }
                if best == nil || score > best!.score { best = (r, col, score) }
            }
        }
        guard let best else { return nil }
        let top = best.r * stride.0 - pad.0, left = best.c * stride.1 - pad.1
        let rows = stride.0 + kernel.0, cols = stride.1 + kernel.1
        let input = (0..<c).map { ch in grid(rows, cols) { x.at([0, ch, top + $0, left + $1]) } }
        let k = (0..<c).map { ch in grid(kernel.0, kernel.1) { weight.at([filter, ch, $0, $1]) } }
        let out = grid(2, 2) { y.at([0, filter, best.r + $0, best.c + $1]) }
        var yaml = "op: conv2d\ninput: \(c == 1 ? input[0] : "[" + input.joined(separator: ", ") + "]")\n"
        yaml += "kernel: \(c == 1 ? k[0] : "[" + k.joined(separator: ", ") + "]")\nbias: \(number(bias.data[filter]))\n"
        if stride != (1, 1) { yaml += "stride: [\(stride.0), \(stride.1)]\n" }
        yaml += "expect: \(out)\n"
        let facts = ["filter": "\(filter)", "kernel": "\(kernel.0)x\(kernel.1)", "bias": NumberFormat.compact(bias.data[filter]),
                     "rows": "\(top)–\(top + rows - 1)", "cols": "\(left)–\(left + cols - 1)", "patch": "\(rows)x\(cols)",
                     "cell": "(\(best.r), \(best.c))"]
        return (facts, yaml)
    }

    /// A 3x3 block of one input map of a ReLU holding both signs (so both halves of the function show).
    static func relu(x: Tensor, y: Tensor) -> ([String: String], String)? {
        guard x.rank == 4, x.shape[2] >= 3, x.shape[3] >= 3 else { return nil }
        var best: (ch: Int, r: Int, c: Int, score: Int)?
        for ch in 0..<x.shape[1] {
            for r in 0...(x.shape[2] - 3) {
                for col in 0...(x.shape[3] - 3) {
                    var neg = 0, pos = 0
                    for dr in 0..<3 { for dc in 0..<3 { let v = x.at([0, ch, r + dr, col + dc]); if v < 0 { neg += 1 } else if v > 0 { pos += 1 } } }
                    let score = min(neg, pos)
                    if best == nil || score > best!.score { best = (ch, r, col, score) }
                }
            }
        }
        guard let best, best.score > 0 else { return nil }
        let input = grid(3, 3) { x.at([0, best.ch, best.r + $0, best.c + $1]) }
        let out = grid(3, 3) { y.at([0, best.ch, best.r + $0, best.c + $1]) }
        let facts = ["map": "\(best.ch)", "rows": "\(best.r)–\(best.r + 2)", "cols": "\(best.c)–\(best.c + 2)"]
        return (facts, "op: relu\ninput: \(input)\nexpect: \(out)\n")
    }

    /// A 2x2 block of outputs of a max pooling (unpadded), the strongest over all maps.
    static func maxpool(x: Tensor, y: Tensor, size: (Int, Int), stride: (Int, Int)) -> ([String: String], String)? {
        guard y.shape[2] >= 2, y.shape[3] >= 2 else { return nil }
        var best: (ch: Int, r: Int, c: Int, score: Float)?
        for ch in 0..<y.shape[1] {
            for r in 0..<(y.shape[2] - 1) {
                for col in 0..<(y.shape[3] - 1) {
                    let score = y.at([0, ch, r, col]) + y.at([0, ch, r + 1, col]) + y.at([0, ch, r, col + 1]) + y.at([0, ch, r + 1, col + 1])
                    if best == nil || score > best!.score { best = (ch, r, col, score) }
                }
            }
        }
        guard let best else { return nil }
        let top = best.r * stride.0, left = best.c * stride.1
        let rows = stride.0 + size.0, cols = stride.1 + size.1
        let input = grid(rows, cols) { x.at([0, best.ch, top + $0, left + $1]) }
        let out = grid(2, 2) { y.at([0, best.ch, best.r + $0, best.c + $1]) }
        var yaml = "op: maxpool\ninput: \(input)\nsize: [\(size.0), \(size.1)]\n"
        if stride != size { yaml += "stride: [\(stride.0), \(stride.1)]\n" }
        yaml += "expect: \(out)\n"
        let facts = ["size": "\(size.0)x\(size.1)", "map": "\(best.ch)", "cell": "(\(best.r), \(best.c))",
                     "rows": "\(top)–\(top + rows - 1)", "cols": "\(left)–\(left + cols - 1)"]
        return (facts, yaml)
    }

    /// The network's logits for the digit and the probabilities the demo page reports.
    static func softmaxExample(logits: Tensor) throws -> ([String: String], String) {
        let probs = try softmax(logits, axis: 1)
        let best = probs.data.indices.max { probs.data[$0] < probs.data[$1] } ?? 0
        let yaml = "op: softmax\ninput: [\(logits.data.map(number).joined(separator: ", "))]\n"
            + "expect: [\(probs.data.map(number).joined(separator: ", "))]\ntolerance: 1e-6\n"
        // The three largest scores, and how far below the largest the rest are: why their
        // steps read "= 0" (e^(−gap) under the steps' four decimals).
        let order = logits.data.indices.sorted { logits.data[$0] > logits.data[$1] }
        let top = order.prefix(3).map { c in
            let p = probs.data[c]
            return "\(c): \(String(format: "%.2f", logits.data[c])) → " + (p >= 0.0005 ? String(format: "%.3f", p) : String(format: "%.1e", p))
        }.joined(separator: "; ").replacingOccurrences(of: "-", with: "−")
        let gap = order.count > 3 ? logits.data[order[0]] - logits.data[order[3]] : 0
        return (["argmax": "\(best)", "p": String(format: "%.3f", probs.data[best]), "classes": "\(logits.count)", "top": top,
                 "gap": String(format: "%.2f", gap), "bound": String(format: "%.1e", exp(-Double(gap))).replacingOccurrences(of: "-", with: "−"),
                 "rest": "\(max(0, logits.count - 3))", "roundsToZero": order.count > 3 && exp(-Double(gap)) < 0.00005 ? "yes" : "no"], yaml)
    }

    // MARK: YAML

    /// A matrix as YAML flow, every number exact.
    static func grid(_ rows: Int, _ cols: Int, _ value: (Int, Int) -> Float) -> String {
        "[" + (0..<rows).map { r in "[" + (0..<cols).map { number(value(r, $0)) }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }

    /// The shortest text that reads back as the same Float, always with a decimal point before
    /// an exponent (YAML reads `1e-05` as text).
    static func number(_ x: Float) -> String {
        var s = "\(x)"
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }), !s[..<e].contains(".") { s.insert(contentsOf: ".0", at: e) }
        return s
    }

    static func yamlString(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension Tensor {
    /// The value at a full index (row-major).
    fileprivate func at(_ index: [Int]) -> Float {
        var offset = 0
        for (axis, i) in index.enumerated() { offset = offset * shape[axis] + i }
        return data[offset]
    }
}

// MARK: the demo page's section

extension ToyToReal {
    /// The frames of every link, by path relative to the demo's figure folder (`real-conv1/step-1.png`).
    func images() throws -> [String: RenderedImage] {
        var images: [String: RenderedImage] = [:]
        for link in links {
            images.merge(try ExampleFigures(folder: link.id, result: link.result, lang: lang).images()) { a, _ in a }
        }
        return images
    }

    /// The section "From the lessons to this network": per link, its sentence and its player.
    func blocks(folder: String, sizes: [String: RenderedSize], lang: String, model: String, label: Int) -> [SiteBlock] {
        guard !links.isEmpty else { return [] }
        let words = ToyWords(lang: lang, model: model, label: label, lessons: [])
        var blocks: [SiteBlock] = [.markdown("## \(words.heading)\n\n\(words.intro)")]
        for link in links {
            blocks.append(.markdown(link.text))
            blocks.append(.player(Player(example: link.result, folder: "\(folder)/\(link.id)", images: sizes, lang: lang)))
        }
        return blocks
    }
}

extension Player {
    /// The player of a worked example: one frame per trace step (with `frames`; a live
    /// player's steps are text), the arithmetic as caption, and the overview when it was drawn.
    init(example r: ExampleResult, folder: String, images: [String: RenderedSize], lang: String, frames: Bool = true) {
        let steps = r.trace.steps.enumerated().map { i, step in
            let size = images["\(folder)/step-\(i + 1).png"]
            return PlayerStep(image: frames ? "\(folder)/step-\(i + 1).png" : nil, caption: step.arithmetic,
                              alt: size?.alt ?? step.description, width: size?.width, height: size?.height, textSize: size?.textSize)
        }
        let overview = images["\(folder)/overview.png"].map {
            Figure(image: "\(folder)/overview.png", size: $0, caption: "")
        }
        self.init(id: r.id, title: r.title ?? ResultText.defaultTitle(r, lang: lang), steps: steps, overview: overview)
    }
}

// MARK: links back from the lessons

/// A demo section a lesson can point to: "See this operation inside the trained LeNet-5".
struct DemoBacklink: Sendable {
    var lang: String
    var family: ToyToReal.Family
    /// The demo page's site-relative page name with the section's anchor, e.g. `demo-lenet5.html#real-conv1`.
    var href: String
    var model: String
}

extension ToyToReal {
    /// `pages` with a line after the first example of each linked operation in its lesson,
    /// pointing to the first demo that shows it. Lessons without a demo stay as they are.
    static func addingBacklinks(to pages: [SitePage], lessons: [(Lesson, LessonReport)], demos: [DemoBacklink]) -> [SitePage] {
        pages.map { page in
            guard page.kind == .lesson else { return page }
            var page = page
            let results = lessons.first { $0.0.frontMatter.slug == page.slug && $0.0.frontMatter.lang == page.lang }?.1.examples.compactMap(\.result) ?? []
            for family in Family.allCases where family.lessonSlugs.contains(page.slug) {
                guard let demo = demos.first(where: { $0.lang == page.lang && $0.family == family }),
                      let example = results.first(where: { $0.op == family.exampleOp && $0.display == .player }) else { continue }
                let words = ToyWords(lang: page.lang, model: demo.model, label: 0, lessons: [])
                let line = SiteBlock.markdown("→ [\(words.backlink)](\(demo.href))")
                // After the example's player, or its figure when it has a single step.
                let at = page.blocks.firstIndex {
                    switch $0 {
                    case .player(let p): return p.id == example.id
                    case .figure(let f): return f.image.hasSuffix("/\(example.id)/step-1.png")
                    default: return false
                    }
                }
                if let at { page.blocks.insert(line, at: at + 1) } else { page.blocks.append(line) }
            }
            return page
        }
    }
}

// MARK: words

/// The section's words in the page's language (`toy.*` in the catalog).
struct ToyWords {
    let lang: String
    let model: String
    let label: Int
    let lessons: [DemoPages.LessonLink]

    var language: Language { Language(code: lang) }
    var modelName: String { BuiltinModels.displayName(model) }

    var heading: String { language[.toyHeading] }
    var intro: String { language.fill(.toyIntro, ["model": modelName, "label": "\(label)"]) }
    var backlink: String { language.fill(.toyBacklink, ["model": modelName]) }

    func lessonLink(_ family: ToyToReal.Family) -> String {
        let hit = family.lessonSlugs.lazy.compactMap { slug in self.lessons.first { $0.slug == slug } }.first
        return hit.map { "[\($0.title)](\($0.slug).html)" } ?? language[.toyTheLessons]
    }

    func title(_ family: ToyToReal.Family, layer: String) -> String {
        switch family {
        case .conv: return language.fill(.toyTitleConv, ["layer": layer])
        case .relu: return language.fill(.toyTitleRelu, ["layer": layer])
        case .maxpool: return language.fill(.toyTitleMaxpool, ["layer": layer])
        case .softmax: return language.fill(.toyTitleSoftmax, ["layer": layer])
        }
    }

    func sentence(_ family: ToyToReal.Family, layer: String, facts: [String: String]) -> String {
        let values = facts.merging(["lesson": lessonLink(family), "layer": layer]) { _, new in new }
        switch family {
        case .conv: return language.fill(.toySentenceConv, values)
        case .relu: return language.fill(.toySentenceRelu, values)
        case .maxpool: return language.fill(.toySentenceMaxpool, values)
        case .softmax:
            let rest = values["roundsToZero"] == "yes" ? " " + language.fill(.toySoftmaxRestZero, values) : ""
            return language.fill(.toySentenceSoftmax, values) + rest
        }
    }
}
