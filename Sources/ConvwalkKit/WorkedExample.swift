@_exported import Basics
@_exported import Lessons
@_exported import Tensor
@_exported import Words

/// Worked examples checked from a teacher's own Swift package (its XCTest target), with the same
/// kernels and the same `expect` rules as `convwalk check`.
///
///     import ConvwalkKit
///     import XCTest
///
///     final class MyExamplesTests: XCTestCase {
///         func testBiasAddsToEveryCell() {
///             let report = WorkedExample.check("""
///                 op: conv2d
///                 input: [[1,2,3],[2,1,0],[3,0,1]]
///                 kernel: [[1,0],[1,0]]
///                 bias: 5
///                 expect: [[8,8],[10,6]]
///                 """)
///             XCTAssertTrue(report.passed, report.problems)
///         }
///     }
public enum WorkedExample {
    /// Runs one example block (the YAML of a ` ```example ` block; `id` may be left out) and
    /// compares its result with its `expect`.
    /// - Parameters:
    ///   - language: the language of the trace's words (`.en`, `.ko`).
    ///   - file, line: where errors point; by default the calling line, so a wrong value is
    ///     reported on its own line when the block starts on the line after the call.
    public static func check(_ yaml: String, language: Language = .en, file: String = #filePath, line: Int = #line) -> ExampleReport {
        CourseChecker.checkExample(block(yaml, language, file, line))
    }

    /// Runs one example block and returns its result and trace (`expect` is not compared).
    /// - Throws: `LessonError` naming the line and what was expected.
    public static func run(_ yaml: String, language: Language = .en, file: String = #filePath, line: Int = #line) throws -> ExampleResult {
        try ExampleRunner.run(block(yaml, language, file, line))
    }

    static func block(_ yaml: String, _ language: Language, _ file: String, _ line: Int) -> ExampleBlock {
        ExampleBlock(source: yaml, file: file, line: line + 1, lang: language.rawValue, idOptional: true)
    }
}

/// Every lesson of a course, checked like `convwalk check`.
public enum Course {
    /// Checks every lesson file under `paths` (files, or folders searched for `*.md` except
    /// README.md) and the course-wide rules (unique ids and slugs, translations).
    public static func check(_ paths: String...) -> CourseReport {
        CourseChecker.check(paths: paths)
    }
}

extension ExampleReport {
    /// Every error, one per line (`file:line:column: id: what was expected`); empty when it passed.
    public var problems: String { errors.map(\.description).joined(separator: "\n") }
}

extension CourseReport {
    /// Every error, one per line; empty when the course passed.
    public var problems: String { allErrors.map(\.description).joined(separator: "\n") }
}
