import XCTest
@testable import Site

final class UIStringsTests: XCTestCase {
    func testEveryLanguageHasEveryKey() throws {
        XCTAssertEqual(UIStrings.languages, ["en", "ko"])
        for lang in UIStrings.languages {
            let table = try UIStrings.table(for: lang)
            XCTAssertEqual(Set(table.keys), Set(UIKey.allCases), lang)
            for (key, value) in table {
                XCTAssertFalse(value.isEmpty, "\(lang).\(key) is empty")
            }
        }
    }

    func testStepCounterInBothLanguages() throws {
        XCTAssertEqual(UIStrings.stepOf(3, 4, in: try UIStrings.table(for: "en")), "step 3 of 4")
        XCTAssertEqual(UIStrings.stepOf(3, 4, in: try UIStrings.table(for: "ko")), "4단계 중 3단계")
    }

    func testKoreanPlayerButtons() throws {
        let ko = try UIStrings.table(for: "ko")
        XCTAssertEqual([ko[.first], ko[.previous], ko[.play], ko[.pause], ko[.next], ko[.last]],
                       ["처음", "이전", "재생", "일시정지", "다음", "마지막"])
    }

    func testUnknownLanguageIsAnError() {
        XCTAssertThrowsError(try UIStrings.table(for: "fr")) { error in
            XCTAssertEqual(error as? SiteError, .unsupportedLanguage(code: "fr", supported: ["en", "ko"]))
        }
    }
}
