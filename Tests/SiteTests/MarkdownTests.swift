import CMd4c
import Foundation
import XCTest
@testable import Site

final class MarkdownTests: XCTestCase {
    private func render(_ source: String, allowRawHTML: Bool = false) throws -> RenderedMarkdown {
        var ids = IdentifierPool()
        return try Markdown.render(source, allowRawHTML: allowRawHTML, ids: &ids)
    }

    func testTableRendersWithAlignmentAsCSS() throws {
        let html = try render("| a | b |\n|---|--:|\n| 1 | 2 |\n").html
        XCTAssertEqual(html, """
        <table>
        <thead>
        <tr>
        <th>a</th>
        <th style="text-align: right">b</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>1</td>
        <td style="text-align: right">2</td>
        </tr>
        </tbody>
        </table>

        """)
    }

    func testMathBecomesEquationElementsWithTeXIntact() throws {
        let html = try render("Let $a<b$ and $$\\sum_i x_i \\cdot w_i$$").html
        XCTAssertEqual(html, "<p>Let <x-equation>a&lt;b</x-equation> and "
                       + "<x-equation type=\"display\">\\sum_i x_i \\cdot w_i</x-equation></p>\n")
    }

    func testEscapedDollarStaysText() throws {
        XCTAssertEqual(try render("costs \\$2").html, "<p>costs $2</p>\n")
    }

    func testEmptyMarkdownIsEmpty() throws {
        XCTAssertEqual(try render(""), RenderedMarkdown(html: "", headings: []))
    }

    func testStrikethrough() throws {
        XCTAssertEqual(try render("~~old~~ new").html, "<p><del>old</del> new</p>\n")
    }

    func testHeadingsGetUniqueIDsAndAreReported() throws {
        let rendered = try render("## Stride & padding\n\ntext\n\n## Stride & padding\n\n### 합성곱\n")
        XCTAssertEqual(rendered.headings, [
            Heading(level: 2, text: "Stride & padding", id: "stride-padding"),
            Heading(level: 2, text: "Stride & padding", id: "stride-padding-2"),
            Heading(level: 3, text: "합성곱", id: "section"),
        ])
        XCTAssertTrue(rendered.html.hasPrefix("<h2 id=\"stride-padding\">Stride &amp; padding</h2>"))
    }

    func testRawHTMLIsEscapedByDefault() throws {
        let html = try render("<script>alert(1)</script>\n\nhi <b onclick=\"x()\">bold</b>").html
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<b "))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    func testRawHTMLPassesWhenAllowed() throws {
        XCTAssertEqual(try render("hi <b>bold</b>", allowRawHTML: true).html, "<p>hi <b>bold</b></p>\n")
    }

    func testJavascriptLinksAreNeutralised() throws {
        XCTAssertEqual(try render("[x](javascript:alert(1)) [y](JavaScript:void) [ok](02-stride.html)").html,
                       "<p><a href=\"#\">x</a> <a href=\"#\">y</a> <a href=\"02-stride.html\">ok</a></p>\n")
    }

    /// md4c 0.4.8 reads the byte after a document that ends in digits, looking for a list mark
    /// ("28" followed by "." in memory became `<ol start="28"><li></li></ol>` on ~2 in 24 builds).
    func testBufferHandedToMd4cIsFollowedByZeroBytes() {
        let input = Markdown.md4cInput("28")
        XCTAssertEqual(input, [0x32, 0x38] + [UInt8](repeating: 0, count: Markdown.zeroPadding))
        XCTAssertGreaterThanOrEqual(Markdown.zeroPadding, 1)
    }

    /// Fills freed heap blocks of every small size with "." before each render, so an input
    /// buffer without a terminator would be followed by a "." and read as a list mark.
    func testAnswerEndingInDigitsStaysAParagraphWhateverFollowsInMemory() throws {
        for _ in 0..<300 {
            var junk: [[UInt8]] = []
            for count in 1...64 { junk.append([UInt8](repeating: UInt8(ascii: "."), count: count)) }
            junk.removeAll()
            XCTAssertEqual(try render("28").html, "<p>28</p>\n")
            XCTAssertEqual(try render("1").html, "<p>1</p>\n")
        }
    }

    /// md4c's own HTML renderer, for comparison.
    private func mdHTML(_ source: String, allowRawHTML: Bool) -> String {
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let bytes = Markdown.md4cInput(source)
        let flags = Markdown.parserFlags | (allowRawHTML ? 0 : UInt32(MD_FLAG_NOHTML))
        _ = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                md_html(chars, MD_SIZE(bytes.count - Markdown.zeroPadding), { text, size, userdata in
                    let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
                    text!.withMemoryRebound(to: UInt8.self, capacity: Int(size)) { sink.bytes += UnsafeBufferPointer(start: $0, count: Int(size)) }
                }, Unmanaged.passUnretained(sink).toOpaque(), flags, 0)
            }
        }
        return withExtendedLifetime(sink) { String(decoding: sink.bytes, as: UTF8.self) }
    }

    /// The page renderer writes what md4c's HTML renderer writes, byte for byte, apart from
    /// what it adds on purpose (heading ids, CSS alignment).
    func testSameHTMLAsMd4csRenderer() throws {
        let samples = [
            "Entities: &amp; &lt;b&gt; &copy; &ngE; &#955; &#x3BB; &#0; &nosuch; \"quoted\" a<b",
            "![a *nested* `alt` &amp; text](pic.png \"A title\") and [link](a%20b.html?x=1&y=2 \"t&\") <https://example.org/ä>",
            "- [x] done\n- [ ] open\n\n3. three\n4. four\n\n> quoted\n> line\n\n---\n\nhard  \nbreak",
            "```python\nprint(1 < 2)\n```\n\n    indented & code\n\n~~gone~~ $a_1$ $$b$$",
            "Null \u{0}char and ünïcödé, 합성곱.",
        ]
        for sample in samples {
            for raw in [false, true] {
                XCTAssertEqual(try render(sample, allowRawHTML: raw).html, mdHTML(sample, allowRawHTML: raw), sample)
            }
        }
        XCTAssertEqual(try render("<i>raw</i> <a href=\"javascript:x()\">y</a>", allowRawHTML: true).html,
                       "<p><i>raw</i> <a href=\"#\">y</a></p>\n", "raw HTML keeps no script link either")
    }

    /// Every lesson of the course renders as md4c would, once its ids and alignment are undone.
    func testEveryLessonAsMd4cRendersIt() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../lessons").standardizedFileURL
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "md" }
        XCTAssertGreaterThan(files.count, 50)
        var headings = 0
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            let rendered = try render(source)
            headings += rendered.headings.count
            var html = rendered.html
            for heading in rendered.headings {
                html = html.replacingOccurrences(of: "<h\(heading.level) id=\"\(heading.id)\">", with: "<h\(heading.level)>")
            }
            html = html.replacingOccurrences(of: " style=\"text-align: ", with: " align=\"")
            XCTAssertEqual(html, mdHTML(source, allowRawHTML: false), file.lastPathComponent)
        }
        XCTAssertGreaterThan(headings, 200)
    }
}
