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
                            blocks: blocks(rows, pictures: pictures, folder: folder, sizes: images.sizes, words: words, lang: lang))
        return (page, images)
    }

    static func pictureName(_ r: Row) -> String {
        "i\(r.input)-p\(r.padding)-unread-\(r.unread.map(String.init).joined(separator: "_")).png"
    }

    static func blocks(_ rows: [Row], pictures: [String: [Row]], folder: String, sizes: [String: RenderedSize],
                       words: AtlasWords = .init(.en), lang: String = "en") -> [SiteBlock] {
        var blocks: [SiteBlock] = [.markdown(words.intro)]
        if let explorer = try? explorer(words: words, lang: lang) {
            blocks += [.markdown("## \(words.explorer)\n\n\(words.explorerIntro)"), .trustedHTML(explorer)]
        }
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
                blocks.append(.figure(Figure(image: path, size: size, caption: caption)))
            }
        }
        return blocks
    }

    /// The explorer's first state (input 7, kernel 3, stride 3: the last cell is never read).
    static let explorerStart = (input: 7, kernel: 3, padding: 0, stride: 3, dilation: 1)

    /// How often each cell along one axis is read, from `-padding` to `input + padding − 1`:
    /// the reads of a one-row `conv2d` of ones, as the lesson engine records them (the in-page
    /// engine, assets/atlas.js, counts the same trace when the learner changes a number).
    static func readCounts(input: Int, kernel: Int, padding: Int, stride: Int, dilation: Int, lang: String) throws -> (formula: String, counts: [Int]) {
        let ones = { (n: Int) in "[[" + Array(repeating: "1", count: n).joined(separator: ",") + "]]" }
        let size = try ExampleRunner.run(ExampleBlock(source: "id: explorer\nop: output-size\ninput: \(input)\nkernel: \(kernel)\npadding: \(padding)\nstride: \(stride)\ndilation: \(dilation)",
                                                      file: "atlas", line: 1, lang: lang))
        let conv = try ExampleRunner.run(ExampleBlock(source: "id: explorer\nop: conv2d\ninput: \(ones(input))\nkernel: \(ones(kernel))\npadding: [0, \(padding)]\nstride: \(stride)\ndilation: \(dilation)",
                                                      file: "atlas", line: 1, lang: lang))
        var counts = Array(repeating: 0, count: input + 2 * padding)
        for step in conv.trace.steps {
            for read in step.reads where read.tensor == "input" && read.index.count == 2 && counts.indices.contains(read.index[1] + padding) {
                counts[read.index[1] + padding] += 1
            }
        }
        return ((size.trace.formulas.first ?? "").components(separatedBy: "  (").first ?? "", counts)
    }

    /// The explorer: five number fields, the formula, and a strip of cells with their read
    /// counts, drawn at build time for `explorerStart` (what a reader without JavaScript sees)
    /// and redrawn by assets/atlas.js through the in-page engine.
    static func explorer(words: AtlasWords, lang: String) throws -> String {
        let s = explorerStart
        let (formula, counts) = try readCounts(input: s.input, kernel: s.kernel, padding: s.padding, stride: s.stride, dilation: s.dilation, lang: lang)
        let e = { (text: String) in escapeHTML(text) }
        var html = "<div class=\"atlas-explorer\" id=\"atlas-explorer\" data-engine"
        html += " data-unread=\"\(e(words.unread))\" data-all-read=\"\(e(words.allRead))\">\n"
        html += "<p class=\"atlas-needs-script\">\(e(words.needsScript))</p>\n<form class=\"atlas-controls\">"
        for (name, label, value, low) in [("input", words.inputLabel, s.input, 1), ("kernel", words.kernelLabel, s.kernel, 1),
                                          ("padding", words.paddingLabel, s.padding, 0), ("stride", words.strideLabel, s.stride, 1),
                                          ("dilation", words.dilationLabel, s.dilation, 1)] {
            html += "<label><span>\(e(label))</span><input type=\"number\" name=\"\(name)\" value=\"\(value)\" min=\"\(low)\" max=\"64\" step=\"1\" inputmode=\"numeric\"></label>"
        }
        html += "</form>\n<p class=\"atlas-result\"><output class=\"atlas-formula\" aria-live=\"polite\">\(e(formula))</output></p>\n"
        html += "<figure class=\"atlas-coverage\"><div class=\"atlas-cells\">" + cellsHTML(counts, padding: s.padding) + "</div>"
        html += "<figcaption>\(e(words.coverage))</figcaption></figure>\n"
        let unread = (0..<s.input).filter { counts[$0 + s.padding] == 0 }
        html += "<p class=\"atlas-unread\">" + e(unread.isEmpty ? words.allRead : words.fill(words.unread, ["list": unread.map(String.init).joined(separator: ", ")])) + "</p>\n</div>"
        return html
    }

    /// One `<span>` per cell with its read count; padding cells and never-read cells marked.
    static func cellsHTML(_ counts: [Int], padding: Int) -> String {
        counts.enumerated().map { k, n in
            let pad = k < padding || k >= counts.count - padding
            let cls = pad ? "cell pad" : (n == 0 ? "cell unread" : "cell")
            return "<span class=\"\(cls)\" data-index=\"\(k - padding)\">\(n)</span>"
        }.joined()
    }
}
