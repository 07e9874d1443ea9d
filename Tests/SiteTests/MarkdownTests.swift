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
}
