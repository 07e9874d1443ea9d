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

    func page(images: [String: RenderedSize], answerLabel: String) -> SitePage {
        let front = lesson.frontMatter
        var blocks: [SiteBlock] = []
        var results = report.examples.compactMap(\.result).makeIterator()
        for segment in lesson.segments {
            switch segment {
            case .markdown(let text, _):
                blocks.append(.markdown(text))
            case .example:
                guard let result = results.next() else { continue }
                blocks += exampleBlocks(result, images: images, answerLabel: answerLabel)
            }
        }
        return SitePage(slug: front.slug, lang: front.lang, title: front.title, order: front.order,
                        summary: front.summary, kind: .lesson, blocks: blocks)
    }

    func exampleBlocks(_ r: ExampleResult, images: [String: RenderedSize], answerLabel: String) -> [SiteBlock] {
        let folder = Self.figureFolder(lang: lesson.frontMatter.lang, slug: lesson.frontMatter.slug, example: r.id)
        let figures = ExampleFigures(folder: folder, result: r, lang: lesson.frontMatter.lang)
        var blocks: [SiteBlock] = []
        func figure(_ name: String, caption: String) {
            let path = "\(folder)/\(name)"
            guard let size = images[path] else { return }
            blocks.append(.figure(Figure(image: path, alt: size.alt, caption: caption, width: size.width, height: size.height)))
        }
        switch r.display {
        case .hidden:
            return []
        case .answer:
            blocks.append(.trustedHTML("<details class=\"answer\"><summary>\(answerLabel)</summary>"))
            blocks.append(.markdown(ResultText.markdown(r, lang: lesson.frontMatter.lang)))
            blocks.append(.trustedHTML("</details>"))
            return blocks
        case .player:
            break
        }
        if figures.isPlayer {
            blocks.append(.player(Player(example: r, folder: folder, images: images, lang: lesson.frontMatter.lang)))
        } else if r.op.presentation == .formula {
            blocks.append(.markdown("`" + (r.trace.formulas.first ?? "") + "`"))
        }
        if let layers = r.trace.layers {
            figure("architecture.png", caption: r.title ?? "")
            blocks.append(.markdown(ResultText.layerTable(layers, formula: r.trace.formulas.first ?? "", lang: lesson.frontMatter.lang)))
        }
        figure("plot.png", caption: "")
        if let caption = r.caption { blocks.append(.markdown(caption)) }
        return blocks
    }
}

/// The size and alt text of a rendered image, as pages need them.
struct RenderedSize: Sendable, Equatable {
    var width: Int
    var height: Int
    var alt: String
}

/// Results as Markdown: tables for matrices, lists for vectors.
enum ResultText {
    static func defaultTitle(_ r: ExampleResult, lang: String) -> String { r.op.title(Language(code: lang)) }

    static func markdown(_ r: ExampleResult, lang: String) -> String {
        if let layers = r.trace.layers { return layerTable(layers, formula: r.trace.formulas.first ?? "", lang: lang) }
        return r.outputs.map { out in
            let name = r.outputs.count > 1 ? "**\(out.name)**\n\n" : ""
            return name + tensor(out.tensor)
        }.joined(separator: "\n\n")
    }

    /// A 2-D tensor as a Markdown table, a 3-D one as a table per slice, a vector as a list.
    static func tensor(_ t: Tensor) -> String {
        let n = { (x: Float) in NumberFormat.compact(x) }
        switch t.rank {
        case 0: return n(t.data[0])
        case 1: return "[" + t.data.map(n).joined(separator: ", ") + "]"
        case 2:
            let (rows, cols) = (t.shape[0], t.shape[1])
            var lines = ["|" + String(repeating: " |", count: cols), "|" + String(repeating: "---:|", count: cols)]
            for r in 0..<rows { lines.append("| " + (0..<cols).map { n(t.data[r * cols + $0]) }.joined(separator: " | ") + " |") }
            return lines.joined(separator: "\n")
        default:
            let per = t.count / t.shape[0]
            return (0..<t.shape[0]).compactMap { i -> String? in
                guard let slice = try? Tensor(shape: Array(t.shape[1...]), data: Array(t.data[(i * per)..<((i + 1) * per)])) else { return nil }
                return "[\(i)]\n\n" + tensor(slice)
            }.joined(separator: "\n\n")
        }
    }

    static func layerTable(_ layers: [LayerInfo], formula: String, lang: String) -> String {
        let words = Language(code: lang)
        let h = [words[.tableLayer], words[.tableOutputShape], words[.tableParameters], words[.tableTotal]]
        var lines = ["| # | \(h[0]) | \(h[1]) | \(h[2]) |", "|---:|---|---|---:|"]
        for l in layers {
            lines.append("| \(l.index) | \(l.name): \(l.description) | \(Tensor.describe(l.outputShape)) | \(l.parameters) |")
        }
        lines.append("| | **\(h[3])** | | **\(layers.reduce(0) { $0 + $1.parameters })** |")
        return lines.joined(separator: "\n") + (formula.isEmpty ? "" : "\n")
    }
}
