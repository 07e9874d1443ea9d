import Foundation
import Lessons
import Render
import Site
import Words

/// The output-size atlas: a page listed after the lessons ("More") with one table row per combination of
/// input size, kernel, padding, stride and dilation. Each row is an `output-size` example run
/// through the lesson engine (so the size and the formula are the engine's own, from
/// `convOutputSize`); invalid combinations show the engine's error, and where some input cells
/// are never read by any window - dropped by the floor, or skipped between dilated taps - a
/// small picture shades them. Built once per language of the course (`AtlasWords`).
enum AtlasPage {
    static let slug = "output-size-atlas"
    /// Bumped whenever the atlas's grid or pictures change.
    static let version = "atlas-2"

    static let inputs = [5, 6, 7]
    static let kernels = [2, 3, 5]
    static let paddings = [0, 1]
    static let strides = [1, 2, 3]
    static let dilations = [1, 2]

    /// One combination and what the engine said about it.
    struct Row {
        var input, kernel, padding, stride, dilation: Int
        /// The output size, or nil when the kernel does not fit.
        var output: Int?
        /// The engine's formula with the numbers filled in, or its error message.
        var text: String
        /// Input positions (along one axis) that some window's tap reads.
        var read: Set<Int>

        var unread: [Int] { (0..<input).filter { !read.contains($0) } }
        var id: String { "i\(input)-f\(kernel)-p\(padding)-s\(stride)-d\(dilation)" }
        var settings: String { "F = \(kernel), S = \(stride), D = \(dilation)" }
    }

    /// The languages the atlas is written in: each language of the course's lessons (English
    /// when there are none), those without words of their own in English.
    static func languages(of lessonLanguages: [String]) -> [String] {
        lessonLanguages.isEmpty ? ["en"] : Array(Set(lessonLanguages)).sorted()
    }

    /// The folder of the atlas's pictures: `figures/atlas` in English, `figures/atlas-ko` in Korean.
    static func folder(lang: String) -> String { lang == "en" ? "figures/atlas" : "figures/atlas-\(lang)" }

    /// Runs every combination through the engine's `output-size` op.
    static func rows(lang: String = "en") -> [Row] {
        let words = AtlasWords.forLanguage(lang)
        var rows: [Row] = []
        for i in inputs { for f in kernels { for p in paddings { for s in strides { for d in dilations {
            let yaml = "id: atlas-\(i)-\(f)-\(p)-\(s)-\(d)\nop: output-size\ninput: \(i)\nkernel: \(f)\npadding: \(p)\nstride: \(s)\ndilation: \(d)"
            var row = Row(input: i, kernel: f, padding: p, stride: s, dilation: d, output: nil, text: "", read: [])
            do {
                let result = try ExampleRunner.run(ExampleBlock(source: yaml, file: "atlas", line: 1, lang: lang))
                let o = Int(result.result.data[0])
                row.output = o
                // The engine's formula, without its own note on uncovered rows (the atlas's column says which).
                row.text = (result.trace.formulas.first ?? "").components(separatedBy: "  (").first ?? ""
                for k in 0..<o {
                    for t in 0..<f where (0..<i).contains(k * s - p + t * d) { row.read.insert(k * s - p + t * d) }
                }
            } catch let e as LessonError {
                let (span, padded) = (d * (f - 1) + 1, i + 2 * p)
                row.text = span > padded && !words.doesNotFit.isEmpty
                    ? words.fill(words.doesNotFit, ["span": "\(span)", "padded": "\(padded)"]) : e.message
            } catch {
                row.text = "\(error)"
            }
            rows.append(row)
        } } } } }
        return rows
    }

    /// The page, and its pictures (reused from the previous site when nothing changed).
    /// - Throws: `BuildError` (step `render`) when a picture cannot be drawn.
    static func build(lang: String, previous: SiteManifest?) throws -> (page: SitePage, images: RenderedFiles) {
        let rows = rows(lang: lang)
        let words = AtlasWords.forLanguage(lang)
        // Rows with the same input, padding and unread cells share one picture.
        var pictures: [String: [Row]] = [:]
        for r in rows where r.output != nil && !r.unread.isEmpty { pictures[pictureName(r), default: []].append(r) }
        let folder = folder(lang: lang)
        let tag = lang == "en" ? "" : "|\(lang)"
        let key = SiteManifest.contentHash(Data("\(version)|\(ExampleFigures.rendererVersion)|\(pictures.keys.sorted().joined(separator: ","))\(tag)".utf8))
        let grids = pictures.mapValues { group in
            let r = group[0]
            var grid = CoverageGrid(rows: r.input, columns: r.input, padding: (r.padding, r.padding), readRows: r.read,
                                    readColumns: r.read, title: "I = \(r.input), P = \(r.padding)")
            grid.labels = CoverageLabels.forLanguage(lang)
            return grid
        }
        let job = ImageJob(folder: folder, key: key, origin: "atlas") {
            Dictionary(uniqueKeysWithValues: try grids.map { ("\(folder)/\($0.key)", try $0.value.render()) })
        }
        let images = try ImageCache.run([job], previous: previous)
        let page = SitePage(slug: slug, lang: lang, title: words.title, order: 1, summary: words.summary, kind: .other,
                            blocks: blocks(rows, pictures: pictures, folder: folder, sizes: images.sizes, words: words))
        return (page, images)
    }

    static func pictureName(_ r: Row) -> String {
        "i\(r.input)-p\(r.padding)-unread-\(r.unread.map(String.init).joined(separator: "_")).png"
    }

    static func blocks(_ rows: [Row], pictures: [String: [Row]], folder: String, sizes: [String: RenderedSize],
                       words: AtlasWords = .init(.en)) -> [SiteBlock] {
        var blocks: [SiteBlock] = [.markdown(words.intro)]
        for i in inputs {
            let group = rows.filter { $0.input == i }
            var lines = [words.fill(words.heading, ["i": "\(i)"]), "",
                         "| F | P | S | D | O | \(words.formula) | \(words.neverRead) |", "|---:|---:|---:|---:|---:|---|---|"]
            for r in group {
                let o = r.output.map(String.init) ?? "—"
                let formula = r.output == nil ? "**\(words.invalid)**: \(r.text)" : "`\(r.text)`"
                let unread = r.output == nil ? "" : (r.unread.isEmpty ? words.none : r.unread.map(String.init).joined(separator: ", "))
                lines.append("| \(r.kernel) | \(r.padding) | \(r.stride) | \(r.dilation) | \(o) | \(formula) | \(unread) |")
            }
            blocks.append(.markdown(lines.joined(separator: "\n")))
            for name in pictures.keys.filter({ $0.hasPrefix("i\(i)-") }).sorted() {
                let path = "\(folder)/\(name)"
                guard let size = sizes[path], let shared = pictures[name] else { continue }
                let unread = shared[0].unread
                let caption = words.fill(unread.count == 1 ? words.captionOne : words.captionMany, [
                    "i": "\(i)", "p": "\(shared[0].padding)", "list": unread.map(String.init).joined(separator: ", "),
                    "settings": shared.map(\.settings).joined(separator: "; "),
                ])
                blocks.append(.figure(Figure(image: path, alt: size.alt, caption: caption, width: size.width, height: size.height)))
            }
        }
        return blocks
    }
}
