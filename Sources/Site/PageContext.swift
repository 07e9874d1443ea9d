import Foundation
import Words

/// What the renderers need to know about the page they are writing into.
struct PageContext {
    /// Site-relative path of the page, e.g. `ko/convolution.html`; all URLs are made relative to it.
    let path: String
    /// Names the page in error messages.
    let name: String
    let lang: String
    let strings: [UIKey: String]
    let options: SiteOptions
    /// Answers collected for an answer key (`SitePrint`): each `SiteBlock.answer` is rendered
    /// here, and a reference to it (`#answer-<n>`) stands in the page; nil renders answers in place.
    var answerKey: [String]?
    /// For a print page holding several lessons (`SitePrint`): how this lesson's ids and URLs
    /// are written there; nil on the site's pages.
    var print: PrintLinks?
    /// Ids already used on this page.
    var ids = IdentifierPool(reserved: ["main", "toc-title", "convwalk-strings", "site-title", "site-search", "site-search-results"])

    /// A URL from this page to a site-relative path, escaped for an attribute.
    func url(_ sitePath: String) -> String {
        escapeHTML(link(SiteLayout.relativeURL(from: path, to: sitePath)))
    }

    /// The `id` of an element of this page, as written: `id` itself on the site.
    func id(_ id: String) -> String { print?.id(id) ?? id }

    /// A URL of this page (relative to it) as written: `url` itself on the site.
    func link(_ url: String) -> String { print?.url(url) ?? url }

    /// An interface string, escaped for HTML.
    func text(_ key: UIKey) -> String {
        escapeHTML(strings[key] ?? "")
    }
}

/// Rendered page content plus what the page shell needs to know about it.
struct RenderedBlocks {
    var html = ""
    /// Entries for the table of contents, in order.
    var headings: [Heading] = []
    /// The headings of the Markdown blocks only (no player titles).
    var markdownHeadings: [Heading] = []
    /// Some equation is on the page (KaTeX's stylesheet is needed).
    var hasMath = false
    /// Some equation still needs KaTeX in the browser (no build-time rendering for it).
    var typesetsMath = false
    /// The equations of the Markdown blocks, in order (`SiteMath.equations` collects them).
    var equations: [Equation] = []
    var hasPlayer = false
    /// Some block drives the in-page engine itself (`data-engine`, e.g. the atlas explorer).
    var usesEngine = false
    /// Some block is a demo page's drawing pad (`data-digit-pad`): the engine and assets/digit.js.
    var usesDigitPad = false
    /// The HTML of the Markdown blocks only (the prose), for the search index.
    var prose = ""

    /// Takes in what `other` found (headings, prose, what the page needs), not its HTML.
    mutating func merge(_ other: RenderedBlocks) {
        headings += other.headings
        markdownHeadings += other.markdownHeadings
        hasMath = hasMath || other.hasMath
        equations += other.equations
        typesetsMath = typesetsMath || other.typesetsMath
        hasPlayer = hasPlayer || other.hasPlayer
        usesEngine = usesEngine || other.usesEngine
        usesDigitPad = usesDigitPad || other.usesDigitPad
        prose += other.prose
    }
}

/// Renders content blocks in order.
enum BlockHTML {
    /// - Throws: `SiteError` for an image without alt text, an empty player or a bad path.
    static func render(_ blocks: [SiteBlock], in page: inout PageContext) throws -> RenderedBlocks {
        var out = RenderedBlocks()
        for block in blocks {
            switch block {
            case .markdown(let source):
                try markdown(source, into: &out, in: &page)
            case let .formula(id, source, live):
                // The Markdown as it would be without the wrapper (no style of the page's
                // prose reaches into it differently), and the data Edit mode reruns.
                let id = page.id(page.ids.claim(id, fallback: "formula"))
                out.html += "<div class=\"formula-live\" id=\"\(id)\" data-player-id=\"\(id)\">\n"
                try markdown(source, into: &out, in: &page)
                out.html += "<script type=\"application/json\" class=\"player-data\">\(scriptSafeJSON(live))</script>\n</div>\n"
                out.hasPlayer = true
            case let .layerTable(id, blocks, live):
                // Its pictures and table as they are, in a box with the data Edit mode reruns;
                // on paper the pictures and table alone.
                let id = page.print == nil ? page.id(page.ids.claim(id, fallback: "layers")) : nil
                let inner = try render(blocks, in: &page)
                out.merge(inner)
                if let id {
                    out.html += "<div class=\"arch-live\" id=\"\(id)\" data-player-id=\"\(id)\">\n" + inner.html
                    out.html += "<script type=\"application/json\" class=\"player-data\">\(scriptSafeJSON(live))</script>\n</div>\n"
                    out.hasPlayer = true
                } else {
                    out.html += inner.html
                }
            case let .result(id, outputs, blocks, live):
                // The result as the build wrote it; Edit mode redraws it from each rerun.
                let id = page.id(page.ids.claim(id, fallback: "result"))
                let inner = try render(blocks, in: &page)
                out.merge(inner)
                out.html += "<div class=\"result-live\" id=\"\(id)\" data-player-id=\"\(id)\" data-outputs=\"\(escapeHTML(outputs.joined(separator: " ")))\">\n"
                out.html += inner.html
                out.html += "<script type=\"application/json\" class=\"player-data\">\(scriptSafeJSON(live))</script>\n</div>\n"
                out.hasPlayer = true
            case .player(let player):
                let rendered = try PlayerHTML.render(player, in: &page)
                out.html += rendered.html
                out.headings.append(rendered.heading)
                out.hasPlayer = true
            case .figure(let figure):
                // On paper there is nothing to tap, and a PDF's link to the picture would lead into
                // the handout's temporary folder: a print page's figures are not links.
                out.html += try figureHTML(figure, class: "figure", zoomable: page.print == nil, in: page) + "\n"
            case .trustedHTML(let html):
                out.html += html
                out.usesEngine = out.usesEngine || html.contains(" data-engine")
                out.usesDigitPad = out.usesDigitPad || html.contains(" data-digit-pad")
                if !html.hasSuffix("\n") { out.html += "\n" }
            case let .answer(label, blocks):
                let inner = try render(blocks, in: &page)
                out.merge(inner)
                if page.answerKey != nil {
                    page.answerKey!.append(inner.html)
                    let n = page.answerKey!.count
                    let reference = Catalog.fill(Language(code: page.lang)[.handoutAnswerReference], ["n": "\(n)"])
                    out.html += "<p class=\"handout-answer-reference\"><a href=\"#\(page.id("answer-\(n)"))\">\(escapeHTML(reference))</a></p>\n"
                } else {
                    out.html += "<details class=\"answer\"><summary>\(escapeHTML(label))</summary>\n\(inner.html)</details>\n"
                }
            }
        }
        return out
    }

    /// Markdown prose: its HTML (equations typeset at build time when they were, by the
    /// renderer), its headings, its equations and its text for the search index (the TeX).
    private static func markdown(_ source: String, into out: inout RenderedBlocks, in page: inout PageContext) throws {
        let md = try Markdown.render(source, allowRawHTML: page.options.allowRawHTMLInMarkdown, ids: &page.ids, print: page.print,
                                     math: page.options.renderedMath)
        out.html += md.html
        out.prose += md.texHTML
        out.headings += md.headings
        out.markdownHeadings += md.headings
        out.equations += md.equations
        out.hasMath = out.hasMath || !md.equations.isEmpty
        out.typesetsMath = out.typesetsMath || md.equations.contains { page.options.renderedMath[$0] == nil }
    }

    /// `<figure>` with an image and an optional caption.
    /// - Parameter zoomable: a picture wider than a phone (over `zoomWidth` CSS px) becomes a
    ///   link to itself, so a tap opens it full size where it can be zoomed.
    /// A picture kept wider than the column for its text (`legibleWidth`) scrolls sideways
    /// inside its figure (`scrollBox`).
    static func figureHTML(_ figure: Figure, class cssClass: String, zoomable: Bool = false, in page: PageContext) throws -> String {
        var html = "<figure class=\"\(cssClass)\">"
        var image = try imageHTML(path: figure.image, alt: figure.alt, width: figure.width, height: figure.height,
                                  textSize: figure.textSize, in: page)
        if zoomable, let width = figure.width, width > zoomWidth {
            image = "<a class=\"figure-zoom\" href=\"\(page.url(figure.image))\">\(image)</a>"
        }
        html += scrollBox(image, width: figure.width, textSize: figure.textSize, in: page)
        if !figure.caption.isEmpty {
            html += "<figcaption>\(escapeHTML(figure.caption))</figcaption>"
        }
        return html + "</figure>"
    }

    /// `image` in a box that scrolls sideways when the picture is kept wider than the column
    /// for its text (`legibleWidth`), with a hint that `site.js` shows while it does; the image
    /// alone when its text size is unknown.
    static func scrollBox(_ image: String, width: Int?, textSize: Double?, in page: PageContext) -> String {
        guard legibleWidth(width: width, textSize: textSize) != nil else { return image }
        return "<div class=\"figure-scroll\">\(image)</div><p class=\"scroll-hint\" hidden>\(page.text(.scrollHint))</p>"
    }

    /// Figures wider than this (CSS px) link to their full-size image.
    static let zoomWidth = 360

    /// The smallest text size (CSS px) a picture is shown at.
    public static let minimumTextSize = 11.0

    /// The narrowest a picture `width` CSS px wide can be shown with its smallest text
    /// (`textSize` px at that width) still `minimumTextSize`; nil when either is unknown.
    static func legibleWidth(width: Int?, textSize: Double?) -> Int? {
        guard let width, let textSize, width > 0, textSize > 0 else { return nil }
        return Int((Double(width) * minimumTextSize / textSize).rounded(.up))
    }

    /// `<img>` for a site-relative image path; alt text is required. Every image on the site
    /// loads lazily (the browser fetches it when it comes near the viewport, and never while it
    /// is hidden; on a print page every image is wanted before printing starts, so at once),
    /// and its size, when known, reserves its space so the page does not jump. With the size of
    /// its smallest text, it carries it (`data-text-px`, for the browser checks) and is never
    /// shown narrower than `legibleWidth`.
    static func imageHTML(path: String, alt: String, width: Int? = nil, height: Int? = nil, textSize: Double? = nil,
                          in page: PageContext) throws -> String {
        try SiteLayout.validate(filePath: path)
        guard !alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SiteError.missingAlt(page: page.name, image: path)
        }
        var html = "<img src=\"\(page.url(path))\" alt=\"\(escapeHTML(alt))\""
        if let width, let height, width > 0, height > 0 {
            html += " width=\"\(width)\" height=\"\(height)\""
        }
        if let textSize, let legible = legibleWidth(width: width, textSize: textSize) {
            html += " data-text-px=\"\(textPX(textSize))\" style=\"min-width: \(legible)px\""
        }
        return html + (page.print != nil ? "" : " loading=\"lazy\"") + " decoding=\"async\">"
    }

    /// A text size with at most two decimals, no trailing zeros (`9.5`, `11`).
    static func textPX(_ size: Double) -> String {
        let hundredths = Int((size * 100).rounded())
        return hundredths % 100 == 0 ? "\(hundredths / 100)" : hundredths % 10 == 0 ? "\(hundredths / 100).\(hundredths % 100 / 10)"
            : "\(hundredths / 100).\(String(format: "%02d", hundredths % 100))"
    }
}
