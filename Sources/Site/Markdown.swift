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

/// Markdown rendered to an HTML fragment, with the headings it contains.
public struct RenderedMarkdown: Sendable, Equatable {
    public var html: String
    public var headings: [Heading]
}

/// Markdown → HTML through md4c (the C library), with tables, `$…$` / `$$…$$` math and
/// strikethrough. Math comes out as `<x-equation>` / `<x-equation type="display">`, which the
/// page's math script hands to KaTeX.
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
    /// Headings get `id`s drawn from `ids` (so they are unique within the page). Raw HTML is
    /// shown as text unless `allowRawHTML` is set; `javascript:`, `vbscript:` and `data:` link targets are always removed.
    /// - Throws: `SiteError.markdown` if md4c reports a failure.
    static func render(_ source: String, allowRawHTML: Bool = false,
                       ids: inout IdentifierPool) throws -> RenderedMarkdown {
        guard !source.isEmpty else { return RenderedMarkdown(html: "", headings: []) }
        let flags = parserFlags | (allowRawHTML ? 0 : UInt32(MD_FLAG_NOHTML))
        let sink = OutputSink()
        let bytes = md4cInput(source)
        let size = bytes.count - zeroPadding
        let status = bytes.withUnsafeBufferPointer { buffer -> Int32 in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                md_html(chars, MD_SIZE(size), { text, size, userdata in
                    guard let text, let userdata else { return }
                    let sink = Unmanaged<OutputSink>.fromOpaque(userdata).takeUnretainedValue()
                    text.withMemoryRebound(to: UInt8.self, capacity: Int(size)) {
                        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(size)))
                    }
                }, Unmanaged.passUnretained(sink).toOpaque(), flags, 0)
            }
        }
        withExtendedLifetime(sink) {}
        guard status == 0 else {
            throw SiteError.markdown(reason: "md4c returned \(status) for \(size) bytes of Markdown")
        }
        let html = String(decoding: sink.bytes, as: UTF8.self)
        return addHeadingIDs(modernizeAlignment(removeScriptLinks(html)), ids: &ids)
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

    /// md4c aligns table cells with the obsolete `align` attribute; use CSS instead.
    static func modernizeAlignment(_ html: String) -> String {
        guard html.contains(" align=\"") else { return html }
        var out = html
        for side in ["left", "center", "right"] {
            out = out.replacingOccurrences(of: " align=\"\(side)\"", with: " style=\"text-align: \(side)\"")
        }
        return out
    }

    /// Collects md4c's output; a class so the C callback can reach it through `userdata`.
    private final class OutputSink {
        var bytes: [UInt8] = []
    }

    /// Gives each bare `<hN>` an id and records it. md4c emits headings as `<hN>` with no
    /// attributes, and (without raw HTML) nothing else in its output looks like that.
    static func addHeadingIDs(_ html: String, ids: inout IdentifierPool) -> RenderedMarkdown {
        var out = ""
        var headings: [Heading] = []
        var rest = Substring(html)
        while let open = rest.range(of: "<h", options: .literal) {
            let afterH = rest[open.upperBound...]
            guard let digit = afterH.first, let level = digit.wholeNumberValue, (1...6).contains(level),
                  afterH.dropFirst().first == ">",
                  let close = afterH.range(of: "</h\(level)>", options: .literal) else {
                out += rest[..<open.upperBound]
                rest = afterH
                continue
            }
            let inner = afterH[afterH.index(afterH.startIndex, offsetBy: 2)..<close.lowerBound]
            let text = unescapeHTML(stripTags(String(inner))).trimmingCharacters(in: .whitespaces)
            let id = ids.claimHeading(text)
            headings.append(Heading(level: level, text: text, id: id))
            out += rest[..<open.lowerBound]
            out += "<h\(level) id=\"\(id)\">\(inner)</h\(level)>"
            rest = afterH[close.upperBound...]
        }
        out += rest
        return RenderedMarkdown(html: out, headings: headings)
    }

    /// Link schemes that run code or smuggle a document in: such `href`s become `#`.
    static let unsafeSchemes = ["javascript:", "vbscript:", "data:"]

    /// Replaces `href="javascript:…"` (or `vbscript:`, `data:`) targets with `#`.
    static func removeScriptLinks(_ html: String) -> String {
        guard unsafeSchemes.contains(where: { html.range(of: $0, options: .caseInsensitive) != nil }) else { return html }
        var out = ""
        var rest = Substring(html)
        while let attr = rest.range(of: "href=\"", options: .literal) {
            out += rest[..<attr.upperBound]
            rest = rest[attr.upperBound...]
            let end = rest.firstIndex(of: "\"") ?? rest.endIndex
            let value = unescapeHTML(String(rest[..<end])).filter { !$0.isWhitespace && !$0.isASCIIControl }
            out += unsafeSchemes.contains(where: value.lowercased().hasPrefix) ? "#" : String(rest[..<end])
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

private extension Character {
    var isASCIIControl: Bool { asciiValue.map { $0 < 0x20 || $0 == 0x7f } ?? false }
}
