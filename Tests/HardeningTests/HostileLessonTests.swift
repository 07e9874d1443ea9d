import Foundation
import Lessons
import XCTest

/// A lesson written to break out of HTML (script tags, `javascript:` and `data:` links, quotes
/// and angle brackets in every field, a file name with spaces and emoji) builds into pages
/// that show every hostile string as text. `Tests/browser/hostile_check.py` checks the same
/// pages in Chromium.
final class HostileLessonTests: XCTestCase {
    static let lessons = Harness.inputs.appendingPathComponent("hostile/lessons")

    func testHostileLessonBuildsIntoInertPages() throws {
        let dir = try Harness.temporaryFolder(self)
        let result = try Harness.run(["build", "--no-demos", "--lessons", Self.lessons.path, "--output", "site"], in: dir)
        XCTAssertEqual(result.status, 0, result.stderr)
        for page in ["hostile.html", "index.html"] {
            let html = try String(contentsOf: dir.appendingPathComponent("site/\(page)"), encoding: .utf8)
            // A tag whose attribute (outside a quoted value) is onerror or data-pwned: escaped text
            // inside an attribute value (the page's meta description) is inert.
            let attribute = #"<[a-zA-Z][a-zA-Z0-9-]*(\s+[a-zA-Z-]+(=("[^"]*"|'[^']*'|[^\s>"']+))?)*\s+"#
            for pattern in ["<script>alert", attribute + "onerror", attribute + "data-pwned", "<iframe", "href=\"(javascript|data):"] {
                XCTAssertNil(html.range(of: pattern, options: [.regularExpression, .caseInsensitive]), "\(page) has \(pattern)")
            }
            XCTAssertTrue(html.contains("&lt;/title&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"), page)
            XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(&#39;summary&#39;) data-pwned&gt;"), page)
        }
        let page = try String(contentsOf: dir.appendingPathComponent("site/hostile.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("&lt;script&gt;alert(&#39;example title&#39;)&lt;/script&gt;"))
        XCTAssertTrue(page.contains("x &lt; y &amp;&amp; &quot;z&quot;"))
        XCTAssertTrue(page.contains("&lt;a href=&quot;javascript:alert('raw')&quot; data-pwned&gt;raw anchor&lt;/a&gt;"))
    }

    func testIdThatCouldBreakOutOfALinkIsRejected() {
        let report = CourseChecker.check(paths: [Harness.inputs.appendingPathComponent("hostile/bad-id").path])
        XCTAssertEqual(report.allErrors.map(\.message), ["id may hold only letters, digits, '-' and '_' (it becomes part of a link)"])
        XCTAssertEqual(report.allErrors.first?.location.line, 7)
        XCTAssertEqual(report.allErrors.first?.location.column, 5)
    }

    func testSlugThatCouldLeaveTheSiteIsRejected() {
        let text = "---\ntitle: Bad slug\nslug: \"../<script>\"\n---\n"
        XCTAssertThrowsError(try LessonParser.parse(text, file: "lessons/bad.md")) { error in
            XCTAssertEqual("\(error)", "lessons/bad.md:3:7: slug \"../<script>\" may hold only letters, digits, '.', '_' and '-'")
        }
    }
}
