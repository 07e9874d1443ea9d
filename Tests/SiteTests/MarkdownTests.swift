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
}
