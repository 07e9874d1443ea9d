import Foundation
import KernelCore
import XCTest
@testable import ConvwalkCLI
import Lessons
import Pipeline
import Site

/// `convwalk init DIR` as a new author meets it: the new course checks and builds at once,
/// the guide's own example is right, and an existing folder with something in it is refused.
final class CourseScaffoldTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func testInitThenCheckAndBuildPassInBothLanguages() throws {
        let course = dir.appendingPathComponent("my course")
        var command = try Convwalk.parseAsRoot(["init", course.path, "--title", "Kernels \"by hand\""])
        try command.run()

        let lessons = course.appendingPathComponent("lessons").path
        let report = CourseChecker.check(paths: [lessons])
        XCTAssertTrue(report.passed, "\(report.allErrors)")
        XCTAssertEqual(report.warnings.map(\.description), [])
        XCTAssertEqual(report.lessons.map { $0.lesson?.frontMatter.lang }, ["en", "ko"])
        XCTAssertEqual(report.exampleCount, 6)
        XCTAssertEqual(report.lessons.flatMap(\.examples).map(\.compared), [4, 1, 4, 4, 1, 4])

        var build = try Convwalk.parseAsRoot(["build", "--no-demos", "--lessons", lessons, "-o", course.appendingPathComponent("output").path])
        try build.run()
        let out = course.appendingPathComponent("output")
        let en = try String(contentsOf: out.appendingPathComponent("en/first-convolution.html"), encoding: .utf8)
        XCTAssertTrue(en.contains("1×1 + 2×0 + 2×1 + 1×0 = 3, 3 + 5 = 8"))
        XCTAssertTrue(en.contains("Kernels &quot;by hand&quot;") || en.contains("Kernels \"by hand\""), "course.yaml's title is on the page")
        let ko = try String(contentsOf: out.appendingPathComponent("ko/first-convolution.html"), encoding: .utf8)
        XCTAssertTrue(ko.contains("첫 번째 합성곱"))
        let koIndex = try String(contentsOf: out.appendingPathComponent("ko/index.html"), encoding: .utf8)
        XCTAssertTrue(koIndex.contains("손으로 풀고 기계가 확인하는 합성곱 신경망"), "course.yaml's Korean tagline is on the index")
        XCTAssertEqual(try LinkChecker.check(siteAt: out), [])
        let ignored = try String(contentsOf: course.appendingPathComponent(".gitignore"), encoding: .utf8)
        XCTAssertEqual(ignored.split(separator: "\n"), ["output/", "runs/", ".*.lock", ".*.cache/"])
    }

    /// The lesson in the guide passes, and the error it quotes is the one `check` gives.
    func testTheGuidesExampleAndItsQuotedErrorAreReal() throws {
        try CourseScaffold.create(at: dir.appendingPathComponent("c").path)
        let guide = try String(contentsOf: dir.appendingPathComponent("c/README.md"), encoding: .utf8)
        let start = try XCTUnwrap(guide.range(of: "````markdown\n"))
        let end = try XCTUnwrap(guide.range(of: "\n````", range: start.upperBound..<guide.endIndex))
        let lesson = String(guide[start.upperBound..<end.lowerBound]) + "\n"
        let quoted = try XCTUnwrap(guide.split(separator: "\n").first { $0.contains("lessons/02-stride.md:") })
            .trimmingCharacters(in: .whitespaces)

        for op in LessonOp.allCases { XCTAssertTrue(guide.contains("`\(op.rawValue)`"), "the guide lists \(op)") }

        let folder = dir.appendingPathComponent("c/lessons")
        let file = folder.appendingPathComponent("02-stride.md")
        try lesson.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertTrue(CourseChecker.check(paths: [file.path]).passed)
        try lesson.replacingOccurrences(of: "[[7,11],[23,27]]", with: "[[7,11],[24,27]]").write(to: file, atomically: true, encoding: .utf8)
        let report = CourseChecker.check(paths: [file.path])
        XCTAssertEqual(report.allErrors.count, 1)
        XCTAssertTrue(report.allErrors[0].description.hasSuffix(quoted), "\(report.allErrors[0]) vs \(quoted)")
    }

    func testAFolderWithSomethingInItIsRefusedAndLeftAlone() throws {
        let course = dir.appendingPathComponent("course")
        try FileManager.default.createDirectory(at: course, withIntermediateDirectories: true)
        try "mine".write(to: course.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CourseScaffold.create(at: course.path)) { error in
            XCTAssertEqual(error as? ScaffoldError, .notEmpty(course.path, entries: ["notes.txt"]))
            XCTAssertTrue("\(error)".contains("the folder is not empty (1 entry: notes.txt)"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: course.path), ["notes.txt"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["course"], "no staging folder left behind")

        let file = dir.appendingPathComponent("plain")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CourseScaffold.create(at: file.path)) { error in
            XCTAssertEqual(error as? ScaffoldError, .notAFolder(file.path))
        }
        var again = try Convwalk.parseAsRoot(["init", course.path])
        XCTAssertThrowsError(try again.run())
    }

    func testAnEmptyFolderIsFilled() throws {
        let course = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: course, withIntermediateDirectories: true)
        let files = try CourseScaffold.create(at: course.path)
        XCTAssertEqual(files.map(\.path), ["README.md", "lessons/course.yaml", "lessons/01-first-convolution.md",
                                           "lessons/ko/01-first-convolution.md", ".gitignore"])
        for f in files {
            XCTAssertEqual(try String(contentsOf: course.appendingPathComponent(f.path), encoding: .utf8), f.contents)
        }
        let yaml = try String(contentsOf: course.appendingPathComponent("lessons/course.yaml"), encoding: .utf8)
        XCTAssertTrue(yaml.contains("en: {title: \"empty\","), yaml)
    }
}
