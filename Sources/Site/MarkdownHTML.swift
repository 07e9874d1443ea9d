import CMd4c

/// Writes a lesson's HTML from md4c's parser callbacks (`md_parse`): the output of md4c's own
/// HTML renderer (`md_html`, md4c-html.c of 0.4.8), byte for byte, with the page's needs built
/// in rather than patched into its text afterwards:
///
/// - each heading gets an `id` from the page's `IdentifierPool` (its text, or its original's
///   id in a translation), and is recorded with its level and text for the contents;
/// - table cells are aligned with `style="text-align: …"`, not the obsolete `align`;
/// - a link whose target runs code (`javascript:`, `vbscript:`, `data:`) points to `#`;
/// - for a print page (`print`), ids, links and image URLs are written as it has them;
/// - an equation (`$…$`, `$$…$$`) typeset at build time (`math`, keyed by its TeX) is written
///   as its HTML inside `<x-equation class="math-rendered">`; one without a rendering as
///   md4c-html writes it, its TeX inside `<x-equation>`, for `assets/math.js`. Every equation
///   is recorded (`equations`), and `texOut` is the same HTML with every equation as its TeX
///   (what the search index reads).
final class PageRenderer {
    private(set) var out: [UInt8] = []
    /// `out` with every equation as its TeX (`<x-equation>…</x-equation>`), typeset or not.
    private(set) var texOut: [UInt8] = []
    private(set) var headings: [Heading] = []
    /// The equations in the order they appear.
    private(set) var equations: [Equation] = []
    /// Equations typeset at build time: the HTML that goes inside their `<x-equation>`.
    let math: [Equation: String]
    var ids: IdentifierPool
    /// How ids and URLs are written on a print page; nil on the site.
    let print: PrintLinks?
    /// Inside an image's label, text goes to its `alt` and no tags are written.
    private var imageNesting = 0
    /// Inside a heading: its level, its HTML (as `out` and as `texOut` has it) and its text so
    /// far (written when it closes).
    private var heading: (level: Int, html: [UInt8], texHTML: [UInt8], text: [UInt8])?
    /// Inside an equation: whether it is display math, its content as md4c-html writes it
    /// (escaped) and its TeX (written when it closes).
    private var equation: (display: Bool, html: [UInt8], tex: [UInt8])?

    init(ids: IdentifierPool, print: PrintLinks? = nil, math: [Equation: String] = [:]) {
        self.ids = ids
        self.print = print
        self.math = math
    }

    /// The parser with this class's callbacks; `userdata` must be an unretained `PageRenderer`.
    static func parser(flags: UInt32) -> MD_PARSER {
        MD_PARSER(
            abi_version: 0, flags: flags,
            enter_block: { type, detail, userdata in PageRenderer.from(userdata).enter(block: type, detail); return 0 },
            leave_block: { type, detail, userdata in PageRenderer.from(userdata).leave(block: type, detail); return 0 },
            enter_span: { type, detail, userdata in PageRenderer.from(userdata).enter(span: type, detail); return 0 },
            leave_span: { type, detail, userdata in PageRenderer.from(userdata).leave(span: type, detail); return 0 },
            text: { type, text, size, userdata in
                PageRenderer.from(userdata).text(type, UnsafeRawBufferPointer(start: text.map(UnsafeRawPointer.init), count: Int(size)))
                return 0
            },
            debug_log: nil, syntax: nil)
    }

    fileprivate static func from(_ userdata: UnsafeMutableRawPointer?) -> PageRenderer {
        Unmanaged<PageRenderer>.fromOpaque(userdata!).takeUnretainedValue()
    }

    // MARK: writing

    private func write<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        if equation != nil { equation!.html.append(contentsOf: bytes) } else { write(bytes, tex: bytes) }
    }

    /// `html` to the page's HTML and `tex` to its TeX form (`texOut`): they differ only for a
    /// typeset equation.
    private func write<S: Sequence, T: Sequence>(_ html: S, tex: T) where S.Element == UInt8, T.Element == UInt8 {
        if heading != nil {
            heading!.html.append(contentsOf: html)
            heading!.texHTML.append(contentsOf: tex)
        } else {
            out.append(contentsOf: html)
            texOut.append(contentsOf: tex)
        }
    }

    private func write(_ text: String) { write(text.utf8) }

    /// `&`, `<`, `>` and `"` as entities, as md4c-html's `render_html_escaped`.
    private func escaped<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        var result: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): result += Array("&amp;".utf8)
            case UInt8(ascii: "<"): result += Array("&lt;".utf8)
            case UInt8(ascii: ">"): result += Array("&gt;".utf8)
            case UInt8(ascii: "\""): result += Array("&quot;".utf8)
            default: result.append(byte)
            }
        }
        return result
    }

    /// A URL in an attribute, as md4c-html's `render_url_escaped`: `&` as `&amp;`, and every
    /// byte but letters, digits and ``-_.+!*(),%#@?=;:/$`` percent-encoded.
    private func urlEscaped<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        var result: [UInt8] = []
        for byte in percentEncoded(bytes) {
            if byte == UInt8(ascii: "&") { result += Array("&amp;".utf8) } else { result.append(byte) }
        }
        return result
    }

    /// A URL as `urlEscaped` writes it, but with `&` still `&`: for `PrintLinks` to read.
    private func percentEncoded<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        let kept = Set("-_.+!*(),%#@?=;:/$".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var result: [UInt8] = []
        for byte in bytes {
            let letterOrDigit = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            if letterOrDigit || kept.contains(byte) || byte == UInt8(ascii: "&") {
                result.append(byte)
            } else {
                result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xf)]]
            }
        }
        return result
    }

    /// A code point as UTF-8; U+FFFD for 0 and anything past U+10FFFF (as md4c-html).
    private func utf8(_ codepoint: UInt32) -> [UInt8] {
        guard codepoint > 0, let scalar = Unicode.Scalar(codepoint) else {
            guard codepoint > 0, codepoint <= 0x10ffff else { return [0xef, 0xbf, 0xbd] }
            // A surrogate: md4c-html writes its three bytes as they are.
            return [0xe0 | UInt8((codepoint >> 12) & 0xf), 0x80 | UInt8((codepoint >> 6) & 0x3f), 0x80 | UInt8(codepoint & 0x3f)]
        }
        return Array(String(Character(scalar)).utf8)
    }

    /// An entity (`&amp;`, `&#955;`, `&#x3bb;`) decoded to UTF-8, or as written when md4c's
    /// table does not know it.
    private func decoded(entity: UnsafeRawBufferPointer) -> [UInt8] {
        let bytes = Array(entity)
        if bytes.count > 3, bytes[1] == UInt8(ascii: "#") {
            var codepoint: UInt32 = 0
            if bytes[2] == UInt8(ascii: "x") || bytes[2] == UInt8(ascii: "X") {
                for byte in bytes[3..<(bytes.count - 1)] {
                    let digit: UInt32 = byte <= 0x39 ? UInt32(byte) - 0x30 : byte <= 0x5a ? UInt32(byte) - 0x41 + 10 : UInt32(byte) - 0x61 + 10
                    codepoint = codepoint &* 16 &+ digit
                }
            } else {
                for byte in bytes[2..<(bytes.count - 1)] { codepoint = codepoint &* 10 &+ (UInt32(byte) &- 0x30) }
            }
            return utf8(codepoint)
        }
        let found = entity.withMemoryRebound(to: CChar.self) { entity_lookup($0.baseAddress, $0.count) }
        guard let found else { return bytes }
        return utf8(found.pointee.codepoints.0) + (found.pointee.codepoints.1 != 0 ? utf8(found.pointee.codepoints.1) : [])
    }

    /// A link's or image's URL for its attribute: as md4c-html writes it, or on a print page
    /// as `print` has it.
    private func url(_ attr: MD_ATTRIBUTE) -> [UInt8] {
        guard let print else { return attribute(attr, urlEscaped) }
        return escaped(print.url(String(decoding: attribute(attr, percentEncoded), as: UTF8.self)).utf8)
    }

    /// An attribute's text (its entities decoded), escaped by `escape`.
    private func attribute(_ attr: MD_ATTRIBUTE, _ escape: ([UInt8]) -> [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var i = 0
        while attr.substr_offsets[i] < attr.size {
            let offset = Int(attr.substr_offsets[i]), size = Int(attr.substr_offsets[i + 1]) - offset
            let text = UnsafeRawBufferPointer(start: attr.text.map { UnsafeRawPointer($0) + offset }, count: size)
            switch attr.substr_types[i] {
            case MD_TEXT_NULLCHAR: result += utf8(0)
            case MD_TEXT_ENTITY: result += escape(decoded(entity: text))
            default: result += escape(Array(text))
            }
            i += 1
        }
        return result
    }

    // MARK: callbacks

    private func enter(block type: MD_BLOCKTYPE, _ detail: UnsafeMutableRawPointer?) {
        switch type {
        case MD_BLOCK_QUOTE: write("<blockquote>\n")
        case MD_BLOCK_UL: write("<ul>\n")
        case MD_BLOCK_OL:
            let start = detail!.assumingMemoryBound(to: MD_BLOCK_OL_DETAIL.self).pointee.start
            write(start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n")
        case MD_BLOCK_LI:
            let li = detail!.assumingMemoryBound(to: MD_BLOCK_LI_DETAIL.self).pointee
            if li.is_task != 0 {
                write("<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled")
                if li.task_mark == CChar(UInt8(ascii: "x")) || li.task_mark == CChar(UInt8(ascii: "X")) { write(" checked") }
                write(">")
            } else {
                write("<li>")
            }
        case MD_BLOCK_HR: write("<hr>\n")
        case MD_BLOCK_H:
            heading = (Int(detail!.assumingMemoryBound(to: MD_BLOCK_H_DETAIL.self).pointee.level), [], [], [])
        case MD_BLOCK_CODE:
            write("<pre><code")
            let lang = detail!.assumingMemoryBound(to: MD_BLOCK_CODE_DETAIL.self).pointee.lang
            if lang.text != nil {
                write(" class=\"language-")
                write(attribute(lang, escaped))
                write("\"")
            }
            write(">")
        case MD_BLOCK_P: write("<p>")
        case MD_BLOCK_TABLE: write("<table>\n")
        case MD_BLOCK_THEAD: write("<thead>\n")
        case MD_BLOCK_TBODY: write("<tbody>\n")
        case MD_BLOCK_TR: write("<tr>\n")
        case MD_BLOCK_TH, MD_BLOCK_TD:
            write(type == MD_BLOCK_TH ? "<th" : "<td")
            switch detail!.assumingMemoryBound(to: MD_BLOCK_TD_DETAIL.self).pointee.align {
            case MD_ALIGN_LEFT: write(" style=\"text-align: left\">")
            case MD_ALIGN_CENTER: write(" style=\"text-align: center\">")
            case MD_ALIGN_RIGHT: write(" style=\"text-align: right\">")
            default: write(">")
            }
        default: break  // MD_BLOCK_DOC, MD_BLOCK_HTML: nothing of their own
        }
    }

    private func leave(block type: MD_BLOCKTYPE, _ detail: UnsafeMutableRawPointer?) {
        switch type {
        case MD_BLOCK_QUOTE: write("</blockquote>\n")
        case MD_BLOCK_UL: write("</ul>\n")
        case MD_BLOCK_OL: write("</ol>\n")
        case MD_BLOCK_LI: write("</li>\n")
        case MD_BLOCK_H:
            guard let (level, html, texHTML, textBytes) = heading else { return }
            heading = nil
            let text = String(decoding: textBytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let id = ids.claimHeading(text)
            headings.append(Heading(level: level, text: text, id: id))
            write("<h\(level) id=\"\(print?.id(id) ?? id)\">")
            write(html, tex: texHTML)
            write("</h\(level)>\n")
        case MD_BLOCK_CODE: write("</code></pre>\n")
        case MD_BLOCK_P: write("</p>\n")
        case MD_BLOCK_TABLE: write("</table>\n")
        case MD_BLOCK_THEAD: write("</thead>\n")
        case MD_BLOCK_TBODY: write("</tbody>\n")
        case MD_BLOCK_TR: write("</tr>\n")
        case MD_BLOCK_TH: write("</th>\n")
        case MD_BLOCK_TD: write("</td>\n")
        default: break  // MD_BLOCK_DOC, MD_BLOCK_HR, MD_BLOCK_HTML: nothing to close
        }
    }

    private func enter(span type: MD_SPANTYPE, _ detail: UnsafeMutableRawPointer?) {
        // In an image's label only the text counts: it becomes the alt attribute.
        guard imageNesting == 0 else { return }
        switch type {
        case MD_SPAN_EM: write("<em>")
        case MD_SPAN_STRONG: write("<strong>")
        case MD_SPAN_U: write("<u>")
        case MD_SPAN_A:
            let a = detail!.assumingMemoryBound(to: MD_SPAN_A_DETAIL.self).pointee
            write("<a href=\"")
            write(Markdown.isUnsafe(href: String(decoding: attribute(a.href, urlEscaped), as: UTF8.self)) ? Array("#".utf8) : url(a.href))
            if a.title.text != nil {
                write("\" title=\"")
                write(attribute(a.title, escaped))
            }
            write("\">")
        case MD_SPAN_IMG:
            write("<img src=\"")
            write(url(detail!.assumingMemoryBound(to: MD_SPAN_IMG_DETAIL.self).pointee.src))
            write("\" alt=\"")
            imageNesting += 1
        case MD_SPAN_CODE: write("<code>")
        case MD_SPAN_DEL: write("<del>")
        case MD_SPAN_LATEXMATH, MD_SPAN_LATEXMATH_DISPLAY: equation = (type == MD_SPAN_LATEXMATH_DISPLAY, [], [])
        case MD_SPAN_WIKILINK:
            write("<x-wikilink data-target=\"")
            write(attribute(detail!.assumingMemoryBound(to: MD_SPAN_WIKILINK_DETAIL.self).pointee.target, escaped))
            write("\">")
        default: break
        }
    }

    private func leave(span type: MD_SPANTYPE, _ detail: UnsafeMutableRawPointer?) {
        if imageNesting > 0 {
            if imageNesting == 1, type == MD_SPAN_IMG {
                let title = detail!.assumingMemoryBound(to: MD_SPAN_IMG_DETAIL.self).pointee.title
                if title.text != nil {
                    write("\" title=\"")
                    write(attribute(title, escaped))
                }
                write("\">")
                imageNesting -= 1
            }
            return
        }
        switch type {
        case MD_SPAN_EM: write("</em>")
        case MD_SPAN_STRONG: write("</strong>")
        case MD_SPAN_U: write("</u>")
        case MD_SPAN_A: write("</a>")
        case MD_SPAN_CODE: write("</code>")
        case MD_SPAN_DEL: write("</del>")
        case MD_SPAN_LATEXMATH, MD_SPAN_LATEXMATH_DISPLAY: leaveEquation()
        case MD_SPAN_WIKILINK: write("</x-wikilink>")
        default: break  // MD_SPAN_IMG closes above
        }
    }

    /// Writes the equation just closed: typeset when `math` has it, else its TeX.
    private func leaveEquation() {
        guard let (display, html, tex) = equation else { return }
        equation = nil
        let found = Equation(tex: String(decoding: tex, as: UTF8.self), display: display)
        equations.append(found)
        let open = display ? "<x-equation type=\"display\"" : "<x-equation"
        let asTeX = Array("\(open)>".utf8) + html + Array("</x-equation>".utf8)
        if let typeset = math[found] {
            write(Array("\(open) class=\"math-rendered\">\(typeset)</x-equation>".utf8), tex: asTeX)
        } else {
            write(asTeX, tex: asTeX)
        }
    }

    private func text(_ type: MD_TEXTTYPE, _ text: UnsafeRawBufferPointer) {
        // A heading's text for its id and the contents: what a reader sees, no tags, no alt text.
        let plain: [UInt8]
        switch type {
        case MD_TEXT_NULLCHAR:
            plain = utf8(0)
            write(plain)
        case MD_TEXT_BR:
            plain = Array("\n".utf8)
            write(imageNesting == 0 ? "<br>\n" : " ")
        case MD_TEXT_SOFTBR:
            plain = Array("\n".utf8)
            write(imageNesting == 0 ? "\n" : " ")
        case MD_TEXT_HTML:
            plain = []
            write(Markdown.removeScriptLinks(String(decoding: text, as: UTF8.self)).utf8)
        case MD_TEXT_ENTITY:
            plain = decoded(entity: text)
            write(escaped(plain))
        default:
            plain = Array(text)
            write(escaped(plain))
        }
        if heading != nil, imageNesting == 0 { heading!.text += plain }
        if equation != nil { equation!.tex += plain }
    }
}
