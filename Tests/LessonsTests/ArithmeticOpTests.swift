import XCTest
@testable import Lessons

/// `op: arithmetic`: a plain calculation, its one formula as the page writes it, and mistakes in words.
final class ArithmeticOpTests: XCTestCase {
    func run(_ expression: String) throws -> ExampleResult {
        try ExampleRunner.run(ExampleBlock(source: "id: a\nop: arithmetic\nexpression: \"\(expression)\"", file: "t.md", line: 1))
    }

    func testValuesAndTheirFormulas() throws {
        let cases: [(String, Float, String)] = [
            ("60000 - 937 * 64", 32, "60000 − 937 × 64 = 32"),
            ("floor(60000 / 64)", 937, "⌊60000 / 64⌋ = 937"),
            ("224 * 224 * 3", 150_528, "224 × 224 × 3 = 150528"),
            ("1 - 2.5 * 1", -1.5, "1 − 2.5 × 1 = −1.5"),
            ("2 ^ 3 ^ 2", 512, "2^3^2 = 512"),
            ("-(3 − 5) × 2", 4, "−(3 − 5) × 2 = 4"),
            ("ceil(7 / 2) + sqrt(16)", 8, "⌈7 / 2⌉ + √(16) = 8"),
            ("-ln(0.659)", 0.41703, "−ln(0.659) = 0.417"),
        ]
        for (expression, value, formula) in cases {
            let r = try run(expression)
            XCTAssertEqual(r.result.data[0], value, accuracy: 1e-4, expression)
            XCTAssertEqual(r.trace.formulas, [formula], expression)
            XCTAssertEqual(r.trace.steps.count, 1)
        }
    }

    func testMistakesSayWhereAndWhatWasExpected() {
        let cases: [(String, String)] = [
            ("1 / (2 - 2)", "t.md:3:13: a: `expression`: division by zero at character 3"),
            ("2 +", "t.md:3:13: a: `expression`: the expression ends early at character 4"),
            ("log(2)", "t.md:3:13: a: `expression`: unknown function `log` at character 1"),
            ("(1 + 2", "t.md:3:13: a: `expression`: missing `)` at character 7"),
            ("3 $ 4", "t.md:3:13: a: `expression`: unexpected `$` at character 3"),
            ("sqrt(-1)", "t.md:3:13: a: `expression`: sqrt of the negative number −1"),
            ("10 ^ 400", "t.md:3:13: a: `expression`: 10^400 is not a finite number"),
        ]
        for (expression, expected) in cases {
            let text = CourseChecker.checkExample(ExampleBlock(source: "id: a\nop: arithmetic\nexpression: \"\(expression)\"", file: "t.md", line: 1))
                .errors.map(\.description).joined(separator: "\n")
            XCTAssertTrue(text.hasPrefix(expected), "\(expression) → \(text)")
        }
    }
}
