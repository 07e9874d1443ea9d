import Foundation
import Lessons
import NN
import Site
import Tensor
import Words

/// Turns one checked lesson into a site page: its prose as Markdown blocks, and each worked
/// example as a player, a formula, a layer table or a collapsed answer.
struct LessonPage {
    let lesson: Lesson
    let report: LessonReport

    /// The folder of an example's images.
    static func figureFolder(lang: String, slug: String, example: String) -> String {
        "figures/\(lang)/\(slug)/\(example)"
    }

    /// Each example of the lesson with its block (a lesson's results are in the order of its blocks).
    static func examples(of lesson: Lesson, report: LessonReport) -> [(block: ExampleBlock, result: ExampleResult)] {
        let blocks = lesson.segments.compactMap { segment -> ExampleBlock? in
            if case .example(let block) = segment { return block }
            return nil
        }
        return Array(zip(blocks, report.examples.compactMap(\.result)))
    }

    /// The pictures of an example as this page shows it: no step PNGs for a live player.
    static func figures(_ result: ExampleResult, block: ExampleBlock?, lesson: Lesson) -> ExampleFigures {
        let front = lesson.frontMatter
        var figures = ExampleFigures(folder: figureFolder(lang: front.lang, slug: front.slug, example: result.id), result: result, lang: front.lang)
        figures.stepFrames = !(figures.isPlayer && block.map { LivePlayer.json(block: $0, result: result) != nil } == true)
        return figures
    }

    func page(images: [String: RenderedSize], answerLabel: String) -> SitePage {
        let front = lesson.frontMatter
        var blocks: [SiteBlock] = []
        var results = report.examples.compactMap(\.result).makeIterator()
        for segment in lesson.segments {
            switch segment {
            case .markdown(let text, _):
                blocks.append(.markdown(text))
            case .example(let block):
                guard let result = results.next() else { continue }
                blocks += exampleBlocks(result, block: block, images: images, answerLabel: answerLabel)
            }
        }
        // Example ids and op names, so a search for `im2col` or `conv-5x5-3x3` finds the page.
        let keywords = report.examples.compactMap(\.result).flatMap { [$0.id, $0.op.rawValue] }
        return SitePage(slug: front.slug, lang: front.lang, title: front.title, order: front.order,
                        summary: front.summary, kind: front.kind == "page" ? .other : .lesson, blocks: blocks, keywords: keywords)
    }

    func exampleBlocks(_ r: ExampleResult, block: ExampleBlock?, images: [String: RenderedSize], answerLabel: String) -> [SiteBlock] {
        let figures = Self.figures(r, block: block, lesson: lesson)
        let folder = figures.folder
        var blocks: [SiteBlock] = []
        func figure(_ name: String, caption: String) {
            let path = "\(folder)/\(name)"
            guard let size = images[path] else { return }
            blocks.append(.figure(Figure(image: path, size: size, caption: caption)))
        }
        switch r.display {
        case .hidden:
            return []
        case .answer:
            // The engine's answer (a formula with its numbers, or the result), then the author's
            // explanation: what the reader opens after trying the exercise. A formula or a result
            // the page can rerun gets Edit mode there, inside the answer, so that it shows nothing
            // before the reader opens it; so does a layer table.
            let live = block.flatMap { LivePlayer.json(block: $0, result: r) }
            if r.op.presentation == .formula, let formula = r.trace.formulas.first {
                let markdown = "`" + formula + "`"
                blocks.append(live.map { .formula(id: r.id, markdown: markdown, live: $0) } ?? .markdown(markdown))
            } else if r.trace.layers != nil, let live {
                blocks.append(.layerTable(id: r.id, blocks: ResultText.blocks(r, lang: lesson.frontMatter.lang), live: live))
            } else if r.op.presentation == .player, let live {
                blocks.append(.result(id: r.id, outputs: r.outputs.map(\.name), blocks: ResultText.blocks(r, lang: lesson.frontMatter.lang), live: live))
            } else {
                blocks += ResultText.blocks(r, lang: lesson.frontMatter.lang)
            }
            if let caption = r.caption { blocks.append(.markdown(caption)) }
            return [.answer(label: answerLabel, blocks: blocks)]
        case .player:
            break
        }
        let live = figures.isPlayer ? block.flatMap { LivePlayer.json(block: $0, result: r) } : nil
        if figures.isPlayer, r.trace.steps.count == 1, live == nil {
            // One step is a picture, not an animation: a figure with the arithmetic as caption.
            let title = r.title ?? ResultText.defaultTitle(r, lang: lesson.frontMatter.lang)
            figure("step-1.png", caption: [title, r.trace.steps[0].arithmetic].filter { !$0.isEmpty }.joined(separator: ": "))
        } else if figures.isPlayer {
            // A live player draws its frames in the page; one of a single step keeps its picture
            // for readers without JavaScript (there is no overview), and gets Edit mode.
            let single = r.trace.steps.count == 1
            var player = Player(example: r, folder: folder, images: images, lang: lesson.frontMatter.lang, frames: live == nil || single)
            player.live = live
            blocks.append(.player(player))
        } else if r.op.presentation == .formula {
            // A formula with its numbers, after the example's title when it has one.
            let formula = "`" + (r.trace.formulas.first ?? "") + "`"
            let markdown = r.title.map { "\($0): \(formula)" } ?? formula
            // A formula the page can rerun (arithmetic, output-size) gets Edit mode.
            if let live = block.flatMap({ LivePlayer.json(block: $0, result: r) }) {
                blocks.append(.formula(id: r.id, markdown: markdown, live: live))
            } else {
                blocks.append(.markdown(markdown))
            }
        }
        if let layers = r.trace.layers {
            let before = blocks.count
            figure("architecture.png", caption: r.title ?? "")
            figure("receptive-field.png", caption: Language(code: lesson.frontMatter.lang)[.tableReceptiveFieldCaption])
            blocks.append(.markdown(ResultText.layerTable(layers, formula: r.trace.formulas.first ?? "", lang: lesson.frontMatter.lang,
                                                          costs: r.trace.costs ?? false)))
            // A table the page can recompute (the in-page engine runs `architecture`) gets
            // Edit mode: its pictures and table in one box with the example.
            if let live = block.flatMap({ LivePlayer.json(block: $0, result: r) }) {
                let table = Array(blocks[before...])
                blocks.removeSubrange(before...)
                blocks.append(.layerTable(id: r.id, blocks: table, live: live))
            }
        }
        figure("plot.png", caption: "")
        if let caption = r.caption { blocks.append(.markdown(caption)) }
        return blocks
    }
}

/// The size, alt text and smallest text (CSS px, `RenderedImage.smallestText`) of a rendered
/// image, as pages need them.
struct RenderedSize: Sendable, Equatable {
    var width: Int
    var height: Int
    var alt: String
    var textSize: Double? = nil
}

extension Figure {
    /// The figure of a rendered image at `path`.
    init(image path: String, size: RenderedSize, caption: String) {
        self.init(image: path, alt: size.alt, caption: caption, width: size.width, height: size.height, textSize: size.textSize)
    }
}

/// Results as Markdown: tables for matrices, lists for vectors.
enum ResultText {
    static func defaultTitle(_ r: ExampleResult, lang: String) -> String { r.op.title(Language(code: lang)) }

    /// An example's answer: the layer table, or each output (named when there are several).
    static func blocks(_ r: ExampleResult, lang: String) -> [SiteBlock] {
        if let layers = r.trace.layers {
            return [.markdown(layerTable(layers, formula: r.trace.formulas.first ?? "", lang: lang, costs: r.trace.costs ?? false))]
        }
        return r.outputs.flatMap { out -> [SiteBlock] in
            (r.outputs.count > 1 ? [.markdown("**\(out.name)**")] : []) + tensor(out.tensor)
        }
    }

    /// A 2-D tensor as a table with its row and column numbers as headers, a 3-D one as a
    /// table per slice, a vector as a list. (Numbers only, so the table is written as HTML.)
    static func tensor(_ t: Tensor) -> [SiteBlock] {
        let n = { (x: Float) in NumberFormat.compact(x) }
        switch t.rank {
        case 0: return [.markdown(n(t.data[0]))]
        case 1: return [.markdown("[" + t.data.map(n).joined(separator: ", ") + "]")]
        case 2:
            let (rows, cols) = (t.shape[0], t.shape[1])
            var html = "<table class=\"matrix\"><thead><tr><td></td>"
            html += (0..<cols).map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
            for r in 0..<rows {
                html += "<tr><th scope=\"row\">\(r)</th>" + (0..<cols).map { "<td>\(n(t.data[r * cols + $0]))</td>" }.joined() + "</tr>"
            }
            return [.trustedHTML(html + "</tbody></table>")]
        default:
            let per = t.count / t.shape[0]
            return (0..<t.shape[0]).flatMap { i -> [SiteBlock] in
                guard let slice = try? Tensor(shape: Array(t.shape[1...]), data: Array(t.data[(i * per)..<((i + 1) * per)])) else { return [] }
                return [.markdown("[\(i)]")] + tensor(slice)
            }
        }
    }

    /// A model's layers as a table; with `costs`, also each layer's multiply-adds, activations
    /// and receptive field (the cost-accounting columns of `architecture` examples with `cost: true`).
    static func layerTable(_ layers: [LayerInfo], formula: String, lang: String, costs: Bool = false) -> String {
        let words = Language(code: lang)
        let g = Language.grouped
        var head = ["#", words[.tableLayer], words[.tableOutputShape], words[.tableParameters]]
        var align = ["---:", "---", "---", "---:"]
        if costs {
            head += [words[.tableMultiplyAdds], words[.tableActivations], words[.tableReceptiveField]]
            align += ["---:", "---:", "---"]
        }
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        var lines = [row(head), row(align)]
        for l in layers {
            var cells = ["\(l.index)", "\(l.name): \(l.description)", Tensor.describe(l.outputShape), g(l.parameters)]
            if costs { cells += [g(l.multiplyAdds), g(l.activations), l.receptiveField.words(words)] }
            lines.append(row(cells))
        }
        var total = ["", "**\(words[.tableTotal])**", "", "**\(g(layers.reduce(0) { $0 + $1.parameters }))**"]
        if costs {
            total += ["**\(g(layers.reduce(0) { $0 + $1.multiplyAdds }))**", "**\(g(layers.reduce(0) { $0 + $1.activations }))**", ""]
        }
        lines.append(row(total))
        return lines.joined(separator: "\n") + (formula.isEmpty ? "" : "\n")
    }
}
