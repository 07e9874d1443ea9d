import Foundation
import XCTest
import Words

/// One term per concept across the lessons and the catalogs (players, figures, demo pages).
final class GlossaryTests: XCTestCase {
    func testMisusesNameTheWordAndTheTermToUse() {
        let found = Glossary.misuses(in: "매개변수 61,706개, 12 에폭", language: .ko)
        XCTAssertEqual(found.map(\.found), ["매개변수", "에폭"])
        XCTAssertEqual(found.map(\.use), ["파라미터", "에포크"])
        XCTAssertTrue(Glossary.misuses(in: "파라미터 61,706개, 12 에포크", language: .ko).isEmpty)
    }

    func testEveryCatalogMessageUsesTheGlossaryTerms() {
        for language in Language.allCases {
            for (key, text) in language.catalog.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                for m in Glossary.misuses(in: text, language: language) {
                    XCTFail("\(language.rawValue) catalog, \(key.rawValue): \"\(m.found)\"; the glossary's word is \"\(m.use)\"")
                }
            }
        }
    }

    func testEveryLessonUsesTheGlossaryTerms() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("lessons")
        var checked = 0
        for language in Language.allCases {
            let folder = language == .en ? lessons : lessons.appendingPathComponent(language.rawValue)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".md") {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                checked += 1
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    for m in Glossary.misuses(in: String(line), language: language) {
                        XCTFail("\(folder.lastPathComponent)/\(name):\(number + 1): \"\(m.found)\"; the glossary's word is \"\(m.use)\"")
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 40, "found the lessons in \(lessons.path)")
    }
}
