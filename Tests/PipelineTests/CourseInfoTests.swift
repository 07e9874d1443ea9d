import XCTest
@testable import Pipeline
import Site

/// `lessons/course.yaml`: titles, taglines and parts per language, and its mistakes in words.
final class CourseInfoTests: XCTestCase {
    func testTitlesTaglinesAndParts() throws {
        let entries = try CourseInfo.parse("""
        en:
          title: "A course"
          parts:
            - {from: 0, title: "Basics", summary: "One kernel."}
            - {from: 7, title: "Layers"}
        ko:
          title: "강의"
          tagline: "한 줄"
          parts: [{from: 0, title: "기초"}, {from: 7, title: "층"}]
        """, file: "lessons/course.yaml")
        XCTAssertEqual(entries["en"]?.title, "A course")
        XCTAssertNil(entries["en"]?.tagline)
        XCTAssertEqual(entries["en"]?.parts, [CoursePart(firstOrder: 0, title: "Basics", summary: "One kernel."),
                                              CoursePart(firstOrder: 7, title: "Layers")])
        XCTAssertEqual(entries["ko"]?.parts.map(\.title), ["기초", "층"])
        XCTAssertEqual(entries["ko"]?.tagline, "한 줄")
    }

    func testTheRepositorysCourseHasFiveParts() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../lessons").standardized.path
        let languages = try CourseInfo.load(lessonsFolder: folder, codes: ["ko", "en"])
        XCTAssertEqual(languages.map(\.code), ["en", "ko"])
        for language in languages {
            XCTAssertEqual(language.parts.map(\.firstOrder), [0, 7, 12, 18, 21], language.code)
            XCTAssertTrue(language.parts.allSatisfy { !$0.summary.isEmpty }, language.code)
        }
    }

    func testMistakesNameTheLineAndWhatWasExpected() {
        let cases: [(String, String)] = [
            ("en: [1, 2]\n", "lessons/course.yaml:1:5: `en`: expected `{title: ..., tagline: ..., parts: [...]}`"),
            ("en:\n  title: [x]\n", "lessons/course.yaml:2:10: `en.title`: expected text"),
            ("en:\n  colour: blue\n", "lessons/course.yaml:2:3: `en`: unknown field `colour`; expected title, tagline or parts"),
            ("en:\n  parts: {from: 0}\n", "lessons/course.yaml:2:10: `en.parts`: expected a list"),
            ("en:\n  parts:\n    - {from: -1, title: A}\n", "lessons/course.yaml:3:14: `en.parts[0].from`: expected the `order` of the part's first lesson"),
            ("en:\n  parts:\n    - {title: A}\n", "lessons/course.yaml:3:7: `en.parts[0]`: missing `from`"),
            ("en:\n  parts:\n    - {from: 3, title: A}\n    - {from: 3, title: B}\n", "lessons/course.yaml:4:7: `en.parts[1].from`: 3 must come after the previous part's 3"),
            ("en:\n  parts: [{from: 0, title: A}, {from: 5, title: B}]\nko:\n  parts: [{from: 0, title: A}, {from: 6, title: B}]\n",
             "every language must divide the course alike"),
            ("en: {title: \"open\n", "lessons/course.yaml:"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try CourseInfo.parse(text, file: "lessons/course.yaml"), text) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(expected), "\(text)\n→ \(message)")
                XCTAssertFalse(message.contains("DecodingError") || message.contains("Yams."), message)
            }
        }
    }
}
