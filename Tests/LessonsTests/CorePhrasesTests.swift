import Foundation
import KernelCore
@testable import Lessons
import Words
import XCTest

/// KernelCore's phrase keys are the catalog's `trace.*` names: the host fills an op's words
/// from the lesson language's catalog, the in-page engine from the phrase object the page
/// passes in (`engineJSON`), and both must get the same words.
final class CorePhrasesTests: XCTestCase {
    func testEveryCorePhraseIsTheTraceMessageThePageGets() throws {
        for language in Language.allCases {
            let page = try JSONDecoder().decode([String: String].self, from: Data(TracePhrases.engineJSON(language.rawValue).utf8))
            check(Conv2DBackwardCore.Phrase.self, language, page)
            check(ConvMatrixCore.Phrase.self, language, page)
            check(ConvTransposeCore.Phrase.self, language, page)
            check(PoolBackwardCore.Phrase.self, language, page)
            check(CrossEntropyCore.Phrase.self, language, page)
        }
    }

    func testAPhraseIsItsKeysTemplate() {
        let en = CrossEntropyCore.Phrases(Language.en), ko = CrossEntropyCore.Phrases(Language.ko)
        XCTAssertEqual(en[.loss], TracePhrases(.en).crossEntropyLoss)
        XCTAssertEqual(ko[.loss], TracePhrases(.ko).crossEntropyLoss)
        XCTAssertNotEqual(en[.loss], ko[.loss])
        XCTAssertEqual(Conv2DBackwardCore.Phrases { "<\($0.rawValue)>" }[.dWSums], "<dWSums>")
    }

    private func check<Key>(_ type: Key.Type, _ language: Language, _ page: [String: String],
                            line: UInt = #line) where Key: RawRepresentable & CaseIterable & Equatable, Key.RawValue == String {
        let words = CorePhrases<Key>(language)
        for key in Key.allCases {
            XCTAssertFalse(words[key].isEmpty, "\(language) \(key.rawValue)", line: line)
            XCTAssertEqual(words[key], page[key.rawValue], "\(language) \(key.rawValue)", line: line)
        }
    }
}
