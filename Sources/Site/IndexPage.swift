import Words

/// The front page of one language (course title, intro, lessons in order, demos, other pages)
/// and, for several languages, the language chooser at the site root.
enum IndexPage {
    /// A page as listed on the index.
    struct Entry {
        let title: String
        let summary: String
        let path: String
        /// The number shown on a lesson's card: its `order`, when that is above 0.
        var number: Int? = nil
        /// The lesson's `order`, which places it in a part.
        var order: Int = 0
    }

    struct Input {
        let language: SiteLanguage
        /// Blocks of the language's `.index` page, if any, shown above the lists.
        let intro: [SiteBlock]
        let lessons: [Entry]
        let demos: [Entry]
        let others: [Entry]
        let languages: [LanguageLink]
    }

    static func render(_ input: Input, homePath: String, in context: inout PageContext) throws -> String {
        let intro = try BlockHTML.render(input.intro, in: &context)
        var body = "<header class=\"hero\"><h1>\(escapeHTML(input.language.title))</h1>"
        if !input.language.tagline.isEmpty {
            body += "<p class=\"tagline\">\(escapeHTML(input.language.tagline))</p>"
        }
        body += "</header>\n"
        if !intro.html.isEmpty {
            body += "<div class=\"prose intro\">\n\(intro.html)</div>\n"
        }
        if input.language.parts.isEmpty {
            body += section(id: "lessons", title: .lessons, entries: input.lessons, numbered: true, in: &context)
        } else {
            body += partsSection(input.language.parts, entries: input.lessons, in: &context)
        }
        body += section(id: "demos", title: .demos, entries: input.demos, numbered: false, in: &context)
        body += section(id: "more", title: .more, entries: input.others, numbered: false, in: &context)

        let parts = PageShell.Parts(pageTitle: nil, siteTitle: input.language.title, homePath: homePath,
                                    languages: input.languages, mainClass: "main main-index", body: body,
                                    hasMath: intro.hasMath, typesetsMath: intro.typesetsMath, hasPlayer: intro.hasPlayer,
                                    searchIndex: SearchIndex.path(lang: input.language.code),
                                    description: input.language.tagline, footerLinks: input.others.map { ($0.title, $0.path) })
        return PageShell.render(parts, in: context)
    }

    private static func section(id: String, title: UIKey, entries: [Entry], numbered: Bool,
                                in context: inout PageContext) -> String {
        guard !entries.isEmpty else { return "" }
        let headingID = context.ids.claim(id, fallback: id)
        var html = "<section class=\"listing\" aria-labelledby=\"\(headingID)\">"
        html += "<h2 id=\"\(headingID)\">\(context.text(title))</h2>\n"
        return html + cards(entries, numbered: numbered, in: context) + "</section>\n"
    }

    /// The lessons under their parts' headings: "Part 2 · Layers", a line on what the part is
    /// for, then its cards. Lessons before the first part are listed first, without a heading.
    private static func partsSection(_ parts: [CoursePart], entries: [Entry], in context: inout PageContext) -> String {
        let headingID = context.ids.claim("lessons", fallback: "lessons")
        var html = "<section class=\"listing\" aria-labelledby=\"\(headingID)\">"
        html += "<h2 id=\"\(headingID)\">\(context.text(.lessons))</h2>\n"
        let starts = parts.map(\.firstOrder)
        let before = entries.filter { $0.order < (starts.first ?? 0) }
        if !before.isEmpty { html += cards(before, numbered: true, in: context) }
        for (i, part) in parts.enumerated() {
            let end = i + 1 < parts.count ? starts[i + 1] : Int.max
            let members = entries.filter { $0.order >= part.firstOrder && $0.order < end }
            guard !members.isEmpty else { continue }
            let id = context.ids.claim("part-\(i + 1)", fallback: "part")
            let label = Catalog.fill(context.text(.partNumber), ["n": String(i + 1)])
            html += "<section class=\"part\" aria-labelledby=\"\(id)\"><h3 id=\"\(id)\">"
            html += "<span class=\"part-number\">\(escapeHTML(label))</span> \(escapeHTML(part.title))</h3>\n"
            if !part.summary.isEmpty { html += "<p class=\"part-summary\">\(escapeHTML(part.summary))</p>\n" }
            html += cards(members, numbered: true, in: context) + "</section>\n"
        }
        return html + "</section>\n"
    }

    private static func cards(_ entries: [Entry], numbered: Bool, in context: PageContext) -> String {
        let list = numbered ? "ol" : "ul"
        var html = "<\(list) class=\"cards\">\n"
        for entry in entries {
            html += "<li class=\"card\"><a href=\"\(context.url(entry.path))\">"
            if numbered, let n = entry.number { html += "<span class=\"card-number\">\(n)</span>" }
            html += "<span class=\"card-title\">\(escapeHTML(entry.title))</span></a>"
            if !entry.summary.isEmpty {
                html += "<p class=\"card-summary\">\(escapeHTML(entry.summary))</p>"
            }
            html += "</li>\n"
        }
        return html + "</\(list)>\n"
    }

    /// The root page of a multilingual site: one link per language.
    static func renderChooser(_ languages: [SiteLanguage], layout: SiteLayout, in context: PageContext) -> String {
        var body = "<header class=\"hero\"><h1>\(escapeHTML(languages.first?.title ?? ""))</h1>"
        let prompts = languages.map { language -> String in
            let prompt = (try? UIStrings.table(for: language.code))?[.chooseLanguage] ?? ""
            return "<span lang=\"\(escapeHTML(language.code))\">\(escapeHTML(prompt))</span>"
        }
        body += "<p class=\"tagline\">\(prompts.joined(separator: " · "))</p></header>\n<ul class=\"cards language-cards\">\n"
        for language in languages {
            let name = (try? UIStrings.table(for: language.code))?[.languageName] ?? language.code
            let lang = escapeHTML(language.code)
            body += "<li class=\"card\" lang=\"\(lang)\"><a href=\"\(context.url(layout.index(lang: language.code)))\" hreflang=\"\(lang)\">"
            body += "<span class=\"card-title\">\(escapeHTML(name))</span></a>"
            body += "<p class=\"card-summary\">\(escapeHTML(language.title))</p></li>\n"
        }
        body += "</ul>\n"
        let parts = PageShell.Parts(pageTitle: nil, siteTitle: languages.first?.title ?? "",
                                    homePath: context.path, mainClass: "main main-index", body: body)
        return PageShell.render(parts, in: context)
    }
}
