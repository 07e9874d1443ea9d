import Foundation

/// A link to the same page in another language.
struct LanguageLink {
    let lang: String
    /// The language's own name, e.g. "한국어".
    let name: String
    /// Site-relative path of the translation.
    let path: String
}

/// The frame around every page: `<head>`, site header with the language switch, `<main>`,
/// and the scripts the content needs.
enum PageShell {
    struct Parts {
        /// The page's own title; nil for the course's front page.
        var pageTitle: String?
        var siteTitle: String
        /// Site-relative path of this language's index page.
        var homePath: String
        var languages: [LanguageLink] = []
        var mainClass: String
        var body: String
        /// Equations on the page: KaTeX's stylesheet.
        var hasMath = false
        /// Equations left to KaTeX in the browser: its script and `assets/math.js`.
        var typesetsMath = false
        var hasPlayer = false
        /// A block drives the in-page engine itself: the engine's scripts and assets/explorer.js.
        var usesEngine = false
        /// A demo page's drawing pad: the engine's scripts and assets/digit.js (which loads the network).
        var usesDigitPad = false
        /// A lesson: `window.convwalk.compute` is there even with no block that runs the engine
        /// (the engine's two small scripts; engine.js loads the module on the first call).
        var offersEngine = false
        /// Site-relative path of the language's search index; nil: no search box (the chooser).
        var searchIndex: String? = nil
        /// One sentence for `<meta name="description">` (search engines, link previews).
        var description: String = ""
        /// The language's other pages (About these lessons, the atlas) as (title, site-relative
        /// path), linked from the footer of every page.
        var footerLinks: [(title: String, path: String)] = []
    }

    static func render(_ parts: Parts, in page: PageContext) -> String {
        let title = parts.pageTitle.map { "\($0) · \(parts.siteTitle)" } ?? parts.siteTitle
        var html = """
        <!DOCTYPE html>
        <html lang="\(escapeHTML(page.lang))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapeHTML(title))</title>

        """
        if !parts.description.isEmpty {
            html += "<meta name=\"description\" content=\"\(escapeHTML(parts.description))\">\n"
        }
        html += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        html += "<link rel=\"icon\" href=\"\(page.url(SiteLayout.favicon))\" type=\"image/svg+xml\">\n"
        for sheet in (parts.hasMath ? [SiteLayout.katexStylesheet] : []) + [SiteLayout.stylesheet] {
            html += "<link rel=\"stylesheet\" href=\"\(page.url(sheet))\">\n"
        }
        html += "</head>\n<body>\n"
        html += "<a class=\"skip-link\" href=\"#main\">\(page.text(.skipToContent))</a>\n"
        html += "<header class=\"site-header\"><div class=\"site-header-inner\">"
        html += "<a class=\"site-title\" id=\"site-title\" href=\"\(page.url(parts.homePath))\">\(escapeHTML(parts.siteTitle))</a>"
        if let index = parts.searchIndex { html += searchBox(index: index, in: page) }
        html += languageSwitch(parts.languages, in: page)
        html += "</div></header>\n"
        html += "<main id=\"main\" class=\"\(parts.mainClass)\">\n\(parts.body)</main>\n"
        if !parts.footerLinks.isEmpty {
            html += "<footer class=\"site-footer\"><nav aria-label=\"\(page.text(.more))\"><ul>"
            for link in parts.footerLinks {
                html += "<li><a href=\"\(page.url(link.path))\">\(escapeHTML(link.title))</a></li>"
            }
            html += "</ul></nav></footer>\n"
        }
        if parts.hasPlayer {
            html += "<script type=\"application/json\" id=\"convwalk-strings\">\(stringsJSON(page.strings))</script>\n"
        }
        for (script, deferred) in scripts(parts) {
            html += "<script\(deferred ? " defer" : "") src=\"\(page.url(script))\"></script>\n"
        }
        return html + "</body>\n</html>\n"
    }

    /// The page's scripts in the order they load, each with whether it waits for the document
    /// (`defer`): the math, the players, the in-page engine and its users, and always site.js.
    private static func scripts(_ parts: Parts) -> [(path: String, deferred: Bool)] {
        var scripts: [(path: String, deferred: Bool)] = []
        if parts.typesetsMath {
            scripts += [(SiteLayout.katexScript, false), (SiteLayout.mathScript, false)]
        }
        if parts.hasPlayer {
            scripts += [(SiteLayout.framesScript, false), (SiteLayout.editScript, false), (SiteLayout.playerScript, false)]
        }
        if parts.hasPlayer || parts.usesEngine || parts.usesDigitPad || parts.offersEngine {
            // The in-page engine (window.convwalk.compute); engine.js loads the module
            // (assets/engine-wasm.js) itself: after the page's load event when a block runs
            // it, else on the first call.
            scripts += [(SiteLayout.enginePhrasesScript, true), (SiteLayout.engineScript, true)]
        }
        if parts.usesEngine {
            scripts.append((SiteLayout.explorerScript, true))
        }
        if parts.usesDigitPad {
            scripts += [(SiteLayout.digitScript, true), (SiteLayout.walkScript, true)]
        }
        return scripts + [(SiteLayout.siteScript, false)]
    }

    /// The search box: a form whose data attributes tell `assets/site.js` where the index is,
    /// where the site's root is and which words to use. Hidden when scripting is off (site.css).
    private static func searchBox(index: String, in page: PageContext) -> String {
        let root = String(SiteLayout.relativeURL(from: page.path, to: "x").dropLast())
        var html = "<form class=\"site-search\" role=\"search\" data-index=\"\(page.url(index))\" data-root=\"\(escapeHTML(root))\""
        html += " data-lang=\"\(escapeHTML(sanitizeIdentifier(page.lang)))\""
        html += " data-none=\"\(page.text(.searchNone))\" data-count=\"\(page.text(.searchCount))\">"
        html += "<label class=\"visually-hidden\" for=\"site-search\">\(page.text(.search))</label>"
        html += "<input type=\"search\" id=\"site-search\" autocomplete=\"off\" spellcheck=\"false\""
        html += " placeholder=\"\(page.text(.searchPlaceholder))\" aria-controls=\"site-search-results\" aria-keyshortcuts=\"/\">"
        html += "<div class=\"search-panel\" id=\"site-search-results\" hidden><p class=\"search-status\" role=\"status\"></p><ol class=\"search-results\"></ol></div>"
        return html + "</form>"
    }

    private static func languageSwitch(_ links: [LanguageLink], in page: PageContext) -> String {
        guard !links.isEmpty else { return "" }
        var html = "<nav class=\"lang-switch\" aria-label=\"\(page.text(.languageSwitch))\"><ul>"
        for link in links {
            let lang = escapeHTML(link.lang)
            html += "<li><a href=\"\(page.url(link.path))\" lang=\"\(lang)\" hreflang=\"\(lang)\">\(escapeHTML(link.name))</a></li>"
        }
        return html + "</ul></nav>"
    }

    /// The strings the player script needs, as JSON safe inside `<script>` (no `<`, `>` or `&`).
    static func stringsJSON(_ strings: [UIKey: String]) -> String {
        let keys: [UIKey] = [.first, .previous, .play, .pause, .next, .last, .stepSlider, .stepOf, .playerHelp, .player, .scrollHint,
                             .edit, .editClose, .edited, .editHelp, .editFormulaHelp, .editKept, .editLoading, .reset, .copyYAML, .copied, .copyManual,
                             .inputSize, .rows, .columns, .showAnswer, .engineAnswer, .pointHelp, .readTimes,
                             .neverRead, .cellOf, .frameInput, .frameParameter, .frameOutput, .frameGradient, .framePadding,
                             .frameChannel, .frameFilter, .frameFilterChannel, .framePartialSums, .frameRead, .frameWeights,
                             .frameWritten, .editLayersHelp, .inputShape, .channels, .layers, .addLayer, .removeLayer, .layerKind,
                             .tableFieldAndJump, .tableWholeInput]
        var object: [String: String] = [:]
        for key in keys { object[key.rawValue] = strings[key] ?? "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return scriptSafeJSON((try? encoder.encode(object)).map { String(decoding: $0, as: UTF8.self) } ?? "{}")
    }
}
