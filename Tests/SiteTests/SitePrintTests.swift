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

    /// Where links out of the print page lead.
    let site = URL(fileURLWithPath: "/srv/course")

    func testLessonsInCourseOrderWithTheirPagesArticlesAndAnswersApart() throws {
        XCTAssertEqual(try SitePrint.slugs(of: model, lang: "en"), ["notation", "sliding", "pooling"])
        let lessons = try SitePrint.lessons(of: model, lang: "en", site: site)
        XCTAssertEqual(lessons.map(\.slug), ["notation", "sliding", "pooling"], "lessons only, by order; no other pages")
        XCTAssertEqual(lessons.map(\.number), [nil, 1, 2])
        XCTAssertEqual(lessons[1].title, "Sliding <kernels>", "titles are the model's text, not HTML")
        XCTAssertEqual(lessons[2].path, "pooling.html")

        let page = try XCTUnwrap(try SiteBuilder.renderPages(model)["sliding.html"])
        XCTAssertTrue(page.contains("<p>Slide.</p>"))
        XCTAssertTrue(lessons[1].article.hasPrefix("<article class=\"page page-lesson\">"))
        XCTAssertTrue(lessons[1].article.contains("<p>Slide.</p>"))

        let pooling = lessons[2]
        XCTAssertEqual(pooling.answers, [SitePrint.Answer(id: "pooling--answer-1", html: "<p>At index <strong>1</strong>.</p>\n"),
                                         SitePrint.Answer(id: "pooling--answer-2", html: "<p>At index <strong>0</strong>.</p>\n")])
        XCTAssertFalse(pooling.article.contains("<details class=\"answer\""))
        XCTAssertTrue(pooling.article.contains("<p class=\"handout-answer-reference\"><a href=\"#pooling--answer-2\">Answer 2: in the answers at the end.</a></p>\n"),
                      pooling.article)
        XCTAssertEqual(try SitePrint.lessons(of: model, lang: "ko", site: site), [], "no pages in a language the course lacks")
        XCTAssertEqual(try SitePrint.lessons(of: model, lang: "en", slugs: ["pooling", "notation"], site: site).map(\.slug), ["notation", "pooling"],
                       "the lessons asked for, in course order")
    }

    /// Each lesson's article is written for the print page by the renderers themselves: every id
    /// carries the lesson's slug (headings, players and their steps, the contents, answers), a
    /// link within the lesson or to another printed lesson stays on the page, and anything
    /// else is beside the page (its pictures) or in the built site.
    func testIdsAndLinksAreWrittenForThePrintPage() throws {
        let picture = Data([1])
        let printed = SiteModel(
            languages: [SiteLanguage(code: "en", title: "Kernels")],
            pages: [
                SitePage(slug: "sliding", lang: "en", title: "Sliding", order: 1, blocks: [
                    .markdown("""
                        ## Padding

                        See [padding](#padding), [max](pooling.html#max), [pooling](pooling.html), [the demo](demo-lenet5.html#pad), \
                        [elsewhere](https://example.org/a#b), [a script](javascript:alert(1)), ![a grid](figures/grid.png) and ![gone](figures/gone.png).
                        """),
                    .player(Player(id: "conv", title: "Sliding a kernel", steps: [
                        PlayerStep(image: "figures/conv/step-1.png", caption: "1 + 2 = 3", alt: "window at (0, 0)"),
                        PlayerStep(image: "figures/conv/step-2.png", caption: "2 + 1 = 3", alt: "window at (0, 1)"),
                    ], overview: Figure(image: "figures/conv/overview.png", alt: "every step"))),
                    .figure(Figure(image: "figures/wide.png", alt: "a wide picture", width: 500, height: 100)),
                    .answer(label: "Answer", blocks: [.markdown("### Why\n\nAs in [the example](#conv).")]),
                ]),
                SitePage(slug: "pooling", lang: "en", title: "Pooling", order: 2, blocks: [.markdown("## Max\n\nBack to [padding](sliding.html#padding).")]),
                SitePage(slug: "demo-lenet5", lang: "en", title: "LeNet-5", kind: .demo, blocks: [.markdown("## Pad")]),
            ],
            files: ["figures/grid.png": .bytes(picture), "figures/conv/step-1.png": .bytes(picture), "figures/conv/step-2.png": .bytes(picture),
                    "figures/conv/overview.png": .bytes(picture), "figures/wide.png": .bytes(picture)])
        let lessons = try SitePrint.lessons(of: printed, lang: "en", site: site)
        let article = lessons[0].article
        for expected in [
            "<h2 id=\"sliding--padding\">Padding</h2>",
            "<a href=\"#sliding--padding\">padding</a>",
            "<a href=\"#pooling--max\">max</a>",
            "<a href=\"#lesson-pooling\">pooling</a>",
            "<a href=\"file:///srv/course/demo-lenet5.html#pad\">the demo</a>",
            "<a href=\"https://example.org/a#b\">elsewhere</a>",
            "<a href=\"#\">a script</a>",
            "<img src=\"figures/grid.png\" alt=\"a grid\">",
            "<img src=\"file:///srv/course/figures/gone.png\" alt=\"gone\">",
            "<section class=\"player\" id=\"sliding--conv\" data-player-id=\"sliding--conv\" data-step-count=\"2\" aria-labelledby=\"sliding--conv-title\">",
            "<h3 class=\"player-title\" id=\"sliding--conv-title\">Sliding a kernel</h3>",
            "<li class=\"player-step\" id=\"sliding--conv/step-2\" data-step=\"2\"><figure><img src=\"figures/conv/step-2.png\"",
            "<img src=\"figures/conv/overview.png\" alt=\"every step\" decoding=\"async\">",
            "<nav class=\"toc\" aria-labelledby=\"sliding--toc-title\"><h2 id=\"sliding--toc-title\">",
            "<li class=\"toc-depth-0\"><a href=\"#sliding--padding\">Padding</a></li>",
            "<li class=\"toc-depth-1\"><a href=\"#sliding--conv\">Sliding a kernel</a></li>",
            "<figure class=\"figure\"><img src=\"figures/wide.png\" alt=\"a wide picture\" width=\"500\" height=\"100\" decoding=\"async\"></figure>",
            "<a href=\"#sliding--answer-1\">Answer 1: in the answers at the end.</a>",
            "<a class=\"pager-next\" rel=\"next\" href=\"#lesson-pooling\">",
        ] {
            XCTAssertTrue(article.contains(expected), "\(expected) in \(article)")
        }
        XCTAssertEqual(lessons[0].answers, [SitePrint.Answer(id: "sliding--answer-1",
                                                             html: "<h3 id=\"sliding--why\">Why</h3>\n<p>As in <a href=\"#sliding--conv\">the example</a>.</p>\n")])
        XCTAssertTrue(lessons[1].article.contains("<a href=\"#sliding--padding\">padding</a>"), lessons[1].article)
        XCTAssertTrue(lessons[1].article.contains("<a class=\"pager-prev\" rel=\"prev\" href=\"#lesson-sliding\">"))
        XCTAssertFalse(article.contains("figure-zoom"), "a printed figure is not a link to its picture")

        // A lesson printed alone links to the others in the site.
        let alone = try SitePrint.lessons(of: printed, lang: "en", slugs: ["sliding"], site: site)[0].article
        XCTAssertTrue(alone.contains("<a href=\"file:///srv/course/pooling.html#max\">max</a>"), alone)
        XCTAssertTrue(alone.contains("<a class=\"pager-next\" rel=\"next\" href=\"file:///srv/course/pooling.html\">"), alone)
        XCTAssertTrue(alone.contains("<a href=\"#sliding--padding\">padding</a>"))

        // The site's page is as it was: no prefixes, links as written.
        let page = try XCTUnwrap(try SiteBuilder.renderPages(printed)["sliding.html"])
        for expected in ["<h2 id=\"padding\">Padding</h2>", "<a href=\"pooling.html#max\">max</a>", "<a href=\"#padding\">padding</a>",
                         "id=\"conv\" data-player-id=\"conv\"", "id=\"conv/step-2\"", "<h2 id=\"toc-title\">", "href=\"pooling.html\">",
                         "<img src=\"figures/gone.png\" alt=\"gone\">", "<a class=\"figure-zoom\" href=\"figures/wide.png\"><img src=\"figures/wide.png\""] {
            XCTAssertTrue(page.contains(expected), "\(expected) in \(page)")
        }
    }

    /// The print page: cover, contents (with the pages an earlier print found), each lesson in
    /// its section, and the answer key with a heading per answer naming its lesson.
    func testThePrintPageHoldsTheContentsTheLessonsAndTheAnswerKey() throws {
        let lessons = try SitePrint.lessons(of: model, lang: "en", site: site)
        let path = SitePrint.pagePath(of: lessons)
        XCTAssertEqual(path, "handout.html")
        let page = SitePrint.page(title: "Kernels & <maps>", lang: "en", path: path, lessons: lessons,
                                  pages: ["lesson-notation": 3, "lesson-sliding": 4, "lesson-pooling": 6, "answers": 9])
        for expected in [
            "<title>Kernels &amp; &lt;maps&gt;</title>",
            "<link rel=\"stylesheet\" href=\"assets/site.css\">",
            "<header class=\"handout-cover\"><h1>Kernels &amp; &lt;maps&gt;</h1></header>",
            "<li><a href=\"#lesson-notation\"><span class=\"handout-number\"></span><span class=\"handout-title\">Notation</span><span class=\"handout-page\">3</span></a></li>\n"
                + "<li><a href=\"#lesson-sliding\"><span class=\"handout-number\">1</span><span class=\"handout-title\">Sliding &lt;kernels&gt;</span><span class=\"handout-page\">4</span></a></li>\n"
                + "<li><a href=\"#lesson-pooling\"><span class=\"handout-number\">2</span><span class=\"handout-title\">Taking maxima</span><span class=\"handout-page\">6</span></a></li>\n"
                + "<li><a href=\"#answers\"><span class=\"handout-number\"></span><span class=\"handout-title\">Answers</span><span class=\"handout-page\">9</span></a></li>\n</ol></nav>\n",
            "<section class=\"handout-lesson\" id=\"lesson-pooling\">\n<article class=\"page page-lesson\">",
            "<section class=\"handout-answers\" id=\"answers\"><h1>Answers</h1>\n"
                + "<div class=\"handout-answer\" id=\"pooling--answer-1\"><h2>Lesson 2, answer 1</h2>\n<p>At index <strong>1</strong>.</p>\n\n</div>\n"
                + "<div class=\"handout-answer\" id=\"pooling--answer-2\"><h2>Lesson 2, answer 2</h2>\n<p>At index <strong>0</strong>.</p>\n\n</div>\n</section>\n",
            "<script src=\"assets/katex/katex.min.js\"></script>\n<script src=\"assets/math.js\"></script>\n</body>\n</html>\n",
        ] {
            XCTAssertTrue(page.contains(expected), "\(expected) in \(page)")
        }
        let alone = SitePrint.page(title: "Kernels", lang: "en", path: path, lessons: [lessons[1]])
        XCTAssertFalse(alone.contains("handout-answers") || alone.contains("#answers"), "no answer key without answers")
        XCTAssertTrue(alone.contains("<span class=\"handout-page\"></span>"), "no page numbers before a print")
    }

    /// In a course of several languages the pages are in a folder per language and the
    /// pictures at the root: the print page stands beside the pages, so `../figures/…` holds.
    func testAMultilingualPrintPageKeepsItsRelativePictures() throws {
        let printed = SiteModel(
            languages: [SiteLanguage(code: "en", title: "Kernels"), SiteLanguage(code: "ko", title: "커널")],
            pages: [
                SitePage(slug: "sliding", lang: "en", title: "Sliding", order: 1, blocks: [
                    .markdown("See [notation](notation.html#x) and [pooling](pooling.html#max)."),
                    .figure(Figure(image: "figures/en/wide.png", alt: "a wide picture", width: 500, height: 100)),
                ]),
                SitePage(slug: "pooling", lang: "en", title: "Pooling", order: 2, blocks: [.markdown("## Max")]),
                SitePage(slug: "sliding", lang: "ko", title: "슬라이딩", order: 1, blocks: [.markdown("Slide.")]),
            ],
            files: ["figures/en/wide.png": .bytes(Data([1]))])
        let article = try SitePrint.lessons(of: printed, lang: "en", site: site)[0].article
        XCTAssertTrue(article.contains("<img src=\"../figures/en/wide.png\""), article)
        XCTAssertTrue(article.contains("<a href=\"file:///srv/course/en/notation.html#x\">notation</a>"), article)
        XCTAssertTrue(article.contains("<a href=\"#pooling--max\">pooling</a>"), article)
        let lessons = try SitePrint.lessons(of: printed, lang: "en", site: site)
        XCTAssertEqual(SitePrint.pagePath(of: lessons), "en/handout.html")
        XCTAssertTrue(SitePrint.page(title: "Kernels", lang: "en", path: "en/handout.html", lessons: lessons)
            .contains("<link rel=\"stylesheet\" href=\"../assets/site.css\">"))
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
