import Foundation
import XCTest
@testable import Words

/// Every language has every message, with the same placeholders as English, and filling a
/// template with its own placeholders leaves nothing unfilled.
final class CatalogTests: XCTestCase {
    func testEveryKeyInEveryLanguage() {
        for language in Language.allCases {
            let missing = Message.allCases.filter { language.catalog[$0] == nil }
            XCTAssertEqual(missing, [], "\(language) lacks these messages")
            XCTAssertEqual(language.catalog.count, Message.allCases.count)
        }
    }

    /// A language may leave out a placeholder it does not need (Korean has no plural `{s}`),
    /// but never uses one English does not: the code fills English's.
    func testPlaceholdersAreEnglishOnes() {
        // English shows the engine's own message here and so has an empty template.
        let englishUsesEngineMessage: Set<Message> = [.atlasDoesNotFit]
        for key in Message.allCases where !englishUsesEngineMessage.contains(key) {
            let english = Set(Catalog.placeholders(in: Language.en[key]))
            for language in Language.allCases {
                let extra = Set(Catalog.placeholders(in: language[key])).subtracting(english)
                XCTAssertEqual(extra, [], "\(key.rawValue) in \(language)")
            }
        }
        XCTAssertEqual(Catalog.placeholders(in: Language.ko[.traceIm2colFormula]).sorted(), ["k", "product", "rows"])
    }

    func testFillingEveryPlaceholderLeavesNoneBehind() {
        for language in Language.allCases {
            for key in Message.allCases {
                let names = Catalog.placeholders(in: language[key])
                let filled = language.fill(key, Dictionary(names.map { ($0, "7") }, uniquingKeysWith: { a, _ in a }))
                XCTAssertEqual(Catalog.placeholders(in: filled), [], "\(key.rawValue) in \(language): \(filled)")
            }
        }
    }

    func testFillIsOnePass() {
        XCTAssertEqual(Catalog.fill("{a} and {b}", ["a": "{b}", "b": "2"]), "{b} and 2")
        XCTAssertEqual(Language.ko.fill(.frameStep, ["op": "conv2d", "k": "2", "n": "9"]), "conv2d · 9단계 중 2단계")
        XCTAssertEqual(Language.en.fill(.frameStep, ["op": "conv2d", "k": "2", "n": "9"]), "conv2d · step 2 of 9")
    }

    func testPlaceholdersAreNamesNotMath() {
        XCTAssertEqual(Catalog.placeholders(in: "\\frac{I + 2P}{S} at {row}, {c2}"), ["S", "row", "c2"])
    }

    func testLanguageCodes() {
        XCTAssertEqual(Language(code: "ko"), .ko)
        XCTAssertEqual(Language(code: "fr"), .en)
    }

    func testAreaTableIsPlainJSONData() throws {
        let trace = Catalog.table(.ko, area: "trace")
        XCTAssertEqual(trace["softmaxMax"], "최댓값 m = {m}")
        XCTAssertEqual(trace.count, Message.allCases.filter { $0.rawValue.hasPrefix("trace.") }.count)
        let parsed = try JSONSerialization.jsonObject(with: Data(Catalog.json(trace).utf8)) as? [String: String]
        XCTAssertEqual(parsed, trace)
    }
}
