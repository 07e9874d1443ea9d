import Foundation
import XCTest
@testable import Site

/// Math typeset at build time: equations are found once per site, their HTML goes inside the
/// `<x-equation>` elements, and a page with every equation typeset loads no KaTeX script.
final class SiteMathTests: XCTestCase {
    let page = SitePage(slug: "m", lang: "en", title: "Math", order: 1,
                        blocks: [.markdown("Inline $a < b$ and\n\n$$y = w \\cdot x$$\n\nagain $a < b$.")])

    func testEquationsAreFoundOnceWithTheirTeXUnescaped() throws {
        let model = SiteModel(languages: [SiteLanguage(code: "en", title: "T")], pages: [page])
        XCTAssertEqual(try SiteMath.equations(in: model),
                       [Equation(tex: "a < b", display: false), Equation(tex: "y = w \\cdot x", display: true)])
    }

    func testTypesetPagesLoadTheStylesheetButNoScript() throws {
        let rendered = [Equation(tex: "a < b", display: false): "<span class=\"katex\">A</span>",
                        Equation(tex: "y = w \\cdot x", display: true): "<span class=\"katex-display\">Y</span>"]
        let model = SiteModel(languages: [SiteLanguage(code: "en", title: "T")], pages: [page])
        let html = try XCTUnwrap(try SiteBuilder.renderPages(model, options: SiteOptions(renderedMath: rendered))["m.html"])
        XCTAssertTrue(html.contains("Inline <x-equation class=\"math-rendered\"><span class=\"katex\">A</span></x-equation> and"), html)
        XCTAssertTrue(html.contains("<x-equation type=\"display\" class=\"math-rendered\"><span class=\"katex-display\">Y</span></x-equation>"), html)
        XCTAssertTrue(html.contains("katex.min.css"))
        XCTAssertFalse(html.contains("katex.min.js"))
        XCTAssertFalse(html.contains("math.js"))

        // One equation left over: the page falls back to KaTeX in the browser for it.
        var partial = rendered
        partial[Equation(tex: "a < b", display: false)] = nil
        let fallback = try XCTUnwrap(try SiteBuilder.renderPages(model, options: SiteOptions(renderedMath: partial))["m.html"])
        XCTAssertTrue(fallback.contains("<x-equation>a &lt; b</x-equation>"), fallback)
        XCTAssertTrue(fallback.contains("katex.min.js") && fallback.contains("math.js"))
    }

    /// A site whose every equation was typeset at build time ships neither KaTeX's script nor
    /// math.js (no page loads them); one equation left over ships both.
    func testTheMathScriptsShipOnlyWhenAPageLoadsThem() throws {
        let rendered = [Equation(tex: "a < b", display: false): "<span class=\"katex\">A</span>",
                        Equation(tex: "y = w \\cdot x", display: true): "<span class=\"katex-display\">Y</span>"]
        let model = SiteModel(languages: [SiteLanguage(code: "en", title: "T")], pages: [page])
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-math-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let typeset = try SiteBuilder.build(model, to: scratch.appendingPathComponent("all"), options: SiteOptions(renderedMath: rendered))
        XCTAssertNil(typeset.files["assets/math.js"])
        XCTAssertNil(typeset.files["assets/katex/katex.min.js"])
        XCTAssertNotNil(typeset.files["assets/katex/katex.min.css"])
        var partial = rendered
        partial[Equation(tex: "a < b", display: false)] = nil
        let fallback = try SiteBuilder.build(model, to: scratch.appendingPathComponent("some"), options: SiteOptions(renderedMath: partial))
        XCTAssertNotNil(fallback.files["assets/math.js"])
        XCTAssertNotNil(fallback.files["assets/katex/katex.min.js"])
    }
}

/// The footer: every page of a language links that language's other pages (About, atlas).
final class FooterTests: XCTestCase {
    func testEveryPageLinksTheOtherPages() throws {
        let pages = [SitePage(slug: "one", lang: "en", title: "One", order: 1, blocks: [.markdown("x")]),
                     SitePage(slug: "about", lang: "en", title: "About these lessons", kind: .other, blocks: [.markdown("notes")])]
        let model = SiteModel(languages: [SiteLanguage(code: "en", title: "T")], pages: pages)
        let html = try SiteBuilder.renderPages(model)
        for path in ["one.html", "about.html", "index.html"] {
            XCTAssertTrue(try XCTUnwrap(html[path]).contains(
                "<footer class=\"site-footer\"><nav aria-label=\"More\"><ul><li><a href=\"about.html\">About these lessons</a></li></ul></nav></footer>"), path)
        }
    }
}

/// A figure wider than a phone links to its full-size image; a small one does not.
final class FigureZoomTests: XCTestCase {
    func testWideFiguresLinkToThemselves() throws {
        let page = SitePage(slug: "f", lang: "en", title: "F", order: 1, blocks: [
            .figure(Figure(image: "figures/wide.png", alt: "wide", width: 800, height: 300)),
            .figure(Figure(image: "figures/small.png", alt: "small", width: 200, height: 100)),
        ])
        let html = try XCTUnwrap(try SiteBuilder.renderPages(SiteModel(languages: [SiteLanguage(code: "en", title: "T")], pages: [page]))["f.html"])
        XCTAssertTrue(html.contains("<figure class=\"figure\"><a class=\"figure-zoom\" href=\"figures/wide.png\"><img src=\"figures/wide.png\" alt=\"wide\" width=\"800\" height=\"300\" loading=\"lazy\" decoding=\"async\"></a></figure>"), html)
        XCTAssertTrue(html.contains("<figure class=\"figure\"><img src=\"figures/small.png\" alt=\"small\" width=\"200\" height=\"100\" loading=\"lazy\" decoding=\"async\"></figure>"), html)
    }
}

/// A picture is never shown narrower than where its smallest text is 11 px: its min-width,
/// and a box that scrolls sideways with a hint.
final class FigureTextSizeTests: XCTestCase {
    func testPicturesKeepTheirSmallestTextLegible() throws {
        let page = SitePage(slug: "f", lang: "en", title: "F", order: 1, blocks: [
            .figure(Figure(image: "figures/chart.png", alt: "chart", width: 800, height: 300, textSize: 9.5)),
            .figure(Figure(image: "figures/plot.png", alt: "plot", width: 330, height: 200, textSize: 12)),
        ])
        let html = try XCTUnwrap(try SiteBuilder.renderPages(SiteModel(languages: [SiteLanguage(code: "en", title: "T")], pages: [page]))["f.html"])
        // 800 × 11 / 9.5 = 926.3: wider than drawn, so its 9.5 px text shows at 11 px.
        XCTAssertTrue(html.contains("<figure class=\"figure\"><div class=\"figure-scroll\"><a class=\"figure-zoom\" href=\"figures/chart.png\"><img src=\"figures/chart.png\" alt=\"chart\" width=\"800\" height=\"300\" data-text-px=\"9.5\" style=\"min-width: 927px\" loading=\"lazy\" decoding=\"async\"></a></div><p class=\"scroll-hint\" hidden>Wider than the screen: scroll sideways to see all of it.</p></figure>"), html)
        // 330 × 11 / 12 = 302.5: it may shrink to 303 px.
        XCTAssertTrue(html.contains("data-text-px=\"12\" style=\"min-width: 303px\""), html)
        XCTAssertEqual(BlockHTML.legibleWidth(width: 100, textSize: 11), 100)
        XCTAssertNil(BlockHTML.legibleWidth(width: nil, textSize: 11))
        XCTAssertEqual(BlockHTML.textPX(8.75), "8.75")
        XCTAssertEqual(BlockHTML.textPX(10.5), "10.5")
    }
}

/// The equations of a page come from md4c's parser callbacks (`PageRenderer`), not from a search
/// of the HTML: the renderer writes each typeset equation as it meets it, tells the page it has
/// math, and gives the search index the TeX.
final class RendererMathTests: XCTestCase {
    let typeset = [Equation(tex: "a < b", display: false): "<span class=\"katex\">A</span>",
                   Equation(tex: "y = w \\cdot x", display: true): "<span class=\"katex-display\">Y</span>",
                   Equation(tex: "k", display: false): "<span class=\"katex\">K</span>"]

    func render(_ blocks: [SiteBlock], math: [Equation: String]) throws -> RenderedBlocks {
        var page = PageContext(path: "m.html", name: "m.html", lang: "en", strings: try UIStrings.table(for: "en"),
                               options: SiteOptions(renderedMath: math))
        return try BlockHTML.render(blocks, in: &page)
    }

    func testInlineDisplayLinkAndHeadingMathIsTypesetByTheRenderer() throws {
        let source = "## Kernel $k$\n\nInline $a < b$, a [link $a < b$](x.html), and\n\n$$y = w \\cdot x$$\n\nunknown $z^2$; it costs $5 or \\$6."
        let out = try render([.markdown(source)], math: typeset)
        XCTAssertEqual(out.html, "<h2 id=\"kernel-k\">Kernel <x-equation class=\"math-rendered\"><span class=\"katex\">K</span></x-equation></h2>\n"
                       + "<p>Inline <x-equation class=\"math-rendered\"><span class=\"katex\">A</span></x-equation>, a <a href=\"x.html\">link "
                       + "<x-equation class=\"math-rendered\"><span class=\"katex\">A</span></x-equation></a>, and</p>\n"
                       + "<p><x-equation type=\"display\" class=\"math-rendered\"><span class=\"katex-display\">Y</span></x-equation></p>\n"
                       + "<p>unknown <x-equation>z^2</x-equation>; it costs $5 or $6.</p>\n")
        XCTAssertEqual(out.equations, [Equation(tex: "k", display: false), Equation(tex: "a < b", display: false),
                                       Equation(tex: "a < b", display: false), Equation(tex: "y = w \\cdot x", display: true),
                                       Equation(tex: "z^2", display: false)])
        XCTAssertEqual(out.headings.map(\.text), ["Kernel k"])
        XCTAssertTrue(out.hasMath)
        XCTAssertTrue(out.typesetsMath, "z^2 has no rendering: KaTeX in the browser")
        // The search index reads the TeX, not KaTeX's HTML.
        XCTAssertEqual(out.prose, "<h2 id=\"kernel-k\">Kernel <x-equation>k</x-equation></h2>\n"
                       + "<p>Inline <x-equation>a &lt; b</x-equation>, a <a href=\"x.html\">link <x-equation>a &lt; b</x-equation></a>, and</p>\n"
                       + "<p><x-equation type=\"display\">y = w \\cdot x</x-equation></p>\n"
                       + "<p>unknown <x-equation>z^2</x-equation>; it costs $5 or $6.</p>\n")
        XCTAssertEqual(SearchIndex.plainText(out.prose), "Kernel k Inline a < b , a link a < b , and y = w \\cdot x unknown z^2 ; it costs $5 or $6.")

        let all = try render([.markdown("Inline $a < b$.")], math: typeset)
        XCTAssertTrue(all.hasMath)
        XCTAssertFalse(all.typesetsMath)
    }

    /// A `$` that is not math, and HTML that merely spells `<x-equation>`, are no equations.
    func testOnlyMarkdownMathIsMath() throws {
        let prices = try render([.markdown("It costs $5 and \\$6, or `$a < b$` in code.")], math: typeset)
        XCTAssertEqual(prices.html, "<p>It costs $5 and $6, or <code>$a &lt; b$</code> in code.</p>\n")
        XCTAssertEqual(prices.equations, [])
        XCTAssertFalse(prices.hasMath)
        let trusted = "<div><x-equation>a &lt; b</x-equation></div>\n"
        let html = try render([.trustedHTML(trusted)], math: typeset)
        XCTAssertEqual(html.html, trusted, "trusted HTML goes in verbatim")
        XCTAssertFalse(html.hasMath)
        let model = SiteModel(languages: [SiteLanguage(code: "en", title: "T")],
                              pages: [SitePage(slug: "m", lang: "en", title: "M", order: 1,
                                               blocks: [.trustedHTML(trusted), .answer(label: "A", blocks: [.markdown("$k$")]),
                                                        .formula(id: "f", markdown: "$$y = w \\cdot x$$", live: "{}")])])
        XCTAssertEqual(try SiteMath.equations(in: model), [Equation(tex: "k", display: false), Equation(tex: "y = w \\cdot x", display: true)])
    }
}
