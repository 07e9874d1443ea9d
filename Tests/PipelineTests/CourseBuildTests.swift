import Foundation
import KernelCore
import XCTest
@testable import Lessons
@testable import Pipeline
import Site

final class CourseBuildTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lessons/ko"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func write(_ text: String, _ name: String) throws {
        try text.write(to: dir.appendingPathComponent("lessons/\(name)"), atomically: true, encoding: .utf8)
    }

    let conv = """
    ---
    title: Convolution by hand
    slug: convolution
    order: 1
    summary: Multiply and add.
    ---
    Slide the kernel: $y = \\sum x k + b$.

    ```example
    id: conv-3x3-2x2-bias
    op: conv2d
    input: [[1,2,3],[2,1,0],[3,0,1]]
    kernel: [[1,0],[1,0]]
    bias: 5
    expect: [[8,8],[10,6]]
    ```

    ```example
    id: try-relu
    op: relu
    input: [-1, 2]
    display: answer
    caption: Negative values become 0.
    expect: [0, 2]
    ```
    """

    func options() -> BuildOptions {
        BuildOptions(lessons: dir.appendingPathComponent("lessons").path, output: dir.appendingPathComponent("output").path)
    }

    func testBuildWritesPagesPlayerFramesAndAnswers() throws {
        try write(conv, "01-conv.md")
        let summary = try CourseBuild.run(options())
        XCTAssertEqual(summary.lessons, 1)
        XCTAssertEqual(summary.examples, 2)
        // The overview only: the conv2d player is live (the page draws its frames from the
        // trace) and prints its steps as text; answers are not drawn.
        XCTAssertEqual(summary.rendered, 1)
        let out = dir.appendingPathComponent("output")
        let html = try String(contentsOf: out.appendingPathComponent("convolution.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("class=\"player"))
        XCTAssertTrue(html.contains("<span class=\"player-caption\">1×1 + 2×0 + 2×1 + 1×0 = 3, 3 + 5 = 8</span>"))
        // The answer: the engine's result, then the author's explanation.
        let answer = try XCTUnwrap(html.range(of: "<details class=\"answer\"><summary>Answer</summary>"))
        let rest = html[answer.upperBound...]
        let end = try XCTUnwrap(rest.range(of: "</details>"))
        let inside = String(rest[..<end.lowerBound])
        XCTAssertTrue(inside.contains("[0, 2]"), inside)
        XCTAssertTrue(inside.contains("Negative values become 0."), inside)
        let folder = out.appendingPathComponent("figures/en/convolution/conv-3x3-2x2-bias")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["overview.png"])
        XCTAssertEqual(try LinkChecker.check(siteAt: out), [])
    }

    /// The conv2d player carries its example (read from the YAML, without `expect`) and the
    /// lesson engine's trace, for the page to draw and edit.
    func testPlayersOfPageOpsCarryTheirExampleAndTrace() throws {
        try write(conv, "01-conv.md")
        _ = try CourseBuild.run(options())
        let html = try String(contentsOf: dir.appendingPathComponent("output/convolution.html"), encoding: .utf8)
        let start = try XCTUnwrap(html.range(of: "<script type=\"application/json\" class=\"player-data\">"))
        let end = try XCTUnwrap(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        let example = try XCTUnwrap(data["example"] as? [String: Any])
        XCTAssertEqual(example["id"] as? String, "conv-3x3-2x2-bias")
        XCTAssertEqual(example["input"] as? [[Int]], [[1, 2, 3], [2, 1, 0], [3, 0, 1]])
        XCTAssertEqual(example["bias"] as? Int, 5)
        XCTAssertNil(example["expect"], "an edited example would no longer match its expect")
        let trace = try XCTUnwrap(data["trace"] as? [String: Any])
        let steps = try XCTUnwrap(trace["steps"] as? [[String: Any]])
        // The page's shorter trace: cells as one string each, no values the frames do not read.
        XCTAssertEqual(steps.map { $0["writes"] as? String }, ["output:0,0", "output:0,1", "output:1,0", "output:1,1"])
        XCTAssertEqual(steps.first?["reads"] as? String, "input:0,0 0,1 1,0 1,1")
        XCTAssertEqual(steps.first?["weights"] as? String, "kernel:0,0 0,1 1,0 1,1")
        XCTAssertEqual(steps.first?["arithmetic"] as? String, "1×1 + 2×0 + 2×1 + 1×0 = 3, 3 + 5 = 8")
        XCTAssertNil(steps.first?["products"])
        XCTAssertTrue(html.contains("<section class=\"player player-live player-text-steps\" id=\"conv-3x3-2x2-bias\""))
    }

    /// A shown calculation or output size gets Edit mode (its formula line in a `formula-live`
    /// wrapper with its example and trace); so does one inside an answer, inside it.
    func testCalculationsCarryTheirExampleAndTrace() throws {
        try write("""
        ---
        title: Batches
        slug: batches
        order: 1
        ---
        ```example
        id: batches
        op: arithmetic
        expression: "floor(60000 / 64)"
        title: Complete batches
        expect: 937
        ```

        ```example
        id: leftover
        op: arithmetic
        expression: "60000 - 937 * 64"
        display: answer
        expect: 32
        ```

        ```example
        id: size
        op: output-size
        input: 5
        kernel: 3
        expect: 3
        ```
        """, "01-batches.md")
        _ = try CourseBuild.run(options())
        let html = try String(contentsOf: dir.appendingPathComponent("output/batches.html"), encoding: .utf8)
        let start = try XCTUnwrap(html.range(of: "<div class=\"formula-live\" id=\"batches\" data-player-id=\"batches\">\n<p>Complete batches: <code>⌊60000 / 64⌋ = 937</code></p>\n<script type=\"application/json\" class=\"player-data\">"))
        let end = try XCTUnwrap(html.range(of: "</script>\n</div>", range: start.upperBound..<html.endIndex))
        let data = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        XCTAssertEqual(data["example"] as? [String: String], ["id": "batches", "op": "arithmetic", "expression": "floor(60000 / 64)", "title": "Complete batches"])
        XCTAssertEqual((data["trace"] as? [String: Any])?["formulas"] as? [String], ["⌊60000 / 64⌋ = 937"])
        XCTAssertTrue(html.contains("<div class=\"formula-live\" id=\"size\" data-player-id=\"size\">\n<p><code>O = ⌊(5 − 3 + 2·0) / 1⌋ + 1 = 3</code></p>"))
        XCTAssertEqual(html.components(separatedBy: "class=\"formula-live\"").count, 4)
        XCTAssertTrue(html.contains("<details class=\"answer\"><summary>Answer</summary>\n<div class=\"formula-live\" id=\"leftover\" data-player-id=\"leftover\">\n<p><code>60000 − 937 × 64 = 32</code></p>\n<script type=\"application/json\" class=\"player-data\">"),
                      "the answer's formula, with its data, inside the collapsed answer")
        XCTAssertTrue(html.contains("<script src=\"assets/player.js\"></script>"))
        XCTAssertEqual(try LinkChecker.check(siteAt: out()), [])
    }

    /// An exercise's answer shown as its result gets Edit mode inside the collapsed answer: the
    /// outputs as the build writes them in a `result-live` wrapper naming them in order, with
    /// the example and its trace; the author's explanation follows it, outside. A layer table's
    /// answer is its table in an `arch-live` wrapper with its data.
    func testAnswersCarryTheirExampleAndTrace() throws {
        try write("""
        ---
        title: Answers
        slug: answers
        order: 1
        ---
        ```example
        id: back
        op: conv2d-backward
        display: answer
        caption: Each gradient by hand.
        input: [[1,2],[3,4]]
        kernel: [[1]]
        grad: [[1,1],[1,1]]
        expect:
          db: [4]
        ```

        ```example
        id: net
        op: architecture
        display: answer
        input: [1, 4, 4]
        layers:
          - {conv: {filters: 1, kernel: 3}}
        expect: {params: 10}
        ```
        """, "01-answers.md")
        _ = try CourseBuild.run(options())
        let html = try String(contentsOf: dir.appendingPathComponent("output/answers.html"), encoding: .utf8)
        let start = try XCTUnwrap(html.range(of: "<details class=\"answer\"><summary>Answer</summary>\n<div class=\"result-live\" id=\"back\" data-player-id=\"back\" data-outputs=\"dX dW db\">\n<p><strong>dX</strong></p>\n<table class=\"matrix\">"))
        let data = try XCTUnwrap(html.range(of: "<script type=\"application/json\" class=\"player-data\">", range: start.upperBound..<html.endIndex))
        let end = try XCTUnwrap(html.range(of: "</script>\n</div>\n<p>Each gradient by hand.</p>\n</details>", range: data.upperBound..<html.endIndex))
        XCTAssertTrue(html[start.upperBound..<data.lowerBound].hasSuffix("<p><strong>db</strong></p>\n<p>[4]</p>\n"))
        let live = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(html[data.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        XCTAssertEqual((live["example"] as? [String: Any])?["grad"] as? [[Int]], [[1, 1], [1, 1]])
        XCTAssertNil((live["example"] as? [String: Any])?["display"], "the page decides how it is shown")
        XCTAssertEqual(html.components(separatedBy: "class=\"result-live\"").count, 2, "not the layer table")
        XCTAssertTrue(html.contains("<details class=\"answer\"><summary>Answer</summary>\n<div class=\"arch-live\" id=\"net\" data-player-id=\"net\">\n<table>"))
        XCTAssertTrue(html.contains("<script src=\"assets/player.js\"></script>"))
        XCTAssertEqual(try LinkChecker.check(siteAt: out()), [])
    }

    func out() -> URL { dir.appendingPathComponent("output") }

    func testSecondBuildReusesUnchangedImagesAndIsIdentical() throws {
        try write(conv, "01-conv.md")
        _ = try CourseBuild.run(options())
        let page = dir.appendingPathComponent("output/convolution.html")
        let first = try Data(contentsOf: page)
        let again = try CourseBuild.run(options())
        XCTAssertEqual(again.rendered, 0)
        XCTAssertEqual(again.reused, 1)
        XCTAssertEqual(try Data(contentsOf: page), first)
    }

    func testAWrongHandValueFailsTheBuildAndKeepsThePreviousSite() throws {
        try write(conv, "01-conv.md")
        _ = try CourseBuild.run(options())
        try write(conv.replacingOccurrences(of: "expect: [[8,8],[10,6]]", with: "expect: [[8,8],[11,6]]"), "01-conv.md")
        XCTAssertThrowsError(try CourseBuild.run(options())) { error in
            let e = error as! BuildError
            XCTAssertEqual(e.step, "check")
            XCTAssertEqual(e.problems.count, 1)
            XCTAssertTrue(e.problems[0].hasSuffix("01-conv.md:15:17: conv-3x3-2x2-bias: cell [1,0] expected 11, computed 10"), e.problems[0])
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/convolution.html").path))
    }

    func testMissingTranslationIsAWarningAndFallsBack() throws {
        try write(conv, "01-conv.md")
        try write(conv.replacingOccurrences(of: "title: Convolution by hand", with: "title: 손으로 하는 합성곱\nlang: ko"), "ko/01-conv.md")
        try write("---\ntitle: Stride\nslug: stride\norder: 2\n---\nText\n\n```example\nid: s\nop: relu\ninput: [1]\n```\n", "02-stride.md")
        let report = CourseChecker.check(paths: [dir.appendingPathComponent("lessons").path])
        XCTAssertTrue(report.passed, "\(report.allErrors)")
        XCTAssertEqual(report.warnings.map(\.message), ["lesson \"stride\" has no ko version; the site shows this one in its place"])
        _ = try CourseBuild.run(options())
        let out = dir.appendingPathComponent("output")
        let ko = try String(contentsOf: out.appendingPathComponent("ko/stride.html"), encoding: .utf8)
        XCTAssertTrue(ko.contains("lang=\"ko\""))
        XCTAssertTrue(ko.contains("이 강의는 아직 한국어로 옮기지 않아"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("en/convolution.html").path))
        XCTAssertEqual(try LinkChecker.check(siteAt: out), [])
    }

    func testHostileTextIsEscaped() throws {
        try write("---\ntitle: \"<script>alert(1)</script>\"\nslug: evil\norder: 1\n---\n<img src=x onerror=alert(2)>\n\n```example\nid: e\nop: relu\ninput: [1]\ntitle: \"<b onclick=alert(3)>x</b>\"\ncaption: \"<script>alert(4)</script>\"\n```\n", "01-evil.md")
        _ = try CourseBuild.run(options())
        let html = try String(contentsOf: dir.appendingPathComponent("output/evil.html"), encoding: .utf8)
        XCTAssertFalse(html.contains("<script>alert"))
        XCTAssertFalse(html.contains("<img src=x"))
        XCTAssertFalse(html.contains("<b onclick"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
}
