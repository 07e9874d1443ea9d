import Foundation
import XCTest
import Lessons
import Tensor

/// The course in `lessons/` is a test: every worked example must agree with the kernels, and
/// the seed examples from the lecture notes must be there with the notes' results.
final class CourseLessonsTests: XCTestCase {
    /// The repository root, three folders above this file (Tests/LessonsTests/…).
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The course, checked once for all tests. Built-in models are found from the current
    /// directory upwards, so the check runs from the repository root.
    static let report: CourseReport = {
        _ = FileManager.default.changeCurrentDirectoryPath(repoRoot.path)
        return CourseChecker.check(paths: [repoRoot.appendingPathComponent("lessons").path])
    }()

    /// The result of the example called `id`, failing the test when it is missing.
    func result(_ id: String, output: String = "result", file: StaticString = #filePath, line: UInt = #line) -> Tensor? {
        let reports = Self.report.lessons.flatMap(\.examples).filter { $0.id == id }
        guard let ex = reports.first, let res = ex.result else {
            XCTFail("example \(id) is missing or did not run", file: file, line: line)
            return nil
        }
        guard let tensor = res.output(output) else {
            XCTFail("example \(id) has no output \(output)", file: file, line: line)
            return nil
        }
        return tensor
    }

    func assertResult(_ id: String, _ output: String = "result", shape: [Int], _ values: [Float],
                      file: StaticString = #filePath, line: UInt = #line) {
        guard let t = result(id, output: output, file: file, line: line) else { return }
        XCTAssertEqual(t.shape, shape, "\(id).\(output) shape", file: file, line: line)
        XCTAssertEqual(t.data.count, values.count, "\(id).\(output) size", file: file, line: line)
        for (i, (got, want)) in zip(t.data, values).enumerated() {
            XCTAssertEqual(got, want, accuracy: 1e-4, "\(id).\(output)[\(i)]", file: file, line: line)
        }
    }

    func testEveryLessonPasses() {
        let report = Self.report
        XCTAssertEqual(report.allErrors.map(\.description), [])
        XCTAssertGreaterThanOrEqual(report.lessons.count, 15, "notation + 14 lessons")
        XCTAssertTrue(report.warnings.isEmpty, report.warnings.map(\.description).joined(separator: "\n"))
        for lesson in report.lessons where lesson.lesson?.frontMatter.kind != "page" {
            let examples = lesson.examples.compactMap(\.result)
            XCTAssertTrue(examples.contains { $0.display == .player }, "\(lesson.file) has no step-through example")
        }
    }

    func testLessonsAreInOrder() {
        // Translations (lessons/ko/) repeat the orders; KoreanCourseTests checks them. Lessons after 14 extend the course.
        let orders = Self.report.lessons.compactMap(\.lesson?.frontMatter).filter { $0.lang == "en" && $0.kind == "lesson" }.map(\.order)
        XCTAssertEqual(orders, Array(0..<max(orders.count, 15)))
    }

    func testSeedConvolutionExamples() {
        // Seed 004: the 3x3 input with the 2x2 kernel, without and with bias 5.
        assertResult("conv-3x3-2x2", shape: [2, 2], [3, 3, 5, 1])
        assertResult("conv-3x3-2x2-bias", shape: [2, 2], [8, 8, 10, 6])
        // Seed 004: the 3x3 kernel over the reconstructed 5x5 input.
        assertResult("conv-5x5-3x3", shape: [3, 3], [6, 9, 11, 10, 4, 4, 7, 7, 4])
    }

    func testSeedArgmax() {
        // Seed 004: np.argmax(a, axis=1) on the 3x4x3 array.
        assertResult("cls-argmax-axis1", shape: [3, 3], [3, 3, 1, 0, 3, 2, 1, 0, 0])
    }

    func testSeedParameterCounts() {
        // Seed 002: the 1x1 bottleneck, 4608 weights against 1520.
        assertResult("deep-bottleneck-weights", shape: [4], [4608, 80, 1440, 1520])
        assertResult("deep-18-vs-25", shape: [2], [18, 25])
        assertResult("lenet-total", "params", shape: [], [61706])
        assertResult("alex-c1-size", shape: [], [55])
    }

    func testBackwardExample() {
        assertResult("bp-conv", "dX", shape: [3, 3], [1, -1, 0, 2, -1, 1, 0, 4, -2])
        assertResult("bp-conv", "dW", shape: [2, 2], [0, 1, 3, 2])
        assertResult("bp-conv", "db", shape: [1], [2])
    }

    /// A copy of the seed example with one wrong number must fail at that number's line and column.
    func testWrongCopyFailsWithLocation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-course-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("wrong.md").path
        let text = """
        ---
        title: Wrong
        slug: wrong
        order: 1
        summary: A deliberately wrong example.
        ---

        ```example
        id: conv-3x3-2x2-bias
        op: conv2d
        input: [[1,2,3],[2,1,0],[3,0,1]]
        kernel: [[1,0],[1,0]]
        bias: 5
        expect: [[8,8],[11,6]]
        ```

        """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let report = CourseChecker.check(paths: [path])
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.allErrors.map(\.description),
                       ["\(path):14:17: conv-3x3-2x2-bias: cell [1,0] expected 11, computed 10"])
    }
}
