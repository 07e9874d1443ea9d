/// The checked model: sanitized slugs, pages grouped by language and sorted.
struct SitePlan {
    let model: SiteModel
    let layout: SiteLayout
    /// Sanitized pages, sorted by (kind order, order, slug) within each language.
    private let byLanguage: [String: [SitePage]]

    init(_ model: SiteModel) throws {
        guard !model.languages.isEmpty else {
            throw SiteError.unsupportedLanguage(code: "(none)", supported: UIStrings.languages)
        }
        var codes: Set<String> = []
        for language in model.languages {
            _ = try UIStrings.table(for: language.code)
            guard codes.insert(language.code).inserted else {
                throw SiteError.duplicateLanguage(code: language.code)
            }
        }
        var grouped: [String: [SitePage]] = [:]
        var seen: Set<String> = []
        for var page in model.pages {
            guard codes.contains(page.lang) else {
                throw SiteError.pageLanguageNotInModel(slug: page.slug, lang: page.lang)
            }
            page.slug = page.kind == .index ? "index" : SitePlan.slug(page.slug)
            guard seen.insert(page.lang + "/" + page.slug).inserted else {
                throw SiteError.duplicatePage(slug: page.slug, lang: page.lang)
            }
            grouped[page.lang, default: []].append(page)
        }
        self.model = model
        self.layout = SiteLayout(multilingual: model.languages.count > 1)
        self.byLanguage = grouped.mapValues { $0.sorted { ($0.order, $0.slug) < ($1.order, $1.slug) } }
    }

    /// A file-name-safe slug; `index` is kept for the index page.
    static func slug(_ raw: String) -> String {
        let slug = sanitizeIdentifier(raw, fallback: "page", letterFirst: false)
        return slug == "index" ? "index-page" : slug
    }

    func pages(in lang: String) -> [SitePage] { byLanguage[lang] ?? [] }

    /// The index's entries for the pages of `kind` in `lang`, in order.
    func entries(_ kind: PageKind, in lang: String) -> [IndexPage.Entry] {
        pages(in: lang).filter { $0.kind == kind }.map {
            IndexPage.Entry(title: $0.title, summary: $0.summary, path: layout.page(slug: $0.slug, lang: $0.lang),
                            number: lessonNumber(of: $0), order: $0.order)
        }
    }

    /// Lessons are numbered by their author's `order` (an order-0 page such as a notation page has no number).
    func lessonNumber(of page: SitePage) -> Int? { page.kind == .lesson && page.order > 0 ? page.order : nil }

    /// What `ContentPage` needs to render `page` (a page of `plan.pages(in: language.code)`).
    func input(for page: SitePage, in language: SiteLanguage) -> ContentPage.Input {
        let lessons = pages(in: page.lang).filter { $0.kind == .lesson }
        let position = lessons.firstIndex { $0.slug == page.slug }
        func neighbour(_ offset: Int) -> ContentPage.Neighbour? {
            guard let position, lessons.indices.contains(position + offset) else { return nil }
            let other = lessons[position + offset]
            return ContentPage.Neighbour(title: other.title, path: layout.page(slug: other.slug, lang: other.lang))
        }
        return ContentPage.Input(page: page, lessonNumber: lessonNumber(of: page), previous: neighbour(-1), next: neighbour(1),
                                 siteTitle: language.title, homePath: layout.index(lang: language.code),
                                 languages: translations(of: page),
                                 footerLinks: entries(.other, in: page.lang).map { ($0.title, $0.path) })
    }

    /// Links to the same page in the other languages that have it.
    func translations(of page: SitePage) -> [LanguageLink] {
        guard layout.multilingual else { return [] }
        return model.languages.filter { $0.code != page.lang }.compactMap { language in
            guard pages(in: language.code).contains(where: { $0.slug == page.slug }) else { return nil }
            return link(to: language, path: layout.page(slug: page.slug, lang: language.code))
        }
    }

    /// Links to the other languages' index pages.
    func indexTranslations(of lang: String) -> [LanguageLink] {
        guard layout.multilingual else { return [] }
        return model.languages.filter { $0.code != lang }.map { link(to: $0, path: layout.index(lang: $0.code)) }
    }

    private func link(to language: SiteLanguage, path: String) -> LanguageLink {
        let name = (try? UIStrings.table(for: language.code))?[.languageName] ?? language.code
        return LanguageLink(lang: language.code, name: name, path: path)
    }
}
