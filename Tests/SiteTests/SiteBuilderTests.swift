import XCTest
@testable import Site

final class SiteBuilderTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("site-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func read(_ path: String, in site: URL) -> String? {
        FileManager.default.contents(atPath: site.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func testMultilingualLayout() throws {
        let site = scratch.appendingPathComponent("out")
        try SiteBuilder.build(SampleSite.model(), to: site)
        for path in ["index.html", "en/index.html", "ko/index.html", "en/01-convolution.html", "ko/02-stride.html",
                     "en/demo-lenet.html", "assets/site.css", "assets/player.js", "assets/math.js",
                     "assets/katex/katex.min.js", "assets/katex/katex.min.css",
                     "assets/katex/fonts/KaTeX_Main-Regular.woff2", "figures/conv/step-4.png", ".convwalk-site",
                     "assets/site.js", "assets/favicon.svg", "assets/search-en.js", "assets/search-ko.js"] {
            XCTAssertNotNil(read(path, in: site), path)
        }
        // Only what a page can load: no unminified KaTeX, no ttf/woff beside the woff2 fonts.
        for path in ["assets/katex/katex.js", "assets/katex/katex.mjs", "assets/katex/katex.css",
                     "assets/katex/fonts/KaTeX_Main-Regular.ttf", "assets/katex/fonts/KaTeX_Main-Regular.woff"] {
            XCTAssertNil(read(path, in: site), path)
        }
        let koLesson = try XCTUnwrap(read("ko/01-convolution.html", in: site))
        XCTAssertTrue(koLesson.contains("<html lang=\"ko\">"))
        XCTAssertTrue(koLesson.contains("<a href=\"../en/01-convolution.html\" lang=\"en\" hreflang=\"en\">English</a>"))
        XCTAssertTrue(koLesson.contains("<a class=\"pager-next\" rel=\"next\" href=\"02-stride.html\">"))
        XCTAssertTrue(koLesson.contains("<img src=\"../figures/conv/step-1.png\""))
        // The lesson's number above its title, filled into the catalog's template.
        XCTAssertTrue(koLesson.contains("<p class=\"eyebrow\">1강</p>"))
        XCTAssertTrue(try XCTUnwrap(read("en/02-stride.html", in: site)).contains("<p class=\"eyebrow\">Lesson 2</p>"))
        let enIndex = try XCTUnwrap(read("en/index.html", in: site))
        XCTAssertTrue(enIndex.contains("<span class=\"card-number\">2</span><span class=\"card-title\">Stride</span>"))
        XCTAssertTrue(enIndex.contains("<h2 id=\"demos\">Demos</h2>"))
        XCTAssertTrue(enIndex.contains("<p>Every number on these pages is computed by real kernels.</p>"))
    }

    func testPartsGroupTheLessonsOnTheIndex() throws {
        var model = SampleSite.model(languages: ["en"])
        model.languages[0].parts = [CoursePart(firstOrder: 1, title: "One kernel", summary: "Slide & add."),
                                    CoursePart(firstOrder: 2, title: "Moving faster")]
        let index = try XCTUnwrap(SiteBuilder.renderPages(model)["index.html"])
        let one = try XCTUnwrap(index.range(of: "<h3 id=\"part-1\"><span class=\"part-number\">Part 1</span> One kernel</h3>"))
        let two = try XCTUnwrap(index.range(of: "<h3 id=\"part-2\"><span class=\"part-number\">Part 2</span> Moving faster</h3>"))
        let convolution = try XCTUnwrap(index.range(of: "<span class=\"card-title\">Convolution</span>"))
        let stride = try XCTUnwrap(index.range(of: "<span class=\"card-title\">Stride</span>"))
        XCTAssertTrue(one.upperBound < convolution.lowerBound && convolution.upperBound < two.lowerBound && two.upperBound < stride.lowerBound,
                      "each lesson under its part, in order")
        XCTAssertTrue(index.contains("<p class=\"part-summary\">Slide &amp; add.</p>"))
        XCTAssertEqual(index.components(separatedBy: "<h2 id=\"lessons\">").count, 2, "one Lessons heading")
        // The demos stay in their own section after the parts.
        let demos = try XCTUnwrap(index.range(of: "<h2 id=\"demos\">"))
        XCTAssertTrue(stride.upperBound < demos.lowerBound)
    }

    func testSingleLanguageLayoutHasNoLanguageFolders() throws {
        let pages = try SiteBuilder.renderPages(SampleSite.model(languages: ["ko"]))
        XCTAssertEqual(pages.keys.sorted(), ["01-convolution.html", "02-stride.html", "assets/search-ko.js", "demo-lenet.html", "index.html"])
        XCTAssertFalse(pages["01-convolution.html"]!.contains("lang-switch"))
    }

    /// The build state (what the next build reuses) lives beside the site, named by the
    /// build its marker names; nothing of it is published with the site.
    func testBuildStateLivesBesideTheSite() throws {
        let site = scratch.appendingPathComponent("pub")
        let first = try SiteBuilder.build(SampleSite.model(), to: site)
        XCTAssertNil(read(".cache/manifest.json", in: site), "no build state inside the site")
        let marker = try XCTUnwrap(read(".convwalk-site", in: site))
        let build = SiteManifest.contentHash(Data(try XCTUnwrap(read("manifest-\(String(marker.dropFirst(14).prefix(16))).json",
                                                                           in: scratch.appendingPathComponent(".pub.cache"))).utf8))
        XCTAssertEqual(marker, "convwalk site \(build)\n")
        XCTAssertEqual(SiteManifest.read(siteAt: site), first)
        XCTAssertFalse(first.files.keys.contains { $0.hasPrefix(".cache") }, "the manifest lists no state file")

        // A second build with other pages keeps exactly one manifest beside the site: its own.
        var model = SampleSite.model()
        model.languages[0].title += " (2)"
        let second = try SiteBuilder.build(model, to: site)
        XCTAssertNotEqual(first, second)
        let state = try FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent(".pub.cache").path)
        XCTAssertEqual(state.count, 1, "\(state)")
        XCTAssertEqual(SiteManifest.read(siteAt: site), second)

        // A manifest that no marker names (a build killed before its swap) is never read.
        try "convwalk site 0123456789abcdef\n".write(to: site.appendingPathComponent(".convwalk-site"), atomically: true, encoding: .utf8)
        XCTAssertNil(SiteManifest.read(siteAt: site))
    }

    /// A site built before the state moved out (`.cache/manifest.json` inside) is still a
    /// site: it is replaced, its manifest read, and the new site has no `.cache`.
    func testSiteOfAnEarlierConvwalkIsReplaced() throws {
        let site = scratch.appendingPathComponent("old")
        try FileManager.default.createDirectory(at: site.appendingPathComponent(".cache"), withIntermediateDirectories: true)
        let legacy = SiteManifest(cacheKeys: ["fig:x": "1"], files: ["index.html": "00"])
        try JSONEncoder().encode(legacy).write(to: site.appendingPathComponent(".cache/manifest.json"))
        XCTAssertEqual(SiteManifest.read(siteAt: site), legacy)
        try SiteBuilder.build(SampleSite.model(), to: site)
        XCTAssertNil(read(".cache/manifest.json", in: site))
        XCTAssertNotNil(read(".convwalk-site", in: site))
    }

    func testSameModelGivesSameBytes() throws {
        let a = scratch.appendingPathComponent("a"), b = scratch.appendingPathComponent("b")
        let first = try SiteBuilder.build(SampleSite.model(), to: a)
        let second = try SiteBuilder.build(SampleSite.model(), to: b)
        XCTAssertEqual(first, second)
        XCTAssertEqual(read(".convwalk-site", in: a), read(".convwalk-site", in: b))
        for path in first.files.keys.sorted() {
            XCTAssertEqual(FileManager.default.contents(atPath: a.appendingPathComponent(path).path),
                           FileManager.default.contents(atPath: b.appendingPathComponent(path).path), path)
        }
        XCTAssertEqual(SiteManifest.read(siteAt: a), first)
        XCTAssertEqual(first.cacheKeys, ["sample": "1"])
    }

    func testFailedBuildKeepsThePreviousSite() throws {
        let site = scratch.appendingPathComponent("out")
        try SiteBuilder.build(SampleSite.model(), to: site)
        let before = try XCTUnwrap(read("en/01-convolution.html", in: site))

        var broken = SampleSite.model()
        broken.pages[1].title = "Changed"
        // Pages and assets are written first; this file is copied last and is missing.
        broken.files["zz/unrendered.png"] = .previousBuild
        XCTAssertThrowsError(try SiteBuilder.build(broken, to: site)) { error in
            XCTAssertEqual(error as? SiteError, .previousFileMissing(path: "zz/unrendered.png", destination: site.path))
        }
        XCTAssertEqual(read("en/01-convolution.html", in: site), before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
        XCTAssertEqual(leftovers, [".out.cache", "out"], "no temporary folder is left behind")
        let state = try FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent(".out.cache").path)
        XCTAssertEqual(state.count, 1, "only the standing site's manifest: \(state)")
        XCTAssertNotNil(SiteManifest.read(siteAt: site), "the standing site's manifest is still read")
    }

    func testKilledBuildsAreCleanedUpAndAMovedAwaySiteIsRestored() throws {
        let site = scratch.appendingPathComponent("out")
        try SiteBuilder.build(SampleSite.model(), to: site)
        // A build killed between its two renames: the old site moved away, the new one half-done.
        let deadPID = Int32.max
        let old = scratch.appendingPathComponent(".out.old-\(deadPID)")
        let building = scratch.appendingPathComponent(".out.building-\(deadPID)")
        try FileManager.default.moveItem(at: site, to: old)
        try FileManager.default.createDirectory(at: building, withIntermediateDirectories: true)

        SiteWriter.recoverInterruptedBuilds(of: site)
        XCTAssertNotNil(read("en/index.html", in: site), "the old site is back in place")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted(), [".out.cache", "out"])
    }

    func testPreviousBuildFilesAreCarriedOver() throws {
        let site = scratch.appendingPathComponent("out")
        let first = try SiteBuilder.build(SampleSite.model(), to: site)
        var model = SampleSite.model()
        for step in 1...4 { model.files[SampleSite.framePath(step)] = .previousBuild }
        let second = try SiteBuilder.build(model, to: site)
        XCTAssertEqual(second.files[SampleSite.framePath(3)], first.files[SampleSite.framePath(3)])
        XCTAssertEqual(FileManager.default.contents(atPath: site.appendingPathComponent(SampleSite.framePath(3)).path),
                       SampleSite.frame(step: 3))
    }

    /// Identical pictures at two paths are one file: the site keeps the first path and every
    /// page naming the other names it instead; a rebuild that reuses both still works.
    func testIdenticalPicturesShareOneFile() throws {
        let site = scratch.appendingPathComponent("out")
        var model = SampleSite.model()
        // Step 4's bytes again at a second path, named by a page (the Korean lesson's figure).
        let copy = "figures/copy/last.png"
        model.files[copy] = .bytes(SampleSite.frame(step: 4))
        let figurePage = try XCTUnwrap(model.pages.firstIndex { $0.lang == "ko" && $0.slug == "01-convolution" })
        model.pages[figurePage].blocks.append(.figure(Figure(image: copy, alt: "copy")))
        let first = try SiteBuilder.build(model, to: site)
        XCTAssertEqual(first.shared, [copy: SampleSite.framePath(4)])
        XCTAssertNil(read(copy, in: site), "the copy is not written")
        let ko = try XCTUnwrap(read("ko/01-convolution.html", in: site))
        XCTAssertFalse(ko.contains(copy))
        XCTAssertTrue(ko.contains("src=\"../\(SampleSite.framePath(4))\""))
        XCTAssertTrue(first.holds(copy))

        // A rebuild that reuses every picture, the shared one included.
        for path in model.files.keys { model.files[path] = .previousBuild }
        let second = try SiteBuilder.build(model, to: site)
        XCTAssertEqual(second.shared, first.shared)
        XCTAssertEqual(FileManager.default.contents(atPath: site.appendingPathComponent(SampleSite.framePath(4)).path), SampleSite.frame(step: 4))

        // No longer identical: the copy is its own file again, read from where it was kept.
        model.files[SampleSite.framePath(4)] = .bytes(SampleSite.frame(step: 3) + Data([0]))
        let third = try SiteBuilder.build(model, to: site)
        XCTAssertNil(third.shared)
        XCTAssertEqual(FileManager.default.contents(atPath: site.appendingPathComponent(copy).path), SampleSite.frame(step: 4))
    }

    func testSharedPathsAreRewrittenOnlyWhole() {
        let shared = ["figures/a/x.png": "figures/b/x.png"]
        XCTAssertEqual(SharedCopies.rewrite(#"<img src="../figures/a/x.png"> url(figures/a/x.png) "figures/a/x.png#f""#, shared),
                       #"<img src="../figures/b/x.png"> url(figures/b/x.png) "figures/b/x.png#f""#)
        // Part of a longer name stays.
        XCTAssertEqual(SharedCopies.rewrite(#""more-figures/a/x.png" "figures/a/x.png.bak" "a/figures/a/x.png""#, shared),
                       #""more-figures/a/x.png" "figures/a/x.png.bak" "a/figures/a/x.png""#)
        XCTAssertEqual(SharedCopies.rewrite("<p>ünïcode \"../../figures/a/x.png\" 끝</p>", shared),
                       "<p>ünïcode \"../../figures/b/x.png\" 끝</p>")
    }

    func testRefusesToReplaceAFolderThatIsNotASite() throws {
        let folder = scratch.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: folder.appendingPathComponent("todo.txt"))
        XCTAssertThrowsError(try SiteBuilder.build(SampleSite.model(), to: folder)) { error in
            XCTAssertEqual(error as? SiteError, .destinationNotASite(path: folder.path))
        }
        XCTAssertEqual(read("todo.txt", in: folder), "keep me")
    }

    func testMissingKaTeXIsReportedBeforeAnythingIsWritten() {
        let site = scratch.appendingPathComponent("out")
        let options = SiteOptions(katexDirectory: scratch.appendingPathComponent("no-katex"))
        XCTAssertThrowsError(try SiteBuilder.build(SampleSite.model(), to: site, options: options)) { error in
            XCTAssertEqual(error as? SiteError, .missingAsset(path: scratch.appendingPathComponent("no-katex").path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.path))
    }

    func testDuplicatePagesAndUnknownLanguagesAreErrors() {
        var model = SampleSite.model(languages: ["en"])
        model.pages.append(model.pages[1])
        XCTAssertThrowsError(try SiteBuilder.renderPages(model)) {
            XCTAssertEqual($0 as? SiteError, .duplicatePage(slug: "01-convolution", lang: "en"))
        }
        var other = SampleSite.model(languages: ["en"])
        other.pages[0].lang = "ko"
        XCTAssertThrowsError(try SiteBuilder.renderPages(other)) {
            XCTAssertEqual($0 as? SiteError, .pageLanguageNotInModel(slug: "index", lang: "ko"))
        }
    }
}
