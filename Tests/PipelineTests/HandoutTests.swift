import Foundation
import XCTest
@testable import Pipeline
import Site

/// `convwalk handout` on a two-lesson site: pages, titles, contents with page numbers.
final class HandoutTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-handout-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lessons"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Builds a site of two lessons (math, a 4-step convolution, a link between them).
    func buildSite() throws -> URL {
        try """
        ---
        title: Sliding kernels
        slug: sliding
        order: 1
        ---
        A sum: $y = \\sum_i x_i w_i$. Next: [the pooling lesson](pooling.html#max); [the example](#conv-a) first.

        ```example
        id: conv-a
        op: conv2d
        input: [[1,2,3],[2,1,0],[3,0,1]]
        kernel: [[1,0],[1,0]]
        expect: [[3,3],[5,1]]
        ```
        """.write(to: dir.appendingPathComponent("lessons/01.md"), atomically: true, encoding: .utf8)
        try """
        ---
        title: Taking maxima
        slug: pooling
        order: 2
        ---
        ## Max

        ```example
        id: pool-a
        op: maxpool
        input: [[1,3,2,0],[4,2,1,5],[0,1,3,2],[2,6,1,1]]
        expect: [[4,5],[6,3]]
        ```

        1. Where is the largest of 3, 9, 2?

        ```example
        id: pool-ex
        op: argmax
        display: answer
        input: [3, 9, 2]
        expect: 1
        ```
        """.write(to: dir.appendingPathComponent("lessons/02.md"), atomically: true, encoding: .utf8)
        // Two parts: the index lists the lessons under part headings, and the handout still finds both.
        try """
        en:
          title: Kernels
          parts:
            - {from: 1, title: Sliding}
            - {from: 2, title: Pooling}
        """.write(to: dir.appendingPathComponent("lessons/course.yaml"), atomically: true, encoding: .utf8)
        let site = dir.appendingPathComponent("output")
        _ = try CourseBuild.run(BuildOptions(lessons: dir.appendingPathComponent("lessons").path, output: site.path))
        return site
    }

    var lessons: String { dir.appendingPathComponent("lessons").path }

    func tools() throws {
        guard (try? Handout.findChromium()) != nil else { throw XCTSkip("no chromium on PATH: the handout is printed by headless Chromium") }
        for tool in ["pdftotext", "pdfinfo"] where !FileManager.default.isExecutableFile(atPath: "/usr/bin/\(tool)") {
            throw XCTSkip("no \(tool) (poppler-utils): cannot read the PDF back")
        }
    }

    func testTheCourseBecomesOnePDFWithContentsAndALessonPerChapter() throws {
        try tools()
        let site = try buildSite()
        let pdf = dir.appendingPathComponent("course.pdf")
        let summary = try Handout.make(HandoutOptions(lessons: lessons, site: site.path, out: pdf.path))
        XCTAssertEqual(summary.entries.map(\.title), ["Sliding kernels", "Taking maxima"])
        let pages = try Handout.pdfText(pdf)
        // Cover, contents, then each lesson on its own pages.
        XCTAssertGreaterThanOrEqual(pages.count, 4)
        XCTAssertEqual(summary.pages, pages.count)
        XCTAssertEqual(summary.entries.map(\.page), [3, 4])
        let contents = pages[1].split(separator: "\n").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        XCTAssertTrue(contents.contains("1 Sliding kernels 3"), "\(contents)")
        XCTAssertTrue(contents.contains("2 Taking maxima 4"), "\(contents)")
        // The exercise's answer is not under the exercise but in the answer key at the end.
        XCTAssertTrue(contents.contains("Answers 5"), "\(contents)")
        XCTAssertTrue(pages[3].contains("Answer 1: in the answers at the end."), pages[3])
        XCTAssertEqual(pages.count, 5)
        XCTAssertTrue(pages[4].contains("Answers") && pages[4].contains("Lesson 2, answer 1"), pages[4])
        XCTAssertTrue(pages[2].contains("Sliding kernels") && pages[3].contains("Taking maxima"))
        // Every step of the example is printed, with its counter, and the pages are numbered.
        for step in 1...4 { XCTAssertTrue(pages[2].contains("step \(step) of 4"), "step \(step)") }
        XCTAssertEqual(pages[2].split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.trimmingCharacters(in: .whitespaces), "3")
        // Math is typeset (KaTeX's ∑), not left as TeX.
        XCTAssertTrue(pages[2].contains("∑"), pages[2])
        XCTAssertFalse(pages[2].contains("\\sum"))
    }

    func testOneLessonAlone() throws {
        try tools()
        let site = try buildSite()
        let pdf = dir.appendingPathComponent("pooling.pdf")
        let summary = try Handout.make(HandoutOptions(lessons: lessons, site: site.path, lesson: "pooling", out: pdf.path))
        XCTAssertEqual(summary.entries.map(\.slug), ["pooling"])
        let text = try Handout.pdfText(pdf).joined()
        XCTAssertTrue(text.contains("Taking maxima"))
        XCTAssertFalse(text.contains("Sliding kernels"))
    }

    func testMissingLessonOrLanguageSaysWhatToDo() throws {
        let site = try buildSite()
        XCTAssertThrowsError(try Handout.make(HandoutOptions(lessons: lessons, site: site.path, lesson: "stride", out: "x.pdf"))) {
            XCTAssertTrue("\($0)".hasSuffix("(lessons: sliding, pooling)"), "\($0)")
        }
        XCTAssertThrowsError(try Handout.make(HandoutOptions(lessons: lessons, site: site.path, lang: "ko", out: "x.pdf"))) {
            XCTAssertTrue("\($0)".hasSuffix("has no lessons in 'ko'; pass --lang en"), "\($0)")
        }
        XCTAssertThrowsError(try Handout.make(HandoutOptions(lessons: dir.appendingPathComponent("nothing").path, out: "x.pdf"))) {
            XCTAssertEqual(($0 as? BuildError)?.step, "check", "\($0)")
            XCTAssertEqual(($0 as? BuildError)?.problems, ["\(self.dir.appendingPathComponent("nothing").path):1:1: no such file or folder"])
        }
    }

    func testArticlesComeFromTheModelKeepTheirIdsApartAndLinkInsideTheHandout() throws {
        let site = try buildSite()
        let model = try CourseBuild.siteModel(BuildOptions(lessons: lessons, output: site.path)).0
        XCTAssertTrue(model.files.values.allSatisfy { $0 == .previousBuild }, "the built site's pictures are current: none is drawn again")
        let printed = try SitePrint.lessons(of: model, lang: "en", site: site)
        XCTAssertEqual(printed.map { Handout.Entry(slug: $0.slug, title: $0.title, number: $0.number) },
                       [.init(slug: "sliding", title: "Sliding kernels", number: 1), .init(slug: "pooling", title: "Taking maxima", number: 2)])
        XCTAssertEqual(printed.map(\.answers.count), [0, 1])
        XCTAssertEqual(printed[1].answers[0].id, "pooling--answer-1")
        XCTAssertTrue(printed[1].answers[0].html.contains("1"), printed[1].answers[0].html)

        let work = dir.appendingPathComponent("work")
        try SitePrint.writeFiles(of: model, to: work, previousSite: site)
        let html = printed[0].article
        XCTAssertTrue(html.contains("id=\"sliding--conv-a\""))
        XCTAssertTrue(html.contains("href=\"#pooling--max\""), "a link to another lesson of the handout stays inside it")
        XCTAssertTrue(html.contains("src=\"figures/en/sliding/conv-a/overview.png\""), "pictures are beside the print page")
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent("figures/en/sliding/conv-a/overview.png").path))
        XCTAssertFalse(html.contains("loading=\"lazy\""), "on paper every picture is loaded before printing")
        XCTAssertTrue(html.contains("<img src=\"figures/en/sliding/conv-a/overview.png\""))
        XCTAssertTrue(try String(contentsOf: site.appendingPathComponent("sliding.html"), encoding: .utf8).contains(" loading=\"lazy\" decoding=\"async\">"),
                      "the site's pages still load their pictures lazily")
        XCTAssertTrue(printed[1].article.contains("<a href=\"#pooling--answer-1\">Answer 1: in the answers at the end.</a>"))
        let alone = try SitePrint.lessons(of: model, lang: "en", slugs: ["sliding"], site: site)
        XCTAssertEqual(alone.map(\.slug), ["sliding"])
        XCTAssertTrue(alone[0].article.contains("href=\"\(site.appendingPathComponent("pooling.html").absoluteString)#max\""),
                      "a lesson not in the handout is linked in the site")
    }

    /// On the print page, a link inside a lesson and a link to another lesson both lead to an
    /// element of the page: its id is the one the link names.
    func testInArticleAndCrossLessonLinksResolveOnThePrintPage() throws {
        let site = try buildSite()
        let model = try CourseBuild.siteModel(BuildOptions(lessons: lessons, output: site.path)).0
        let printed = try SitePrint.lessons(of: model, lang: "en", site: site)
        let page = SitePrint.page(title: "Course", lang: "en", path: SitePrint.pagePath(of: printed), lessons: printed)
        XCTAssertTrue(page.contains("<a href=\"#sliding--conv-a\">the example</a>"), "a link inside a lesson takes its lesson's prefix")
        XCTAssertTrue(page.contains("<a href=\"#pooling--max\">the pooling lesson</a>"), "a link to another lesson leads into it")
        let ids = Set(Handout.matches(#" id="([^"]*)""#, in: page).map { $0[0] })
        XCTAssertTrue(ids.isSuperset(of: ["sliding--conv-a", "pooling--max", "pooling--answer-1", "lesson-sliding", "lesson-pooling"]), "\(ids.sorted())")
        let fragments = Handout.matches(##"href="#([^"]*)""##, in: page).map { $0[0] }
        XCTAssertGreaterThanOrEqual(fragments.count, 5)
        XCTAssertEqual(fragments.filter { !ids.contains($0) }, [], "every in-page link has its target on the page")
        XCTAssertEqual(ids.count, Handout.matches(#" id="([^"]*)""#, in: page).count, "no id is on the page twice")
    }
}
