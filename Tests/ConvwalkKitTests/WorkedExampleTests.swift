import ConvwalkKit  // the public product only, as a teacher's package sees it (no @testable)
import Foundation
import XCTest

/// The README's example for teachers, and what a wrong hand value looks like from XCTest.
final class WorkedExampleTests: XCTestCase {
    func testBiasAddsToEveryCell() {
        let report = WorkedExample.check("""
            op: conv2d
            input: [[1,2,3],[2,1,0],[3,0,1]]
            kernel: [[1,0],[1,0]]
            bias: 5
            expect: [[8,8],[10,6]]
            """)
        XCTAssertTrue(report.passed, report.problems)
        XCTAssertEqual(report.compared, 4)
    }

    func testAWrongHandValueIsReportedOnItsOwnLine() {
        let line = #line + 1
        let report = WorkedExample.check("""
            op: conv2d
            input: [[1,2,3],[2,1,0],[3,0,1]]
            kernel: [[1,0],[1,0]]
            bias: 5
            expect: [[8,8],[11,6]]
            """)
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertTrue(report.problems.hasSuffix("WorkedExampleTests.swift:\(line + 5):17: cell [1,0] expected 11, computed 10"), report.problems)
    }

    func testTheResultAndItsStepsAreThere() throws {
        let result = try WorkedExample.run("""
            op: maxpool
            input: [[1,3,2,0],[4,2,1,5],[0,1,2,2],[3,1,0,4]]
            size: 2
            """)
        XCTAssertEqual(result.result.shape, [2, 2])
        XCTAssertEqual(result.result.data, [4, 5, 3, 4])
        XCTAssertEqual(result.trace.steps.count, 4)
        XCTAssertEqual(result.op, .maxpool)

        let korean = try WorkedExample.run("op: relu\ninput: [-1, 2]", language: .ko)
        XCTAssertEqual(korean.result.data, [0, 2])
    }

    func testAnUnknownFieldSaysWhatIsAccepted() {
        let report = WorkedExample.check("op: relu\ninput: [1]\nkernal: [[1]]")
        XCTAssertFalse(report.passed)
        XCTAssertTrue(report.problems.contains("kernal"), report.problems)
    }

    func testACourseFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-kit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "---\ntitle: T\nslug: t\norder: 1\n---\n\n```example\nid: r\nop: relu\ninput: [-2, 3]\nexpect: [0, 3]\n```\n"
            .write(to: dir.appendingPathComponent("01-t.md"), atomically: true, encoding: .utf8)
        let report = Course.check(dir.path)
        XCTAssertTrue(report.passed, report.problems)
        XCTAssertEqual(report.exampleCount, 1)
    }
}
