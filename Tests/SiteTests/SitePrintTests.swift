import Foundation
import XCTest
@testable import Site

/// The lessons as the handout prints them: taken from the model, each article the page's own,
/// answers moved to a key.
final class SitePrintTests: XCTestCase {
    let model = SiteModel(
        languages: [SiteLanguage(code: "en", title: "Kernels")],
        pages: [
            SitePage(slug: "pooling", lang: "en", title: "Taking maxima", order: 2, blocks: [
                .markdown("## Max\n\n1. Where is the largest of 3, 9, 2?"),
                .answer(label: "Answer", blocks: [.markdown("At index **1**.")]),
                .markdown("2. And of 4, 1?"),
                .answer(label: "Answer", blocks: [.markdown("At index **0**.")]),
            ]),
            SitePage(slug: "notation", lang: "en", title: "Notation", order: 0, blocks: [.markdown("$x$")]),
            SitePage(slug: "sliding", lang: "en", title: "Sliding <kernels>", order: 1, blocks: [.markdown("Slide.")]),
            SitePage(slug: "about", lang: "en", title: "About", kind: .other, blocks: [.markdown("Us.")]),
        ])

    func testAnAnswerIsCollapsedOnTheSite() throws {
        let page = try XCTUnwrap(try SiteBuilder.renderPages(model)["pooling.html"])
        XCTAssertTrue(page.contains("<details class=\"answer\"><summary>Answer</summary>\n<p>At index <strong>1</strong>.</p>\n</details>\n"), page)
        XCTAssertFalse(page.contains("handout-answer-reference"))
    }

    func testLessonsInCourseOrderWithTheirPagesArticlesAndAnswersApart() throws {
        let lessons = try SitePrint.lessons(of: model, lang: "en")
        XCTAssertEqual(lessons.map(\.slug), ["notation", "sliding", "pooling"], "lessons only, by order; no other pages")
        XCTAssertEqual(lessons.map(\.number), [nil, 1, 2])
        XCTAssertEqual(lessons[1].title, "Sliding <kernels>", "titles are the model's text, not HTML")
        XCTAssertEqual(lessons[2].path, "pooling.html")

        let page = try XCTUnwrap(try SiteBuilder.renderPages(model)["sliding.html"])
        XCTAssertTrue(page.contains(lessons[1].article), "a lesson without answers prints its page's article as it is")
        XCTAssertTrue(lessons[1].article.hasPrefix("<article class=\"page page-lesson\">"))

        let pooling = lessons[2]
        XCTAssertEqual(pooling.answers, ["<p>At index <strong>1</strong>.</p>\n", "<p>At index <strong>0</strong>.</p>\n"])
        XCTAssertFalse(pooling.article.contains("<details class=\"answer\""))
        XCTAssertTrue(pooling.article.contains("<p class=\"handout-answer-reference\"><a href=\"#answer-2\">Answer 2: in the answers at the end.</a></p>\n"),
                      pooling.article)
        XCTAssertEqual(try SitePrint.lessons(of: model, lang: "ko"), [], "no pages in a language the course lacks")
    }

    func testTheFilesThePagesNameAreWrittenWhereThePagesLookForThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-print-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var withPicture = model
        withPicture.files = ["figures/a/step-1.png": .bytes(Data([1, 2, 3]))]
        try SitePrint.writeFiles(of: withPicture, to: folder, previousSite: folder.appendingPathComponent("no-site"))
        XCTAssertEqual(FileManager.default.contents(atPath: folder.appendingPathComponent("figures/a/step-1.png").path), Data([1, 2, 3]))
        XCTAssertNotNil(FileManager.default.contents(atPath: folder.appendingPathComponent("assets/site.css").path))
        XCTAssertNotNil(FileManager.default.contents(atPath: folder.appendingPathComponent("assets/katex/katex.min.js").path))
        withPicture.files = ["figures/a/step-2.png": .previousBuild]
        XCTAssertThrowsError(try SitePrint.writeFiles(of: withPicture, to: folder, previousSite: folder.appendingPathComponent("no-site"))) {
            XCTAssertEqual($0 as? SiteError, .previousFileMissing(path: "figures/a/step-2.png", destination: folder.appendingPathComponent("no-site").path))
        }
    }
}
