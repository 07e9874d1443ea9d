import Foundation

/// A course's lessons as a printed handout reads them, from the `SiteModel` (not from a built
/// site's HTML): each lesson's `<article>` exactly as its page has it, except that its answers
/// are taken out for an answer key and its images load at once (no `loading="lazy"`).
public enum SitePrint {
    /// One lesson, ready to print.
    public struct Lesson: Sendable, Equatable {
        public var slug: String
        public var title: String
        /// Its number on the index (nil for an unnumbered page such as a notation page).
        public var number: Int?
        /// Site-relative path of its page; the URLs in `article` and `answers` are relative to it.
        public var path: String
        /// The page's `<article>`; each answer is a link to `#answer-<n>` (1-based, in order).
        public var article: String
        /// The HTML of each answer, in order.
        public var answers: [String]
    }

    /// The lessons of `lang`, in course order.
    /// - Throws: `SiteError` for an invalid model (as `SiteBuilder.build` would).
    public static func lessons(of model: SiteModel, lang: String, options: SiteOptions = SiteOptions()) throws -> [Lesson] {
        let plan = try SitePlan(model)
        guard let language = model.languages.first(where: { $0.code == lang }) else { return [] }
        let strings = try UIStrings.table(for: lang)
        return try plan.pages(in: lang).filter { $0.kind == .lesson }.map { page in
            let path = plan.layout.page(slug: page.slug, lang: lang)
            var context = PageContext(path: path, name: path, lang: lang, strings: strings, options: options)
            context.answerKey = []
            context.forPrint = true
            context.ids.reserve((0..<answerCount(page.blocks)).map { "answer-\($0 + 1)" })
            let article = try ContentPage.article(plan.input(for: page, in: language), in: &context).html
            return Lesson(slug: page.slug, title: page.title, number: plan.lessonNumber(of: page), path: path,
                          article: article, answers: context.answerKey ?? [])
        }
    }

    /// Writes the files the lessons' pages refer to into `folder`, at their places in the site:
    /// the assets (stylesheet, scripts, KaTeX) and the model's files, those of
    /// `SiteFile.previousBuild` copied from the site in `previousSite`.
    /// - Throws: `SiteError` when an asset or a previous build's file is missing, or a write fails.
    public static func writeFiles(of model: SiteModel, to folder: URL, previousSite: URL,
                                  options: SiteOptions = SiteOptions()) throws {
        let items = try Assets.items(katexDirectory: options.katexDirectory)
            .merging(try SiteBuilder.items(of: model.files, previousSite: previousSite)) { _, file in file }
        for (path, item) in items {
            let url = folder.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try item.contents().write(to: url)
            } catch let error as SiteError {
                throw error
            } catch {
                throw SiteError.io(operation: "write", path: url.path, reason: error.localizedDescription)
            }
        }
    }

    /// The URL from the page at `from` to the file at `to` (both site-relative).
    public static func url(from: String, to: String) -> String { SiteLayout.relativeURL(from: from, to: to) }

    private static func answerCount(_ blocks: [SiteBlock]) -> Int {
        blocks.reduce(0) { count, block in
            if case let .answer(_, inner) = block { return count + 1 + answerCount(inner) }
            return count
        }
    }
}
