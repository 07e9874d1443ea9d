import Foundation
import Tensor
import Lessons
import NN
import Render
import Site
import Yams
import Words

/// What `convwalk build` is told.
public struct BuildOptions: Sendable {
    /// The lessons folder.
    public var lessons: String
    /// Where the site goes; replaced atomically.
    public var output: String
    /// Let raw HTML in lesson prose through (escaped by default).
    public var allowRawHTML: Bool
    /// Demo pages of trained networks, or nil to leave them out.
    public var demos: DemoOptions?
    /// A page comparing two networks trained alike (resnet-mini against plain-mini), or nil.
    public var comparison: ComparisonOptions?

    public init(lessons: String = "lessons", output: String = "output", allowRawHTML: Bool = false, demos: DemoOptions? = nil,
                comparison: ComparisonOptions? = nil) {
        self.lessons = lessons
        self.output = output
        self.allowRawHTML = allowRawHTML
        self.demos = demos
        self.comparison = comparison
    }
}

/// What a build did, for the summary line and the build benchmark.
public struct BuildSummary: Sendable {
    public var lessons = 0
    public var examples = 0
    /// Images drawn in this build.
    public var rendered = 0
    /// Images reused from the previous build because nothing they show changed.
    public var reused = 0
    public var demoPages = 0
    /// Seconds spent in each named step, in order.
    public var stepSeconds: [(step: String, seconds: Double)] = []
}

/// `convwalk build` as a pipeline of named steps — parse → check → render → demos → write —
/// each a function from plain values to plain values. A failure names its step and its file.
public enum CourseBuild {
    /// Builds the course site.
    /// - Parameter log: receives one line per step.
    /// - Throws: `BuildError` naming the step and every problem found.
    public static func run(_ options: BuildOptions, log: (String) -> Void = { _ in }) throws -> BuildSummary {
        let outputURL = URL(fileURLWithPath: options.output)
        // One build per site at a time (`serve` rebuilding while a manual build runs mixed two sites).
        let lock = try OutputLock(folder: options.output, command: "convwalk build") { log($0) }
        defer { withExtendedLifetime(lock) {} }
        let (model, built) = try siteModel(options, log: log)
        var summary = built

        // write: the whole site into a temporary folder, then swapped into place.
        var siteOptions = SiteOptions(allowRawHTMLInMarkdown: options.allowRawHTML)
        let start = Date()
        do {
            // math: every equation typeset once by KaTeX under Node, so pages need no KaTeX script.
            let equations = try SiteMath.equations(in: model, options: siteOptions)
            siteOptions.renderedMath = MathPrerender.render(equations, katexDirectory: siteOptions.katexDirectory, log: log)
            try SiteBuilder.build(model, to: outputURL, options: siteOptions)
        } catch {
            let e = error
            throw BuildError(step: "write", ["\(options.output): \(ErrorWords.describe(e))"])
        }
        summary.stepSeconds.append(("write", Date().timeIntervalSince(start)))
        log("write: \(model.pages.count) pages in \(options.output)/")
        return summary
    }

    /// Every step but the last: the site as a `SiteModel` (the handout prints it), its images
    /// drawn or, where unchanged, taken from the site in `options.output` (`SiteFile.previousBuild`).
    /// - Throws: `BuildError` naming the step and every problem found.
    public static func siteModel(_ options: BuildOptions, log: (String) -> Void = { _ in }) throws -> (SiteModel, BuildSummary) {
        var summary = BuildSummary()
        func timed<T>(_ step: String, _ body: () throws -> T) rethrows -> T {
            let start = Date()
            let value = try body()
            summary.stepSeconds.append((step, Date().timeIntervalSince(start)))
            return value
        }
        let outputURL = URL(fileURLWithPath: options.output)

        // parse + check: every example through the kernels; any error stops the build.
        let report = timed("check") { CourseChecker.check(paths: [options.lessons]) }
        guard report.passed else { throw BuildError(step: "check", report.allErrors.map(\.description)) }
        let lessons = report.lessons.compactMap { r in r.lesson.map { ($0, r) } }
        guard !lessons.isEmpty else { throw BuildError(step: "parse", ["\(options.lessons): no lessons found (expected *.md files)"]) }
        summary.lessons = lessons.count
        summary.examples = report.exampleCount
        log("check: \(lessons.count) lessons, \(report.exampleCount) examples verified")

        // render: draw what changed, reuse the rest from the previous site.
        let previous = SiteManifest.read(siteAt: outputURL)
        let examples = lessons.flatMap { lesson, lessonReport in LessonPage.examples(of: lesson, report: lessonReport).map { (lesson, $0) } }
        // The keys hash every trace: computed on all cores, like the drawing.
        let jobs = Parallelism.map(examples) { lesson, example -> ImageJob in
            let figures = LessonPage.figures(example.result, block: example.block, lesson: lesson)
            return ImageJob(folder: figures.folder, key: figures.cacheKey, origin: "\(example.result.location): \(example.result.id)") { try figures.images() }
        }
        var drawn = try timed("render") { try ImageCache.run(jobs, previous: previous) }
        summary.rendered = drawn.rendered
        summary.reused = drawn.reused
        log("render: \(summary.rendered) images drawn, \(summary.reused) reused")

        var pages: [SitePage] = []
        for (lesson, lessonReport) in lessons {
            let answer = (try? UIStrings.table(for: lesson.frontMatter.lang)[.answer]) ?? nil
            pages.append(LessonPage(lesson: lesson, report: lessonReport).page(images: drawn.sizes, answerLabel: answer ?? "Answer"))
        }

        // atlas: the output-size table after the lessons, computed by the engine, in each language.
        let atlases = try timed("atlas") {
            try AtlasPage.languages(of: lessons.map(\.0.frontMatter.lang)).map { try AtlasPage.build(lang: $0, previous: previous) }
        }
        for atlas in atlases {
            pages.append(atlas.page)
            drawn.merge(atlas.images)
        }
        log("atlas: \(atlases.map(\.images.rendered).reduce(0, +)) pictures drawn, \(atlases.map(\.images.reused).reduce(0, +)) reused")

        pages += Translations.fallbacks(for: pages)

        // demos: pages of trained networks, drawn from their checkpoints.
        if let demo = options.demos {
            let links = lessons.map { DemoPages.LessonLink(slug: $0.0.frontMatter.slug, title: $0.0.frontMatter.title, lang: $0.0.frontMatter.lang) }
            let set: DemoPages
            do {
                set = try timed("demos") {
                    try DemoPages.build(demo, languages: Array(Set(pages.map(\.lang))).sorted(), lessons: links, previous: previous, log: log)
                }
            } catch let e as BuildError { throw e } catch {
                throw BuildError(step: "demos", [ErrorWords.describe(error)])
            }
            pages = ToyToReal.addingBacklinks(to: pages, lessons: lessons, demos: set.backlinks) + set.pages
            drawn.merge(set.images)
            summary.demoPages = set.pages.count
            summary.rendered += set.images.rendered
            summary.reused += set.images.reused
            log("demos: \(set.pages.count) pages, \(set.images.rendered) images drawn, \(set.images.reused) reused")
        }

        // compare: two networks trained alike, side by side.
        if let comparison = options.comparison {
            let set: (pages: [SitePage], images: RenderedFiles)
            do {
                set = try timed("compare") {
                    try ComparisonPage.build(comparison, languages: Array(Set(pages.map(\.lang))).sorted(), previous: previous, log: log)
                }
            } catch let e as BuildError { throw e } catch {
                throw BuildError(step: "compare", [ErrorWords.describe(error)])
            }
            pages += set.pages
            drawn.merge(set.images)
            summary.demoPages += set.pages.count
            summary.rendered += set.images.rendered
            summary.reused += set.images.reused
            log("compare: \(set.pages.count) pages, \(set.images.rendered) images drawn, \(set.images.reused) reused")
        }

        let languages = try CourseInfo.load(lessonsFolder: options.lessons, codes: pages.map(\.lang))
        let phrases = Dictionary(uniqueKeysWithValues: languages.map { ($0.code, TracePhrases.engineJSON($0.code)) })
        let model = SiteModel(languages: languages, pages: pages, files: drawn.files, cacheKeys: drawn.cacheKeys, enginePhrases: phrases,
                              engineModels: Self.engineModels(examples.map(\.1.block)))
        return (model, summary)
    }
}

extension CourseBuild {
    /// The models that the architecture examples name (`model: NAME`), resolved for the page's
    /// engine (`ArchitectureModels.pageJSON`), by name.
    static func engineModels(_ blocks: [ExampleBlock]) -> [String: String] {
        var models: [String: String] = [:]
        for block in blocks {
            guard let fields = try? Yams.load(yaml: block.source) as? [String: Any], fields["op"] as? String == "architecture",
                  let name = fields["model"] as? String, models[name] == nil,
                  let json = try? ArchitectureModels.pageJSON(name, near: block.file) else { continue }
            models[name] = json
        }
        return models
    }
}

/// The sizes and alt texts of an example's images, kept in the site manifest so a rebuild
/// can reuse the images without opening them.
enum FigureCache {
    static func encode(_ meta: [String: RenderedSize]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let plain = meta.mapValues { size in
            ["width": "\(size.width)", "height": "\(size.height)", "alt": size.alt].merging(size.textSize.map { ["text": "\($0)"] } ?? [:]) { a, _ in a }
        }
        return String(decoding: (try? encoder.encode(plain)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String: RenderedSize]? {
        guard let text, let plain = try? JSONDecoder().decode([String: [String: String]].self, from: Data(text.utf8)) else { return nil }
        var meta: [String: RenderedSize] = [:]
        for (path, v) in plain {
            guard let w = v["width"].flatMap(Int.init), let h = v["height"].flatMap(Int.init), let alt = v["alt"] else { return nil }
            meta[path] = RenderedSize(width: w, height: h, alt: alt, textSize: v["text"].flatMap(Double.init))
        }
        return meta
    }
}

