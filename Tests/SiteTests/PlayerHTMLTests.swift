import XCTest
@testable import Site

final class PlayerHTMLTests: XCTestCase {
    private func context(lang: String = "en", path: String = "en/lesson.html") throws -> PageContext {
        PageContext(path: path, name: path, lang: lang, strings: try UIStrings.table(for: lang), options: SiteOptions())
    }

    private let twoSteps = Player(id: "Conv 1", title: "Sliding", steps: [
        PlayerStep(image: "figures/conv/step-1.png", caption: "1·1 + 2·0 = 1", alt: "window at (0, 0)", width: 120, height: 90),
        PlayerStep(image: "figures/conv/step-2.png", caption: "2·1 + 0·0 = 2", alt: "window at (0, 1)"),
    ])

    func testServerHTMLIsAListOfFiguresWithCaptions() throws {
        var page = try context()
        let (html, heading) = try PlayerHTML.render(twoSteps, in: &page)
        XCTAssertEqual(html, """
        <section class="player" id="conv-1" data-player-id="conv-1" data-step-count="2" aria-labelledby="conv-1-title">
        <h3 class="player-title" id="conv-1-title">Sliding</h3>
        <ol class="player-steps">
        <li class="player-step" id="conv-1/step-1" data-step="1"><figure><img src="../figures/conv/step-1.png" alt="window at (0, 0)" width="120" height="90" loading="lazy" decoding="async"><figcaption><span class="player-counter">step 1 of 2</span> <span class="player-caption">1·1 + 2·0 = 1</span></figcaption></figure></li>
        <li class="player-step" id="conv-1/step-2" data-step="2"><figure><img src="../figures/conv/step-2.png" alt="window at (0, 1)" loading="lazy" decoding="async"><figcaption><span class="player-counter">step 2 of 2</span> <span class="player-caption">2·1 + 0·0 = 2</span></figcaption></figure></li>
        </ol>
        </section>

        """)
        XCTAssertEqual(heading, Heading(level: 3, text: "Sliding", id: "conv-1"))
    }

    func testKoreanCounterAndOverview() throws {
        var page = try context(lang: "ko", path: "lesson.html")
        var player = twoSteps
        player.overview = Figure(image: "figures/conv/all.png", alt: "전체")
        let (html, _) = try PlayerHTML.render(player, in: &page)
        XCTAssertTrue(html.contains("<span class=\"player-counter\">2단계 중 1단계</span>"))
        // Collapsed until opened (it gives every answer away); its lazy image is fetched then.
        XCTAssertTrue(html.contains("<details class=\"player-overview\"><summary>전체 보기</summary><figure class=\"player-overview-figure\"><img src=\"figures/conv/all.png\" alt=\"전체\" loading=\"lazy\" decoding=\"async\"></figure></details>"))
    }

    func testLivePlayerCarriesItsDataScriptSafe() throws {
        var page = try context()
        var player = twoSteps
        player.live = #"{"example":{"op":"conv2d","title":"</script><b>&"},"trace":{"steps":[]}}"#
        let (html, _) = try PlayerHTML.render(player, in: &page)
        XCTAssertTrue(html.hasPrefix("<section class=\"player player-live\" id=\"conv-1\""))
        // The same JSON value, with no `<`, `>` or `&` that could end the script element.
        XCTAssertTrue(html.contains(#"<script type="application/json" class="player-data">{"example":{"op":"conv2d","title":"\u003c/script\u003e\u003cb\u003e\u0026"},"trace":{"steps":[]}}</script>"#))
        let plain = try PlayerHTML.render(twoSteps, in: &page).html
        XCTAssertFalse(plain.contains("player-data"))
    }

    func testStepsWithoutImagesAreText() throws {
        // A live player's steps: no PNG; without JavaScript and in print each is its counter,
        // what it does (the alt text) and its arithmetic, and the overview is the picture.
        var page = try context()
        var player = twoSteps
        player.steps = player.steps.map { PlayerStep(image: nil, caption: $0.caption, alt: $0.alt) }
        player.steps[1].alt = player.steps[1].caption
        player.live = #"{"example":{},"trace":{"steps":[]}}"#
        player.overview = Figure(image: "figures/conv/overview.png", alt: "all steps done", width: 300, height: 120)
        let html = try PlayerHTML.render(player, in: &page).html
        XCTAssertTrue(html.hasPrefix("<section class=\"player player-live player-text-steps\" id=\"conv-1\""))
        XCTAssertFalse(html.contains("step-1.png"))
        XCTAssertTrue(html.contains("<li class=\"player-step\" id=\"conv-1/step-1\" data-step=\"1\"><p><span class=\"player-counter\">step 1 of 2</span> <span class=\"player-description\">window at (0, 0)</span> <span class=\"player-caption\">1·1 + 2·0 = 1</span></p></li>"))
        // A description that only repeats the arithmetic is not written twice.
        XCTAssertTrue(html.contains("<p><span class=\"player-counter\">step 2 of 2</span> <span class=\"player-caption\">2·1 + 0·0 = 2</span></p>"))
        XCTAssertTrue(html.contains("<details class=\"player-overview\"><summary>Overview</summary><figure class=\"player-overview-figure\"><img src=\"../figures/conv/overview.png\" alt=\"all steps done\" width=\"300\" height=\"120\""))
    }

    func testTwoPlayersWithTheSameIDGetDistinctIDs() throws {
        var page = try context()
        let first = try PlayerHTML.render(twoSteps, in: &page)
        let second = try PlayerHTML.render(twoSteps, in: &page)
        XCTAssertEqual(first.heading.id, "conv-1")
        XCTAssertEqual(second.heading.id, "conv-1-2")
        XCTAssertTrue(second.html.contains("id=\"conv-1-2/step-2\""))
    }

    func testEmptyPlayerIsAnError() throws {
        var page = try context()
        XCTAssertThrowsError(try PlayerHTML.render(Player(id: "p", title: "t", steps: []), in: &page)) { error in
            XCTAssertEqual(error as? SiteError, .emptyPlayer(page: "en/lesson.html", player: "p"))
        }
    }

    /// A calculation with Edit mode: without JavaScript exactly the Markdown line it was, in a
    /// wrapper that names it and carries its data; the page then loads the player's scripts.
    func testFormulaIsItsLineWithItsDataAndLoadsThePlayer() throws {
        var page = try context()
        let live = #"{"example":{"op":"arithmetic","expression":"</script>"},"trace":{"formulas":["2 × 3 = 6"]}}"#
        let blocks = try BlockHTML.render([.formula(id: "Batches", markdown: "Batches: `2 × 3 = 6`", live: live),
                                           .formula(id: "Batches", markdown: "`1 + 1 = 2`", live: live)], in: &page)
        XCTAssertEqual(blocks.html, #"""
        <div class="formula-live" id="batches" data-player-id="batches">
        <p>Batches: <code>2 × 3 = 6</code></p>
        <script type="application/json" class="player-data">{"example":{"op":"arithmetic","expression":"\u003c/script\u003e"},"trace":{"formulas":["2 × 3 = 6"]}}</script>
        </div>
        <div class="formula-live" id="batches-2" data-player-id="batches-2">
        <p><code>1 + 1 = 2</code></p>
        <script type="application/json" class="player-data">{"example":{"op":"arithmetic","expression":"\u003c/script\u003e"},"trace":{"formulas":["2 × 3 = 6"]}}</script>
        </div>

        """#)
        XCTAssertTrue(blocks.hasPlayer)
        XCTAssertEqual(blocks.headings, [], "a formula is not an entry of the contents")
        XCTAssertTrue(blocks.prose.contains("<p>Batches: <code>2 × 3 = 6</code></p>"), "the search index still reads it")
    }

    /// A layer table with Edit mode: its table as the Markdown wrote it, in a wrapper that names
    /// it and carries its data; the page then loads the player's scripts and the table's words.
    func testLayerTableIsItsTableWithItsDataAndLoadsThePlayer() throws {
        var page = try context()
        let live = #"{"example":{"op":"architecture","layers":["</script>"]},"trace":{"layers":[]}}"#
        let table = "| # | layer |\n|---:|---|\n| 1 | relu1: relu |\n| | **total** |"
        let blocks = try BlockHTML.render([.layerTable(id: "Why FC", blocks: [.markdown(table)], live: live)], in: &page)
        XCTAssertTrue(blocks.html.hasPrefix("<div class=\"arch-live\" id=\"why-fc\" data-player-id=\"why-fc\">\n<table>\n"), blocks.html)
        XCTAssertTrue(blocks.html.contains("<td>relu1: relu</td>"))
        XCTAssertTrue(blocks.html.hasSuffix("</table>\n<script type=\"application/json\" class=\"player-data\">"
                                            + #"{"example":{"op":"architecture","layers":["\u003c/script\u003e"]},"trace":{"layers":[]}}"#
                                            + "</script>\n</div>\n"), blocks.html)
        XCTAssertTrue(blocks.hasPlayer)
        XCTAssertEqual(blocks.headings, [])
        XCTAssertTrue(blocks.prose.contains("relu1: relu"), "the search index still reads it")
        let strings = PageShell.stringsJSON(try UIStrings.table(for: "ko"))
        for (key, word) in [("addLayer", "층 추가"), ("tableWholeInput", "입력 전체"), ("tableFieldAndJump", "{size}, 간격 {jump}"),
                            ("removeLayer", "{n}번 층 지우기"), ("inputShape", "입력 모양")] {
            XCTAssertTrue(strings.contains("\"\(key)\":\"\(word)\""), key)
        }
    }

    /// An answer's result with Edit mode: inside the collapsed answer, the blocks as they were
    /// in a wrapper that names the example and its outputs and carries its data; the page then
    /// loads the player's scripts, and a print page moves it to the answer key with the rest.
    func testResultIsItsBlocksWithItsDataInsideTheAnswer() throws {
        var page = try context()
        let live = #"{"example":{"op":"relu","input":[-1,"</script>"]},"trace":{"formulas":[]}}"#
        let blocks = try BlockHTML.render([.answer(label: "Answer", blocks: [
            .result(id: "Relu Ex", outputs: ["result", "a\"b"], blocks: [.markdown("[0, 2]")], live: live),
            .markdown("Negative inputs give 0."),
        ])], in: &page)
        XCTAssertEqual(blocks.html, #"""
        <details class="answer"><summary>Answer</summary>
        <div class="result-live" id="relu-ex" data-player-id="relu-ex" data-outputs="result a&quot;b">
        <p>[0, 2]</p>
        <script type="application/json" class="player-data">{"example":{"op":"relu","input":[-1,"\u003c/script\u003e"]},"trace":{"formulas":[]}}</script>
        </div>
        <p>Negative inputs give 0.</p>
        </details>

        """#)
        XCTAssertTrue(blocks.hasPlayer)
        XCTAssertTrue(blocks.prose.contains("<p>[0, 2]</p>"), "the search index still reads it")
    }

    func testLessonPageLoadsPlayerScriptAndStrings() throws {
        let pages = try SiteBuilder.renderPages(SampleSite.model(languages: ["en"]))
        let lesson = try XCTUnwrap(pages["01-convolution.html"])
        XCTAssertTrue(lesson.contains("<script type=\"application/json\" id=\"convwalk-strings\">{\"addLayer\":"))
        XCTAssertTrue(lesson.contains("\"first\":\"First\","))
        XCTAssertTrue(lesson.contains("<script src=\"assets/frames.js\"></script>\n<script src=\"assets/edit.js\"></script>\n<script src=\"assets/player.js\"></script>"))
        XCTAssertTrue(lesson.contains("\"copyYAML\":\"Copy as YAML\""))
        XCTAssertTrue(lesson.contains("<script src=\"assets/katex/katex.min.js\"></script>"))
        XCTAssertTrue(lesson.contains("<li class=\"toc-depth-1\"><a href=\"#conv-2x2\">Sliding a 3×3 kernel</a></li>"))
        // The caption carries the arithmetic of the first output cell: 1+0+2 − (0+3+0) = 0.
        XCTAssertTrue(lesson.contains("1·1 + 2·0 + 0·(-1) + 0·1 + 1·0 + 3·(-1) + 2·1 + 1·0 + 0·(-1) = 0"))
        let stride = try XCTUnwrap(pages["02-stride.html"])
        XCTAssertFalse(stride.contains("player.js"), "pages without players do not load the player")
    }
}
