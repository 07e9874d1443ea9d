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
