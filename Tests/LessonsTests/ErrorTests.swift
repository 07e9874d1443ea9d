import XCTest
@testable import Lessons

final class ErrorTests: XCTestCase {
    func testWrongHandValueNamesFileLineAndCell() {
        let yaml = "id: conv-3x3-2x2-bias\nop: conv2d\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nkernel: [[1,0],[1,0]]\nbias: 5\nexpect: [[8,8],\n         [11,6]]"
        let report = checkExample(yaml, file: "lessons/02-conv.md", line: 40)
        XCTAssertEqual(report.errors.map(\.description), ["lessons/02-conv.md:46:11: conv-3x3-2x2-bias: cell [1,0] expected 11, computed 10"])
    }

    func testAllMismatchesAreReported() {
        let report = checkExample("id: a\nop: conv2d\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nkernel: [[1,0],[1,0]]\nexpect: [[0,3],[5,0]]")
        XCTAssertEqual(report.errors.count, 2)
    }

    func testBadInputMessages() {
        let cases: [(String, String)] = [
            ("id: a\nop: conv2d\ninput: [[1,2],[3]]\nkernel: [[1]]", "test.md:3:15: a: `input`: ragged array: expected a row of shape 2, found 1"),
            ("id: a\nop: conv2d\ninput: [[1,x]]\nkernel: [[1]]", "test.md:3:12: a: `input`: expected a number, found \"x\""),
            ("id: a\nop: convolve\ninput: [[1]]", "test.md:2:5: a: unknown op \"convolve\""),
            ("id: a\nop: conv2d\ninput: [[1,2],[3,4]]", "test.md:1:1: a: example: missing field `kernel`"),
            ("id: a\nop: conv2d\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nkernel: [[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1]]", "test.md:4:9: a: conv2d: kernel 5x5 does not fit input 3x3 with padding 0; use more padding or a smaller kernel"),
            ("id: a\nop: conv2d\ninput: [[1,2],[3,4]]\nkernel: [[1]]\nstride: 0", "stride"),
            ("id: a\nop: conv2d\ninput: [[1,2],[3,4]]\nkernel: [[1]]\npadding: -1", "padding"),
            ("id: a\nop: conv2d\ninput: [[1,2],[3,4]]\nkernel: [[1]]\nexpect: [1,2,3]", "test.md:5:9: a: expect has shape 3, computed result has shape 2x2"),
            ("id: a\nop: conv2d\ninput: [[1,2],[3,4]]\nkernal: [[1]]\nkernel: [[1]]", "test.md:4:1: a: example: unknown field `kernal`; conv2d accepts"),
            ("id: a\nop: conv2d\ninput: [[1,2],[3,4]\nkernel: [[1]]", "test.md:4:1: malformed YAML"),
            ("op: conv2d", "test.md:1:1: example: missing field `id`"),
            ("id: a b\nop: relu\ninput: [1]", "id may hold only letters"),
            ("id: a\nop: maxpool\ninput: [[1,2],[3,4]]\nsize: 3", "maxpool"),
            ("id: a\nop: conv2d\ninput: [[1,2],[3,4]]\nkernel: [[1]]\nexpect: {cells: {\"5,0\": 1}}", "cell \"5,0\": expected an index"),
        ]
        for (yaml, expected) in cases {
            let text = errorText(yaml)
            XCTAssertTrue(text.contains(expected), "for\n\(yaml)\nexpected «\(expected)» in «\(text)»")
        }
    }

    /// A bad stride, padding or dilation is reported at its own value (where `convwalk check`
    /// points and the page's editor outlines), not at the kernel: the kernel is fine.
    func testBadGeometryNamesTheFieldAtFault() {
        let conv = "id: a\nop: conv2d\ninput: [[1,2,3],[4,5,6],[7,8,9]]\nkernel: [[1,0],[0,1]]\n"
        let size = "id: a\nop: output-size\ninput: 5\nkernel: 3\n"
        let cases: [(String, String)] = [
            (conv + "stride: 0", "test.md:5:9: a: conv2d: stride must be at least 1, got 0"),
            (conv + "padding: -1", "test.md:5:10: a: conv2d: padding must not be negative, got -1"),
            (conv + "dilation: [1, 0]", "test.md:5:11: a: conv2d: dilation must be at least 1, got 0"),
            (size + "stride: 0", "test.md:5:9: a: conv2d: stride must be at least 1, got 0"),
            (size + "padding: -2", "test.md:5:10: a: conv2d: padding must not be negative, got -2"),
            (size + "dilation: 0", "test.md:5:11: a: conv2d: dilation must be at least 1, got 0"),
            (size + "stride: 1\ndilation: 3", "test.md:4:9: a: conv2d: kernel 3 (dilation 3, spanning 7) does not fit input 5 with padding 0"),
            ("id: a\nop: im2col\ninput: [[1,2],[3,4]]\nsize: 2\nstride: 0", "test.md:5:9: a: conv2d: stride must be at least 1, got 0"),
            ("id: a\nop: maxpool\ninput: [[1,2],[3,4]]\nsize: 2\nstride: 0", "test.md:5:9: a: maxpool2d: stride must be at least 1, got 0x0"),
            ("id: a\nop: avgpool\ninput: [[1,2],[3,4]]\nsize: 2\npadding: 2", "test.md:5:10: a: avgpool2d: padding 2x2 must be at most half the window 2x2"),
            ("id: a\nop: conv-transpose2d\ninput: [[1,2],[3,4]]\nkernel: [[1]]\nstride: 2\noutput_padding: 2",
             "test.md:6:17: a: convTranspose2d: output padding 2x2 must be smaller than the stride 2x2"),
        ]
        for (yaml, expected) in cases {
            XCTAssertEqual(errorText(yaml), expected, yaml)
        }
    }

    func testDuplicateIdsAndBadFrontMatterAcrossACourse() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-dup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ex = "```example\nid: same\nop: relu\ninput: [1, -1]\nexpect: [1, 0]\n```\n"
        try "---\ntitle: A\nslug: a\norder: 1\n---\n\(ex)".write(to: dir.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: B\nslug: b\norder: 2\n---\ntext\n\n\(ex)".write(to: dir.appendingPathComponent("b.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: [unclosed\n---\n".write(to: dir.appendingPathComponent("c.md"), atomically: true, encoding: .utf8)
        try "no front matter".write(to: dir.appendingPathComponent("d.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: E\nslug: e\norder: 5\nprev: a\nnext: nowhere\nauthor: me\n---\n".write(to: dir.appendingPathComponent("e.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: F\nslug: f\nprev: gone\n---\n".write(to: dir.appendingPathComponent("f.md"), atomically: true, encoding: .utf8)
        let report = CourseChecker.check(paths: [dir.path])
        let text = report.allErrors.map(\.description)
        XCTAssertEqual(report.lessons.count, 6)
        // An unknown field is reported at its key; a dangling prev/next at its value.
        XCTAssertTrue(text.contains { $0.hasSuffix("e.md:7:1: front matter: unknown field `author`") }, "\(text)")
        XCTAssertTrue(text.contains { $0.hasSuffix("f.md:4:7: prev: no lesson has the slug \"gone\"") }, "\(text)")
        XCTAssertTrue(text.contains { $0.hasSuffix("b.md:9:1: same: duplicate example id; first used at \(dir.path)/a.md:7:1") }, "\(text)")
        XCTAssertTrue(text.contains { $0.contains("c.md:") && $0.contains("malformed YAML") }, "\(text)")
        XCTAssertTrue(text.contains { $0.contains("d.md:1:1: expected front matter") }, "\(text)")
        // The good examples still ran.
        XCTAssertEqual(report.lessons.flatMap(\.examples).filter(\.passed).count, 2)
    }

    func testParserKeepsLineNumbersAndIgnoresExamplesInsideOtherFences() throws {
        let text = "---\ntitle: T\n---\nIntro $x$\n\n```markdown\n```example\nnot: this\n```\n\n```example\nid: e\nop: relu\ninput: [2]\n```\nafter\n"
        let lesson = try LessonParser.parse(text, file: "t.md")
        XCTAssertEqual(lesson.frontMatter.slug, "t")
        XCTAssertEqual(lesson.examples.count, 1)
        XCTAssertEqual(lesson.examples[0].line, 12)
        XCTAssertEqual(lesson.examples[0].source, "id: e\nop: relu\ninput: [2]")
        guard case .markdown(let first, let line) = lesson.segments[0] else { return XCTFail("expected prose first") }
        XCTAssertEqual(line, 4)
        XCTAssertTrue(first.contains("```example\nnot: this"))
    }
}
