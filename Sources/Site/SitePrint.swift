import Foundation

/// A course's lessons as a printed handout reads them, from the `SiteModel` (not from a built
/// site's HTML): each lesson's `<article>` as its page has it, written for one print page that
/// holds them all (`PrintLinks`: ids prefixed by the lesson's slug, links kept on the print
/// page or led into the built site), its answers taken out for an answer key, and its images
/// loading at once (no `loading="lazy"`).
public enum SitePrint {
    /// One lesson, ready to print.
    public struct Lesson: Sendable, Equatable {
        public var slug: String
        public var title: String
        /// Its number on the index (nil for an unnumbered page such as a notation page).
        public var number: Int?
        /// Site-relative path of its page; the print page stands in the same folder, so the
        /// relative URLs in `article` and `answers` hold there.
        public var path: String
        /// The page's `<article>`, as the print page has it; each answer is a link to its `Answer.id`.
        public var article: String
        /// Its answers, in order.
        public var answers: [Answer]
    }

    /// One exercise's answer, for the answer key.
    public struct Answer: Sendable, Equatable {
        /// The id its reference in the article links to (`<slug>--answer-<n>`, n from 1).
        public var id: String
        public var html: String
    }

    /// The id on the print page of the element `id` of lesson `slug`'s article.
    public static func id(_ id: String, in slug: String) -> String { "\(slug)--\(id)" }

    /// The id of the print page's element that holds lesson `slug`: a link to its page leads there.
    public static func lessonID(_ slug: String) -> String { "lesson-\(slug)" }

    /// The slugs of the lessons of `lang`, in course order.
    /// - Throws: `SiteError` for an invalid model (as `SiteBuilder.build` would).
    public static func slugs(of model: SiteModel, lang: String) throws -> [String] {
        try SitePlan(model).pages(in: lang).filter { $0.kind == .lesson }.map(\.slug)
    }

    /// The lessons of `lang` named in `slugs` (all when nil), in course order, written for one
    /// print page that holds them: a link to anything not on it or beside it (`writeFiles`)
    /// leads into the site built in `site`.
    /// - Throws: `SiteError` for an invalid model (as `SiteBuilder.build` would) or a missing asset.
    public static func lessons(of model: SiteModel, lang: String, slugs: [String]? = nil, site: URL,
                               options: SiteOptions = SiteOptions()) throws -> [Lesson] {
        let plan = try SitePlan(model)
        guard let language = model.languages.first(where: { $0.code == lang }) else { return [] }
        let strings = try UIStrings.table(for: lang)
        let pages = try plan.pages(in: lang).filter { $0.kind == .lesson && slugs?.contains($0.slug) != false }
        let beside = PrintLinks.folders(and: try items(of: model, previousSite: site, options: options).keys)
        return try pages.map { page in
            let path = plan.layout.page(slug: page.slug, lang: lang)
            var context = PageContext(path: path, name: path, lang: lang, strings: strings, options: options)
            context.answerKey = []
            context.print = PrintLinks(slug: page.slug, lessons: Set(pages.map(\.slug)), beside: beside, page: path, site: site)
            context.ids.reserve((0..<answerCount(page.blocks)).map { "answer-\($0 + 1)" })
            let article = try ContentPage.article(plan.input(for: page, in: language), in: &context).html
            let answers = (context.answerKey ?? []).enumerated().map { Answer(id: context.id("answer-\($0.offset + 1)"), html: $0.element) }
            return Lesson(slug: page.slug, title: page.title, number: plan.lessonNumber(of: page), path: path,
                          article: article, answers: answers)
        }
    }

    /// Writes the files the lessons' pages refer to into `folder`, at their places in the site:
    /// the assets (stylesheet, scripts, KaTeX) and the model's files, those of
    /// `SiteFile.previousBuild` copied from the site in `previousSite`.
    /// - Throws: `SiteError` when an asset or a previous build's file is missing, or a write fails.
    public static func writeFiles(of model: SiteModel, to folder: URL, previousSite: URL,
                                  options: SiteOptions = SiteOptions()) throws {
        for (path, item) in try items(of: model, previousSite: previousSite, options: options) {
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

    /// The files beside the print page, by site-relative path.
    private static func items(of model: SiteModel, previousSite: URL, options: SiteOptions) throws -> [String: OutputItem] {
        try Assets.items(katexDirectory: options.katexDirectory)
            .merging(try SiteBuilder.items(of: model.files, previousSite: previousSite)) { _, file in file }
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
