import Foundation

/// One page as the search box sees it.
struct SearchEntry: Encodable, Equatable {
    /// Title.
    let t: String
    /// Site-relative path of the page.
    let u: String
    /// Page kind (`lesson`, `demo`, `other`).
    let k: String
    /// Headings as `[text, id]`, in page order.
    let h: [[String]]
    /// Example ids, op names and other words the page is about.
    let w: [String]
    /// The prose as plain text, whitespace collapsed.
    let x: String
}

/// The static search index: per language, every page's title, headings, keywords and prose,
/// written as a JavaScript asset (`assets/search-<lang>.js`) that assigns it to
/// `window.convwalkSearch[lang]`. A script, not JSON: pages load it with a `<script>` element
/// when the search box is first used, which works from `file://` where `fetch` does not.
enum SearchIndex {
    /// Site-relative path of a language's index.
    static func path(lang: String) -> String {
        "\(SiteLayout.assetsFolder)/search-\(sanitizeIdentifier(lang)).js"
    }

    static func entry(page: SitePage, path: String, headings: [Heading], proseHTML: String) -> SearchEntry {
        var seen = Set<String>()
        let words = page.keywords.filter { !$0.isEmpty && seen.insert($0).inserted }
        return SearchEntry(t: page.title, u: path, k: page.kind.rawValue,
                           h: headings.map { [$0.text, $0.id] }, w: words, x: plainText(proseHTML))
    }

    /// The text of rendered prose: tags removed, entities decoded, whitespace collapsed.
    static func plainText(_ html: String) -> String {
        // Block ends become spaces so words of adjacent paragraphs and cells do not run together.
        let spaced = html.replacingOccurrences(of: "</", with: " </").replacingOccurrences(of: "<br", with: " <br")
        let text = unescapeHTML(Markdown.stripTags(spaced))
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The asset: `window.convwalkSearch["en"] = [...]`, as JSON safe inside a script (no `<`,
    /// so no `</script>`), deterministic (sorted keys, entries in page order).
    static func script(lang: String, entries: [SearchEntry]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(entries), as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: "\u{2028}", with: "\\u2028")
            .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
        let key = sanitizeIdentifier(lang)
        return "// convwalk search index (\(key)), generated with the site.\n"
            + "(window.convwalkSearch = window.convwalkSearch || {})[\"\(key)\"] = \(json);\n"
    }
}
