import CMd4c
import Foundation

/// A heading found in rendered Markdown, for the table of contents.
public struct Heading: Sendable, Equatable {
    /// 1 … 6.
    public var level: Int
    /// The heading's text (tags removed, entities decoded).
    public var text: String
    /// The `id` attribute given to the heading element.
    public var id: String
}

/// Markdown rendered to an HTML fragment, with the headings and equations it contains.
public struct RenderedMarkdown: Sendable, Equatable {
    public var html: String
    public var headings: [Heading]
    /// The equations, in order (repeats included).
    public var equations: [Equation] = []
    /// `html` with every equation as its TeX inside `<x-equation>`, typeset at build time or
    /// not: the text the search index reads. The same as `html` when none was typeset.
    public var texHTML: String = ""
}

/// Markdown → HTML through md4c (the C library), with tables, `$…$` / `$$…$$` math and
/// strikethrough. Math comes out as `<x-equation>` / `<x-equation type="display">`, which the
/// page's math script hands to KaTeX, or already typeset (`math`, see `PageRenderer`).
public enum Markdown {
    /// md4c's dialect for lessons.
    static let parserFlags = UInt32(MD_FLAG_TABLES | MD_FLAG_LATEXMATHSPANS | MD_FLAG_STRIKETHROUGH)

    /// Renders one standalone Markdown document (heading ids unique within it): what the
    /// fuzzer and tests outside the site drive.
    /// - Throws: `SiteError.markdown` if md4c reports a failure.
    public static func render(_ source: String, allowRawHTML: Bool = false) throws -> RenderedMarkdown {
        var ids = IdentifierPool()
        return try render(source, allowRawHTML: allowRawHTML, ids: &ids)
    }

    /// Renders Markdown to an HTML fragment.
    ///
    /// md4c parses; `PageRenderer` writes the HTML from the parser's callbacks, as md4c's own
    /// HTML renderer would, except that headings get `id`s drawn from `ids` (so they are unique
    /// within the page), table cells are aligned by CSS, and `javascript:`, `vbscript:` and
    /// `data:` link targets are always removed. Raw HTML is shown as text unless `allowRawHTML` is set.
    /// With `print`, heading ids and link and image URLs are written for a print page
    /// (`PrintLinks`); raw HTML is not (the handout renders without it). An equation that
    /// `math` holds is written typeset (its HTML inside `<x-equation class="math-rendered">`).
    /// - Throws: `SiteError.markdown` if md4c reports a failure.
    static func render(_ source: String, allowRawHTML: Bool = false,
                       ids: inout IdentifierPool, print: PrintLinks? = nil,
                       math: [Equation: String] = [:]) throws -> RenderedMarkdown {
        guard !source.isEmpty else { return RenderedMarkdown(html: "", headings: []) }
        let flags = parserFlags | (allowRawHTML ? 0 : UInt32(MD_FLAG_NOHTML))
        let renderer = PageRenderer(ids: ids, print: print, math: math)
        let bytes = md4cInput(source)
        let size = bytes.count - zeroPadding
        var parser = PageRenderer.parser(flags: flags)
        let status = bytes.withUnsafeBufferPointer { buffer -> Int32 in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                md_parse(chars, MD_SIZE(size), &parser, Unmanaged.passUnretained(renderer).toOpaque())
            }
        }
        withExtendedLifetime(renderer) {}
        guard status == 0 else {
            throw SiteError.markdown(reason: "md4c returned \(status) for \(size) bytes of Markdown")
        }
        ids = renderer.ids
        return RenderedMarkdown(html: String(decoding: renderer.out, as: UTF8.self), headings: renderer.headings,
                                equations: renderer.equations, texHTML: String(decoding: renderer.texOut, as: UTF8.self))
    }

    /// Zero bytes after the text that md4c is not told about. md4c 0.4.8 reads past the end
    /// of its input: for a document ending in digits ("28") it looks at the next byte for a
    /// list mark, so whatever followed in memory could turn the answer into `<ol start="28">`.
    static let zeroPadding = 8

    /// The UTF-8 bytes of `source` followed by `zeroPadding` zero bytes: md4c's input buffer.
    static func md4cInput(_ source: String) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(source.utf8.count + zeroPadding)
        bytes.append(contentsOf: source.utf8)
        bytes.append(contentsOf: repeatElement(0, count: zeroPadding))
        return bytes
    }

    /// Link schemes that run code or smuggle a document in: such `href`s become `#`.
    static let unsafeSchemes = ["javascript:", "vbscript:", "data:"]

    /// Whether a link target, as it stands in the `href` attribute, runs code or smuggles a document in.
    static func isUnsafe(href: String) -> Bool {
        let value = unescapeHTML(href).filter { !$0.isWhitespace && !$0.isASCIIControl }.lowercased()
        return unsafeSchemes.contains(where: value.hasPrefix)
    }

    /// `href="…"` targets in raw HTML (with `allowRawHTML`) that run code become `#`.
    static func removeScriptLinks(_ html: String) -> String {
        guard unsafeSchemes.contains(where: { html.range(of: $0, options: .caseInsensitive) != nil }) else { return html }
        var out = ""
        var rest = Substring(html)
        while let attr = rest.range(of: "href=\"", options: .literal) {
            out += rest[..<attr.upperBound]
            rest = rest[attr.upperBound...]
            let end = rest.firstIndex(of: "\"") ?? rest.endIndex
            out += isUnsafe(href: String(rest[..<end])) ? "#" : String(rest[..<end])
            rest = rest[end...]
        }
        return out + rest
    }

    /// The text of an HTML fragment without its tags.
    static func stripTags(_ html: String) -> String {
        var out = ""
        var inTag = false
        for ch in html {
            if ch == "<" { inTag = true } else if ch == ">" { inTag = false } else if !inTag { out.append(ch) }
        }
        return out
    }
}

extension Character {
    var isASCIIControl: Bool { asciiValue.map { $0 < 0x20 || $0 == 0x7f } ?? false }
}
