import Foundation
import XCTest
@testable import Site

/// The static search index: what goes in (titles, headings with ids, keywords, prose as
/// text), one asset per language, and the search box on every page.
final class SearchIndexTests: XCTestCase {
    func entries(_ script: String) throws -> [[String: Any]] {
        let json = try XCTUnwrap(script.range(of: "] = ").map { script[$0.upperBound...] }).dropLast(2)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    }

    func testIndexHoldsTitleHeadingsKeywordsAndProsePerLanguage() throws {
        let pages = try SiteBuilder.renderPages(SampleSite.model())
        let en = try entries(try XCTUnwrap(pages["assets/search-en.js"]))
        let ko = try entries(try XCTUnwrap(pages["assets/search-ko.js"]))
        XCTAssertTrue(pages["assets/search-en.js"]!.hasPrefix("// convwalk search index (en)"))
        XCTAssertEqual(en.map { $0["u"] as? String }, ["en/01-convolution.html", "en/demo-lenet.html", "en/02-stride.html"])
        XCTAssertEqual(ko.map { $0["u"] as? String }, ["ko/01-convolution.html", "ko/demo-lenet.html", "ko/02-stride.html"])
        let lesson = en[0]
        XCTAssertEqual(lesson["t"] as? String, "Convolution")
        XCTAssertEqual(lesson["k"] as? String, "lesson")
        let headings = try XCTUnwrap(lesson["h"] as? [[String]])
        XCTAssertTrue(headings.contains(["Sliding a 3×3 kernel", "conv-2x2"]), "\(headings)")
        let prose = try XCTUnwrap(lesson["x"] as? String)
        XCTAssertFalse(prose.contains("<"), prose)
        XCTAssertFalse(prose.contains("  "), prose)
    }

    func testKeywordsAreKeptOnceInOrder() {
        let page = SitePage(slug: "s", lang: "en", title: "T", blocks: [], keywords: ["im2col", "conv", "im2col", ""])
        let entry = SearchIndex.entry(page: page, path: "en/s.html", headings: [], proseHTML: "<p>a&amp;b</p><p>c</p>")
        XCTAssertEqual(entry.w, ["im2col", "conv"])
        XCTAssertEqual(entry.x, "a&b c")
    }

    func testEveryLanguagePageHasTheSearchBoxAndTheChooserHasNone() throws {
        let pages = try SiteBuilder.renderPages(SampleSite.model())
        let lesson = try XCTUnwrap(pages["ko/01-convolution.html"])
        XCTAssertTrue(lesson.contains("<form class=\"site-search\" role=\"search\" data-index=\"../assets/search-ko.js\" data-root=\"../\" data-lang=\"ko\""), lesson)
        XCTAssertTrue(lesson.contains("<script src=\"../assets/site.js\"></script>"))
        XCTAssertTrue(lesson.contains("placeholder=\"검색 (/ 키)\""))
        XCTAssertTrue(try XCTUnwrap(pages["en/index.html"]).contains("data-index=\"../assets/search-en.js\""))
        XCTAssertFalse(try XCTUnwrap(pages["index.html"]).contains("site-search"))
    }
}

/// Translations share heading ids when their headings line up, so `#stride` is the same
/// section in every language (the language switch keeps the hash).
final class TranslatedHeadingTests: XCTestCase {
    func testTranslationTakesTheOriginalsHeadingIDsWhenTheLevelsMatch() throws {
        let pages = try SiteBuilder.renderPages(SampleSite.model())
        let ko = try XCTUnwrap(pages["ko/02-stride.html"])
        XCTAssertTrue(ko.contains("<h2 id=\"stride\">스트라이드</h2>"), ko)
        XCTAssertTrue(ko.contains("<a href=\"#stride\">스트라이드</a>"), "the contents list links the shared id")
        // Lesson one has three headings in English and two in Korean: ids from the Korean text.
        let koOne = try XCTUnwrap(pages["ko/01-convolution.html"])
        XCTAssertFalse(koOne.contains("id=\"what-a-convolution-computes\""))
        XCTAssertTrue(try XCTUnwrap(pages["en/01-convolution.html"]).contains("<h2 id=\"what-a-convolution-computes\">"))
    }
}
