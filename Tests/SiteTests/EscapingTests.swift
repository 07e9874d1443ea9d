import XCTest
@testable import Site

/// Strings from lessons are hostile until escaped: none of them may add an element or attribute.
final class EscapingTests: XCTestCase {
    let hostile = "<script>alert(\"x\")</script>' onload='x()"

    func testEscapeHTML() {
        XCTAssertEqual(escapeHTML("a < b & \"c\" 'd' >"), "a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt;")
        XCTAssertEqual(unescapeHTML(escapeHTML(hostile)), hostile)
    }

    func testSanitizeIdentifier() {
        XCTAssertEqual(sanitizeIdentifier("Conv 3×3 / stride=2"), "conv-3-3-stride-2")
        XCTAssertEqual(sanitizeIdentifier("<script>alert(1)</script>"), "script-alert-1-script")
        XCTAssertEqual(sanitizeIdentifier("2d-conv"), "id-2d-conv")
        XCTAssertEqual(sanitizeIdentifier("합성곱", fallback: "player"), "player")
        XCTAssertEqual(sanitizeIdentifier("\"/../x"), "x")
    }

    func testHostileLessonCannotInjectMarkup() throws {
        let player = Player(id: hostile, title: hostile, steps: [
            PlayerStep(image: "figures/a.png", caption: hostile, alt: hostile),
        ], overview: Figure(image: "figures/b.png", alt: hostile, caption: hostile))
        let page = SitePage(slug: hostile, lang: "en", title: hostile, order: 1, summary: hostile,
                            blocks: [.markdown(hostile), .player(player),
                                     .figure(Figure(image: "figures/c.png", alt: hostile, caption: hostile))])
        let model = SiteModel(languages: [SiteLanguage(code: "en", title: hostile, tagline: hostile)], pages: [page])
        let pages = try SiteBuilder.renderPages(model)

        XCTAssertEqual(pages.keys.sorted(), ["assets/search-en.js", "index.html", "script-alert-x-script-onload-x.html"])
        // The search index is a script: the hostile text is in it as JSON with no `<` at all.
        let index = try XCTUnwrap(pages["assets/search-en.js"])
        XCTAssertFalse(index.contains("<"))
        XCTAssertTrue(index.contains("\"t\":\"\\u003cscript>alert(\\\"x\\\")\\u003c/script>' onload='x()\""), index)
        for (path, html) in pages where path.hasSuffix(".html") {
            XCTAssertFalse(html.contains("<script>alert"), path)
            // Quotes may appear in text, but no tag may gain an attribute.
            let tags = try NSRegularExpression(pattern: "<[a-zA-Z][^>]*>")
                .matches(in: html, range: NSRange(html.startIndex..., in: html))
                .map { (html as NSString).substring(with: $0.range) }
            let attributeNames = tags.map { $0.replacingOccurrences(of: "\"[^\"]*\"", with: "\"\"", options: .regularExpression) }
            XCTAssertEqual(attributeNames.filter { $0.contains("onload") }, [], path)
            // Our own tags only: the player strings table and up to six script files (KaTeX, math,
            // site, player, and the in-page engine's phrases and API).
            let scripts = html.components(separatedBy: "<script").count - 1
            XCTAssertLessThanOrEqual(scripts, 7, path)
        }
        let lesson = pages["script-alert-x-script-onload-x.html"]!
        XCTAssertTrue(lesson.contains("id=\"script-alert-x-script-onload-x\" data-player-id=\"script-alert-x-script-onload-x\""))
        XCTAssertTrue(lesson.contains("<span class=\"player-caption\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x()</span>"))
        XCTAssertTrue(lesson.contains("alt=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x()\""))
        XCTAssertTrue(lesson.contains("<title>&lt;script&gt;"))
    }

    func testImagePathsAreValidated() {
        for path in ["/etc/passwd", "../up.png", "a//b.png", "assets/site.css", "a\\b.png", ""] {
            let page = SitePage(slug: "p", lang: "en", title: "p",
                                blocks: [.figure(Figure(image: path, alt: "a"))])
            let model = SiteModel(languages: [SiteLanguage(code: "en", title: "t")], pages: [page])
            XCTAssertThrowsError(try SiteBuilder.renderPages(model), path) { error in
                guard case .invalidPath(let reported, _) = error as? SiteError else {
                    return XCTFail("\(path): \(error)")
                }
                XCTAssertEqual(reported, path)
            }
        }
    }

    func testImageWithoutAltIsRejected() {
        let page = SitePage(slug: "p", lang: "en", title: "p", blocks: [.figure(Figure(image: "a.png", alt: "  "))])
        let model = SiteModel(languages: [SiteLanguage(code: "en", title: "t")], pages: [page])
        XCTAssertThrowsError(try SiteBuilder.renderPages(model)) { error in
            XCTAssertEqual(error as? SiteError, .missingAlt(page: "p.html", image: "a.png"))
        }
    }

    func testStringsJSONCannotCloseItsScript() throws {
        var table = try UIStrings.table(for: "en")
        table[.play] = "</script><script>alert(1)</script>&"
        let json = PageShell.stringsJSON(table)
        XCTAssertFalse(json.contains("<"))
        XCTAssertFalse(json.contains("&"))
        XCTAssertTrue(json.contains("\\u003c\\/script\\u003e") || json.contains("\\u003c/script\\u003e"))
    }
}
