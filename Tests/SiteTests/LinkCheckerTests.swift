import XCTest
@testable import Site

final class LinkCheckerTests: XCTestCase {
    var site: URL!

    override func setUpWithError() throws {
        site = FileManager.default.temporaryDirectory.appendingPathComponent("site-links-\(UUID().uuidString)")
        try SiteBuilder.build(SampleSite.model(), to: site)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: site)
    }

    private func edit(_ path: String, _ change: (String) -> String) throws {
        let url = site.appendingPathComponent(path)
        let html = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let changed = change(html)
        XCTAssertNotEqual(changed, html, "the edit must change \(path)")
        try Data(changed.utf8).write(to: url)
    }

    func testGeneratedSiteIsSound() throws {
        XCTAssertEqual(try LinkChecker.check(siteAt: site), [])
    }

    func testMissingImageIsReportedWithItsPage() throws {
        try FileManager.default.removeItem(at: site.appendingPathComponent("figures/conv/step-2.png"))
        let problems = try LinkChecker.check(siteAt: site)
        XCTAssertEqual(problems.map(\.file), ["en/01-convolution.html", "ko/01-convolution.html"])
        XCTAssertEqual(problems.map(\.reference), ["../figures/conv/step-2.png", "../figures/conv/step-2.png"])
        XCTAssertEqual(problems.first?.reason, "no such file in the site (figures/conv/step-2.png)")
    }

    func testBrokenFragmentAbsolutePathAndMissingAlt() throws {
        try edit("en/02-stride.html") {
            $0.replacingOccurrences(of: "<h2 id=\"stride\">", with: "<h2>")
              .replacingOccurrences(of: "</main>", with: "<p><img src=\"/tmp/x.png\" alt=\"\"></p>\n</main>")
        }
        let problems = try LinkChecker.check(siteAt: site)
        XCTAssertEqual(problems.map(\.file), ["en/02-stride.html", "en/02-stride.html", "en/02-stride.html"])
        XCTAssertEqual(Set(problems.map(\.reason)), [
            "no element with id 'stride' in en/02-stride.html",
            "absolute local path; use a path relative to the page",
            "<img> without a non-empty alt",
        ])
    }

    func testLinksLeavingTheSiteAreReported() throws {
        try edit("index.html") { $0.replacingOccurrences(of: "href=\"en/index.html\"", with: "href=\"../../etc/passwd\"") }
        let problems = try LinkChecker.check(siteAt: site)
        XCTAssertEqual(problems.map(\.description), ["index.html:17: ../../etc/passwd: leaves the site"])
    }

    func testResolve() {
        XCTAssertEqual(LinkChecker.resolve("../figures/a.png", from: "en/lesson.html"), "figures/a.png")
        XCTAssertEqual(LinkChecker.resolve("./b.html", from: "en/lesson.html"), "en/b.html")
        XCTAssertEqual(LinkChecker.resolve("en/", from: "index.html"), "en/index.html")
        XCTAssertNil(LinkChecker.resolve("../../x", from: "en/lesson.html"))
    }
}
