import Words

/// A lesson, demo or other page: title, table of contents, content blocks and, for lessons,
/// previous/next links.
enum ContentPage {
    /// A neighbouring lesson for the pager.
    struct Neighbour {
        let title: String
        let path: String
    }

    struct Input {
        let page: SitePage
        /// 1-based position among the language's lessons; nil for other kinds.
        let lessonNumber: Int?
        let previous: Neighbour?
        let next: Neighbour?
        let siteTitle: String
        let homePath: String
        let languages: [LanguageLink]
        /// The language's other pages, for the footer.
        var footerLinks: [(title: String, path: String)] = []
    }

    /// A rendered page.
    struct Output {
        let html: String
        /// The page's entry for the search index.
        let search: SearchEntry
        /// Its Markdown headings, whose ids its translations reuse.
        let headings: [Heading]
    }

    static func render(_ input: Input, in context: inout PageContext) throws -> Output {
        let page = input.page
        let (body, blocks) = try article(input, in: &context)
        let parts = PageShell.Parts(pageTitle: page.title, siteTitle: input.siteTitle, homePath: input.homePath,
                                    languages: input.languages, mainClass: "main main-\(page.kind.rawValue)",
                                    body: body, hasMath: blocks.hasMath, typesetsMath: blocks.typesetsMath, hasPlayer: blocks.hasPlayer,
                                    usesEngine: blocks.usesEngine, usesDigitPad: blocks.usesDigitPad, offersEngine: page.kind == .lesson, searchIndex: SearchIndex.path(lang: page.lang), description: page.summary,
                                    footerLinks: input.footerLinks)
        let entry = SearchIndex.entry(page: page, path: context.path, headings: blocks.headings, proseHTML: blocks.prose)
        return Output(html: PageShell.render(parts, in: context), search: entry, headings: blocks.markdownHeadings)
    }

    /// The page's `<article>`: header, contents, blocks and, for a lesson, the pager.
    static func article(_ input: Input, in context: inout PageContext) throws -> (html: String, blocks: RenderedBlocks) {
        let page = input.page
        let blocks = try BlockHTML.render(page.blocks, in: &context)
        let tocEntries = blocks.headings.filter { $0.level <= 3 }

        var body = "<article class=\"page page-\(page.kind.rawValue)\">\n<header class=\"page-header\">"
        if let n = input.lessonNumber {
            body += "<p class=\"eyebrow\">\(Catalog.fill(context.text(.lessonNumber), ["n": String(n)]))</p>"
        }
        body += "<h1>\(escapeHTML(page.title))</h1>"
        if !page.summary.isEmpty {
            body += "<p class=\"summary\">\(escapeHTML(page.summary))</p>"
        }
        body += "</header>\n"

        let showTOC = page.kind == .lesson ? !tocEntries.isEmpty : tocEntries.count >= 2
        body += showTOC ? "<div class=\"page-grid\">\n" + toc(tocEntries, in: context) : "<div class=\"page-grid page-grid-single\">\n"
        body += "<div class=\"prose\">\n\(blocks.html)</div>\n</div>\n"
        if page.kind == .lesson {
            body += pager(previous: input.previous, next: input.next, in: context)
        }
        body += "</article>\n"
        return (body, blocks)
    }

    private static func toc(_ entries: [Heading], in context: PageContext) -> String {
        let top = entries.map(\.level).min() ?? 1
        let title = context.id("toc-title")
        var html = "<nav class=\"toc\" aria-labelledby=\"\(title)\"><h2 id=\"\(title)\">\(context.text(.contents))</h2><ol>\n"
        for entry in entries {
            let depth = entry.level - top
            html += "<li class=\"toc-depth-\(depth)\"><a href=\"#\(context.id(entry.id))\">\(escapeHTML(entry.text))</a></li>\n"
        }
        return html + "</ol></nav>\n"
    }

    private static func pager(previous: Neighbour?, next: Neighbour?, in context: PageContext) -> String {
        guard previous != nil || next != nil else { return "" }
        var html = "<nav class=\"pager\" aria-label=\"\(context.text(.lessons))\">"
        if let previous {
            html += "<a class=\"pager-prev\" rel=\"prev\" href=\"\(context.url(previous.path))\">"
            html += "<span class=\"pager-label\">← \(context.text(.previous))</span>"
            html += "<span class=\"pager-title\">\(escapeHTML(previous.title))</span></a>"
        }
        if let next {
            html += "<a class=\"pager-next\" rel=\"next\" href=\"\(context.url(next.path))\">"
            html += "<span class=\"pager-label\">\(context.text(.next)) →</span>"
            html += "<span class=\"pager-title\">\(escapeHTML(next.title))</span></a>"
        }
        return html + "</nav>\n"
    }
}
