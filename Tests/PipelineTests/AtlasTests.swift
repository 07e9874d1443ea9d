import XCTest
@testable import Pipeline
import Site

final class AtlasTests: XCTestCase {
    func row(_ rows: [AtlasPage.Row], _ i: Int, _ f: Int, _ p: Int, _ s: Int, _ d: Int) throws -> AtlasPage.Row {
        try XCTUnwrap(rows.first { ($0.input, $0.kernel, $0.padding, $0.stride, $0.dilation) == (i, f, p, s, d) })
    }

    func testRowsComeFromTheEngine() throws {
        let rows = AtlasPage.rows()
        XCTAssertEqual(rows.count, 3 * 3 * 2 * 3 * 2)
        // ⌊(7 − 3)/2⌋ + 1 = 3: every cell read.
        let exact = try row(rows, 7, 3, 0, 2, 1)
        XCTAssertEqual(exact.output, 3)
        XCTAssertEqual(exact.text, "O = ⌊(7 − 3 + 2·0) / 2⌋ + 1 = 3")
        XCTAssertEqual(exact.unread, [])
        // ⌊(6 − 3)/2⌋ + 1 = 2: the floor drops the last column (5).
        XCTAssertEqual(try row(rows, 6, 3, 0, 2, 1).unread, [5])
        // Dilation 2, kernel 2, stride 2 on 5: taps at 0, 2, 4 - cells 1 and 3 are skipped.
        XCTAssertEqual(try row(rows, 5, 2, 0, 2, 2).unread, [1, 3])
        // Padding 1, kernel 3, stride 2 on 6: only padding is dropped, every real cell is read.
        XCTAssertEqual(try row(rows, 6, 3, 1, 2, 1).unread, [])
        // A kernel spanning 9 does not fit 5 + 2·0: flagged with the engine's message.
        let invalid = try row(rows, 5, 5, 0, 1, 2)
        XCTAssertNil(invalid.output)
        XCTAssertTrue(invalid.text.contains("does not fit input 5 with padding 0"), invalid.text)
    }

    func testPageHasATablePerInputSizeAndAPicturePerUnreadPattern() throws {
        let (page, images) = try AtlasPage.build(lang: "en", previous: nil)
        XCTAssertEqual(page.kind, .other)
        let markdown = page.blocks.compactMap { if case .markdown(let m) = $0 { return m } else { return nil } }.joined(separator: "\n")
        for i in AtlasPage.inputs { XCTAssertTrue(markdown.contains("## Input size \(i)")) }
        XCTAssertTrue(markdown.contains("| 3 | 0 | 2 | 1 | 2 | `O = ⌊(6 − 3 + 2·0) / 2⌋ + 1 = 2` | 5 |"))
        let figures = page.blocks.compactMap { if case .figure(let f) = $0 { return f } else { return nil } }
        XCTAssertEqual(figures.count, images.rendered)
        let drop = try XCTUnwrap(figures.first { $0.image == "figures/atlas/i6-p0-unread-5.png" })
        XCTAssertTrue(drop.alt.contains("row 5 is never read"), drop.alt)
        XCTAssertTrue(drop.caption.contains("F = 3, S = 2, D = 1"), drop.caption)
    }

    func testKoreanAtlasHasKoreanWordsAndTheSameNumbers() throws {
        XCTAssertEqual(AtlasPage.languages(of: ["ko", "en", "ko"]), ["en", "ko"])
        let rows = AtlasPage.rows(lang: "ko")
        XCTAssertEqual(try row(rows, 7, 3, 0, 2, 1).text, "O = ⌊(7 − 3 + 2·0) / 2⌋ + 1 = 3")
        XCTAssertEqual(try row(rows, 5, 5, 0, 1, 2).text, "커널 폭 9 > 패딩을 더한 입력 5: 커널이 들어가지 않음")
        let (page, images) = try AtlasPage.build(lang: "ko", previous: nil)
        XCTAssertEqual(page.lang, "ko")
        XCTAssertEqual(page.title, "출력 크기 일람표")
        let markdown = page.blocks.compactMap { if case .markdown(let m) = $0 { return m } else { return nil } }.joined(separator: "\n")
        XCTAssertTrue(markdown.contains("## 입력 크기 6"))
        XCTAssertTrue(markdown.contains("| 3 | 0 | 2 | 1 | 2 | `O = ⌊(6 − 3 + 2·0) / 2⌋ + 1 = 2` | 5 |"))
        XCTAssertTrue(markdown.contains("| 3 | 0 | 1 | 1 | 4 | `O = ⌊(6 − 3 + 2·0) / 1⌋ + 1 = 4` | 없음 |"))
        let figures = page.blocks.compactMap { if case .figure(let f) = $0 { return f } else { return nil } }
        XCTAssertEqual(figures.count, images.rendered)
        let drop = try XCTUnwrap(figures.first { $0.image == "figures/atlas-ko/i6-p0-unread-5.png" })
        XCTAssertTrue(drop.alt.contains("5행은 어떤 윈도우도 읽지 않음; 5열은 어떤 윈도우도 읽지 않음 (붉은 음영)."), drop.alt)
        XCTAssertTrue(drop.caption.hasPrefix("I = 6, P = 0: 어떤 윈도우도 읽지 않는 행과 열 5 ("), drop.caption)
        XCTAssertTrue(drop.caption.contains("F = 3, S = 2, D = 1"), drop.caption)
    }

    /// The explorer's strip counts the reads of a one-row conv2d through the lesson engine; the
    /// cells it reads are exactly the atlas rows' read cells, for every valid combination.
    func testExplorerReadCountsAgreeWithEveryAtlasRow() throws {
        for row in AtlasPage.rows() where row.output != nil {
            let (formula, counts) = try AtlasPage.readCounts(input: row.input, kernel: row.kernel, padding: row.padding,
                                                             stride: row.stride, dilation: row.dilation, lang: "en")
            XCTAssertEqual(formula, row.text, row.id)
            XCTAssertEqual(counts.count, row.input + 2 * row.padding, row.id)
            XCTAssertEqual(Set((0..<row.input).filter { counts[$0 + row.padding] > 0 }), row.read, row.id)
            // Every window reads F cells: the counts add up to O·F (padding included).
            XCTAssertEqual(counts.reduce(0, +), row.output! * row.kernel, row.id)
        }
    }

    func testExplorerStartsDrawnWithItsUnreadCell() throws {
        let html = try AtlasPage.explorer(words: .forLanguage("en"), lang: "en")
        XCTAssertTrue(html.contains("O = ⌊(7 − 3 + 2·0) / 3⌋ + 1 = 2"), html)
        XCTAssertTrue(html.contains("<span class=\"cell unread\" data-index=\"6\">0</span>"), html)
        XCTAssertTrue(html.contains("Never read: 6"), html)
        XCTAssertTrue(html.contains(" data-engine"), "the page loads the in-page engine for it")
        let korean = try AtlasPage.explorer(words: .forLanguage("ko"), lang: "ko")
        XCTAssertTrue(korean.contains("읽지 않는 칸: 6"), korean)
    }
}
