import XCTest
@testable import Lessons

/// `kind: page` in the front matter: a page outside the lesson sequence (About these lessons).
final class PageKindTests: XCTestCase {
    func testKindDefaultsToLessonAndAcceptsPage() throws {
        XCTAssertEqual(try LessonParser.parse("---\ntitle: A\n---\ntext\n", file: "a.md").frontMatter.kind, "lesson")
        XCTAssertEqual(try LessonParser.parse("---\ntitle: A\nkind: page\n---\ntext\n", file: "a.md").frontMatter.kind, "page")
    }

    func testAnUnknownKindNamesItsLineAndTheKinds() {
        XCTAssertThrowsError(try LessonParser.parse("---\ntitle: A\nkind: chapter\n---\n", file: "a.md")) { error in
            XCTAssertEqual("\(error)", "a.md:3:7: kind \"chapter\" is not one of lesson, page")
        }
    }
}
