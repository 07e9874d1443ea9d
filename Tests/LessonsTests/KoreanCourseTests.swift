import Foundation
import XCTest
import Lessons

/// The Korean course in `lessons/ko/` is a translation: every English lesson has a Korean
/// twin with the same slug, order and links, and the same worked examples with the same
/// numbers. Only prose, titles and captions differ.
final class KoreanCourseTests: XCTestCase {
    /// The whole course, both languages, checked once (shared with `CourseLessonsTests`).
    static var report: CourseReport { CourseLessonsTests.report }

    /// The lessons of one language, by slug.
    static func lessons(_ lang: String) -> [String: LessonReport] {
        var bySlug: [String: LessonReport] = [:]
        for r in report.lessons where r.lesson?.frontMatter.lang == lang {
            bySlug[r.lesson!.frontMatter.slug] = r
        }
        return bySlug
    }

    /// An example's YAML without its `title:` and `caption:` lines, the only lines a
    /// translation may change.
    static func untranslatable(_ source: String) -> [String] {
        source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            !$0.hasPrefix("title:") && !$0.hasPrefix("caption:")
        }
    }

    static func hasHangul(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) }
    }

    /// True when `s` holds an English word (three or more Latin letters in a row).
    static func hasEnglishWord(_ s: String) -> Bool {
        s.range(of: "[A-Za-z]{3,}", options: .regularExpression) != nil
    }

    func testBothLanguagesPassWithoutWarnings() {
        let report = Self.report
        XCTAssertEqual(report.allErrors.map(\.description), [])
        XCTAssertTrue(report.warnings.isEmpty, report.warnings.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(report.lessons.count, 2 * Self.lessons("en").count, "as many Korean lessons as English ones")
        XCTAssertEqual(report.exampleCount, 2 * Self.lessons("en").values.reduce(0) { $0 + $1.examples.count })
    }

    func testEveryEnglishLessonHasAKoreanTwin() {
        let english = Self.lessons("en"), korean = Self.lessons("ko")
        XCTAssertGreaterThanOrEqual(english.count, 15)
        XCTAssertEqual(Set(korean.keys), Set(english.keys))
        for (slug, en) in english {
            guard let ko = korean[slug], let enFront = en.lesson?.frontMatter, let koFront = ko.lesson?.frontMatter else {
                XCTFail("\(slug): no Korean version"); continue
            }
            XCTAssertEqual(ko.file.replacingOccurrences(of: "/lessons/ko/", with: "/lessons/"), en.file, "\(slug): file name")
            XCTAssertEqual(koFront.order, enFront.order, "\(slug): order")
            XCTAssertEqual(koFront.prev, enFront.prev, "\(slug): prev")
            XCTAssertEqual(koFront.next, enFront.next, "\(slug): next")
            XCTAssertTrue(Self.hasHangul(koFront.summary), "\(slug): summary is not Korean: \(koFront.summary)")
            XCTAssertTrue(Self.hasHangul(koFront.title) || koFront.title == enFront.title, "\(slug): title \(koFront.title)")
        }
    }

    func testKoreanExamplesAreTheEnglishOnes() throws {
        let english = Self.lessons("en"), korean = Self.lessons("ko")
        for (slug, en) in english {
            guard let ko = korean[slug], let enLesson = en.lesson, let koLesson = ko.lesson else { continue }
            XCTAssertEqual(ko.examples.map(\.id), en.examples.map(\.id), "\(slug): example ids and order")
            for (e, k) in zip(enLesson.examples, koLesson.examples) {
                XCTAssertEqual(Self.untranslatable(k.source), Self.untranslatable(e.source),
                               "\(k.file):\(k.line): only title and caption may differ from \(e.file):\(e.line)")
            }
            for (e, k) in zip(en.examples, ko.examples) {
                let id = e.id ?? "?"
                guard let er = e.result, let kr = k.result else { XCTFail("\(slug)/\(id) did not run"); continue }
                XCTAssertEqual(kr.outputs, er.outputs, "\(slug)/\(id): results differ")
                XCTAssertEqual(kr.display, er.display, "\(slug)/\(id): display")
                XCTAssertEqual(kr.title == nil, er.title == nil, "\(slug)/\(id): title present in one language only")
                XCTAssertEqual(kr.caption == nil, er.caption == nil, "\(slug)/\(id): caption present in one language only")
                for text in [kr.title, kr.caption].compactMap({ $0 }) {
                    XCTAssertTrue(Self.hasHangul(text) || !Self.hasEnglishWord(text), "\(slug)/\(id): untranslated \"\(text)\"")
                }
            }
        }
    }

    /// The seed example in Korean gives the notes' numbers, like the English one.
    func testSeedExampleInKorean() throws {
        let ko = try XCTUnwrap(Self.lessons("ko")["convolution"])
        let bias = try XCTUnwrap(ko.examples.first { $0.id == "conv-3x3-2x2-bias" }?.result)
        XCTAssertEqual(bias.result.shape, [2, 2])
        XCTAssertEqual(bias.result.data, [8, 8, 10, 6])
    }

    /// The standard terms, with the English name each must carry on its first use in a lesson.
    static let terms = ["합성곱", "필터", "커널", "스트라이드", "패딩", "풀링", "특성 맵", "활성화 함수", "역전파",
                        "완전 연결층", "소프트맥스", "편향", "기울기"]

    /// A lesson's running prose: no headings, code, math or examples.
    static func prose(_ lesson: Lesson) -> String {
        var text = lesson.segments.compactMap { segment -> String? in
            guard case .markdown(let markdown, _) = segment else { return nil }
            return markdown.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        }.joined(separator: "\n")
        for pattern in ["```[\\s\\S]*?```", "\\$\\$[\\s\\S]*?\\$\\$", "\\$[^$\\n]*\\$", "`[^`\\n]*`"] {
            text = text.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        return text
    }

    /// In every Korean lesson, the first use of a standard term is followed by its English name
    /// in parentheses: `커널(kernel)은`, `**풀링**(pooling)`, `합성곱층(convolutional layer)`.
    func testStandardTermsCarryTheirEnglishNameOnFirstUse() {
        var checked = 0
        for (slug, report) in Self.lessons("ko") {
            guard let lesson = report.lesson else { continue }
            let text = Self.prose(lesson)
            for term in Self.terms {
                guard let first = text.range(of: term) else { continue }
                checked += 1
                let after = String(text[first.upperBound...].prefix(12))
                XCTAssertNotNil(after.range(of: "^([가-힣]{0,2}|\\s신경망)\\**\\([A-Za-z]", options: .regularExpression),
                                "\(slug): first use of \(term) has no English name: \(term)\(after)")
            }
        }
        XCTAssertGreaterThan(checked, 60)
    }
}
