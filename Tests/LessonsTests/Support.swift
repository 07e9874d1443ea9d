import Foundation
import XCTest
@testable import Lessons
import Tensor

/// Runs one example written as YAML, as if it stood at line 1 of `test.md`.
func runExample(_ yaml: String, file: String = "test.md") throws -> ExampleResult {
    try ExampleRunner.run(ExampleBlock(source: yaml, file: file, line: 1))
}

/// Checks one example and returns its report (errors included).
func checkExample(_ yaml: String, file: String = "test.md", line: Int = 1) -> ExampleReport {
    CourseChecker.checkExample(ExampleBlock(source: yaml, file: file, line: line))
}

/// The one error an example produces, as text.
func errorText(_ yaml: String) -> String {
    let report = checkExample(yaml)
    return report.errors.map(\.description).joined(separator: "\n")
}
