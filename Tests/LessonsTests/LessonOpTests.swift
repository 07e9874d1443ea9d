import Foundation
import KernelCore
import XCTest
@testable import Lessons
import Words

/// The op table is the one place that knows an op: these tests keep it honest.
final class LessonOpTests: XCTestCase {
    /// Every field a trace reads in the course's examples is declared in the table, so the
    /// table's list (which unknown-field errors print) is the whole truth.
    func testTracesReadOnlyDeclaredFields() throws {
        let lessons = try CourseChecker.lessonFiles([CourseLessonsTests.repoRoot.appendingPathComponent("lessons").path])
        var seen = Set<LessonOp>()
        _ = FileManager.default.changeCurrentDirectoryPath(CourseLessonsTests.repoRoot.path)
        // Ops no lesson uses yet, with every field they accept.
        let extra = ExampleBlock(source: "id: p\nop: pool-backward\npool: max\ninput: [[1,2],[3,4]]\ngrad: [[1]]\nsize: 2\nstride: 2\npadding: 0",
                                 file: "test.md", line: 1)
        for blocks in try lessons.map({ try LessonParser.load($0).examples }) + [[extra]] {
            for block in blocks {
                let example = try Example.parse(block)
                _ = try ExampleRunner.run(example)
                let accepted = Set(LessonOp.commonFields + example.op.fields)
                XCTAssertEqual(example.fields.used.subtracting(accepted), [], "\(example.location) \(example.op) reads undeclared fields")
                seen.insert(example.op)
            }
        }
        XCTAssertEqual(Set(LessonOp.allCases).subtracting(seen), [], "ops without an example in the course")
    }

    func testUnknownFieldListsWhatTheOpAccepts() {
        XCTAssertEqual(errorText("id: a\nop: relu\ninput: [1]\nalfa: 2"),
                       "test.md:4:1: a: example: unknown field `alfa`; relu accepts id, op, title, caption, display, expect, tolerance, input, alpha, derivative")
    }

    func testTitlesInBothLanguages() {
        XCTAssertEqual(LessonOp.convTranspose2d.title(.en), "Transposed convolution")
        XCTAssertEqual(LessonOp.leakyRelu.title(.en), "Leaky ReLU")
        XCTAssertEqual(LessonOp.maxpool.title(.ko), "최대 풀링")
        for op in LessonOp.allCases {
            XCTAssertNotNil(Message(rawValue: "op.\(op.rawValue)"), "no catalog title for \(op)")
        }
        let titled = Message.allCases.filter { $0.rawValue.hasPrefix("op.") }.map { String($0.rawValue.dropFirst(3)) }
        XCTAssertEqual(Set(titled), Set(LessonOp.allCases.map(\.rawValue)), "titles for ops that do not exist")
    }

    func testPresentationAndEmphasis() {
        XCTAssertEqual(LessonOp.allCases.filter { $0.presentation != .player }, [.outputSize, .architecture, .arithmetic])
        XCTAssertEqual(LessonOp.allCases.filter { $0.emphasis == .windowMax }, [.maxpool, .maxpoolBackward, .poolBackward])
        // The emphasised cell is named for what it is, never the catch-all "stressed" (#23).
        XCTAssertEqual(LessonOp.convMatrix.emphasis, .placed)
        XCTAssertEqual(LessonOp.lrn.emphasis, .normalised)
        XCTAssertEqual(LessonOp(activation: .leakyRelu), .leakyRelu)
        XCTAssertNil(LessonOp(activation: .identity))
    }
}
