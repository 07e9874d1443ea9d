import Foundation

/// Builds a static HTML course from a `SiteModel`: check → render pages → add assets and the
/// caller's files → write to a temporary folder → swap into place.
public enum SiteBuilder {
    /// Builds the whole site into `destination`, replacing the previous site atomically.
    ///
    /// The site is written to a temporary folder next to `destination` first; only when every
    /// file is written is the old site renamed away and the new one renamed in. A build that
    /// throws leaves the previous site untouched. The same model gives the same bytes.
    ///
    /// - Parameters:
    ///   - model: pages, languages and pass-through files.
    ///   - destination: the site's folder. If it exists it must be empty or a convwalk site.
    ///   - options: Markdown and KaTeX switches.
    /// - Returns: the manifest, written beside the site (`SiteManifest`).
    /// - Throws: `SiteError` naming the page, file or path at fault.
    @discardableResult
    public static func build(_ model: SiteModel, to destination: URL,
                             options: SiteOptions = SiteOptions()) throws -> SiteManifest {
        let pages = try renderPages(model, options: options)
        var items = pages.mapValues { OutputItem.data(Data($0.utf8)) }
        var assets = try Assets.items(katexDirectory: options.katexDirectory)
        // KaTeX's script and math.js typeset in the browser only what was not typeset when the
        // site was built (no Node); when no page loads them, they are not shipped.
        if !pages.values.contains(where: { $0.contains(SiteLayout.mathScript) }) {
            assets[SiteLayout.mathScript] = nil
            assets[SiteLayout.katexScript] = nil
        }
        try add(assets, to: &items)
        try add([SiteLayout.enginePhrasesScript: .data(Data(Assets.enginePhrasesScript(model.enginePhrases, models: model.engineModels).utf8))], to: &items)
        let passThrough = try Self.items(of: model.files, previousSite: destination)
        try add(passThrough, to: &items)
        let shared = try SharedCopies.merge(&items, among: Set(passThrough.keys))
        return try SiteWriter.write(items, cacheKeys: model.cacheKeys, shared: shared, to: destination)
    }

    /// Renders every HTML page of the site, and each language's search index
    /// (`assets/search-<lang>.js`), without writing anything.
    /// - Returns: site-relative path → text.
    /// - Throws: `SiteError` for an invalid model or content.
    public static func renderPages(_ model: SiteModel, options: SiteOptions = SiteOptions()) throws -> [String: String] {
        let plan = try SitePlan(model)
        var pages: [String: String] = [:]
        let layout = plan.layout

        if let root = layout.rootIndex, let first = model.languages.first {
            let context = PageContext(path: root, name: root, lang: first.code,
                                      strings: try UIStrings.table(for: first.code), options: options)
            pages[root] = IndexPage.renderChooser(model.languages, layout: layout, in: context)
        }

        var search: [String: [SearchEntry]] = [:]
        // Heading ids of the first language's pages, by slug: a translation with the same
        // heading levels in the same order takes the same ids.
        var originalHeadings: [String: [Heading]] = [:]
        for language in model.languages {
            let strings = try UIStrings.table(for: language.code)
            let homePath = layout.index(lang: language.code)
            let ofLanguage = plan.pages(in: language.code)

            func entries(_ kind: PageKind) -> [IndexPage.Entry] { plan.entries(kind, in: language.code) }
            let intro = ofLanguage.filter { $0.kind == .index }.flatMap(\.blocks)
            var indexContext = PageContext(path: homePath, name: homePath, lang: language.code,
                                           strings: strings, options: options)
            let indexInput = IndexPage.Input(language: language, intro: intro, lessons: entries(.lesson),
                                             demos: entries(.demo), others: entries(.other),
                                             languages: plan.indexTranslations(of: language.code))
            pages[homePath] = try IndexPage.render(indexInput, homePath: homePath, in: &indexContext)

            for page in ofLanguage where page.kind != .index {
                let path = layout.page(slug: page.slug, lang: page.lang)
                let fresh = PageContext(path: path, name: path, lang: page.lang, strings: strings, options: options)
                var context = fresh
                let input = plan.input(for: page, in: language)
                var rendered = try ContentPage.render(input, in: &context)
                if let original = originalHeadings[page.slug] {
                    if original.map(\.level) == rendered.headings.map(\.level), original.map(\.id) != rendered.headings.map(\.id) {
                        context = fresh
                        context.ids.headingIDs = original.map(\.id)
                        rendered = try ContentPage.render(input, in: &context)
                    }
                } else if language.code == model.languages.first?.code {
                    originalHeadings[page.slug] = rendered.headings
                }
                pages[path] = rendered.html
                search[language.code, default: []].append(rendered.search)
            }
        }
        for language in model.languages {
            pages[SearchIndex.path(lang: language.code)] = try SearchIndex.script(lang: language.code, entries: search[language.code] ?? [])
        }
        return pages
    }

    /// The caller's files as output items: their bytes, or for `SiteFile.previousBuild` a copy
    /// from the site in `previousSite` (read where that build kept it, when it shared the picture).
    /// - Throws: `SiteError.invalidPath` for a path the site may not take.
    static func items(of files: [String: SiteFile], previousSite: URL) throws -> [String: OutputItem] {
        var items: [String: OutputItem] = [:]
        let previous = files.values.contains(.previousBuild) ? SiteManifest.read(siteAt: previousSite) : nil
        for (path, file) in files.sorted(by: { $0.key < $1.key }) {
            try SiteLayout.validate(filePath: path)
            switch file {
            case .bytes(let data):
                items[path] = .data(data)
            case .previousBuild:
                items[path] = .copy(previousSite.appendingPathComponent(previous?.location(of: path) ?? path),
                                    ifMissing: .previousFileMissing(path: path, destination: previousSite.path))
            }
        }
        return items
    }

    private static func add(_ new: [String: OutputItem], to items: inout [String: OutputItem]) throws {
        for path in new.keys.sorted() where items[path] != nil {
            throw SiteError.invalidPath(path: path, reason: "is written twice (a page or asset already uses it)")
        }
        items.merge(new) { old, _ in old }
    }
}
