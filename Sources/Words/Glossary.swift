/// One term per concept: the word the course uses for a concept in a language, and the
/// variants it does not use (a reader who meets 파라미터 in a lesson and 매개변수 in a player
/// wonders whether they differ). `GlossaryTests` scans the lessons and the catalogs for the
/// variants; add an entry here when two words for one thing turn up.
public enum Glossary {
    public struct Entry: Sendable {
        /// The concept, in English.
        public var concept: String
        public var language: Language
        /// The word to use.
        public var term: String
        /// Words for the same concept not to use.
        public var avoid: [String]
    }

    public static let entries: [Entry] = [
        Entry(concept: "parameter", language: .ko, term: "파라미터", avoid: ["매개변수"]),
        Entry(concept: "epoch", language: .ko, term: "에포크", avoid: ["에폭"]),
        Entry(concept: "feature map", language: .ko, term: "특성 맵", avoid: ["특징 맵", "피처 맵", "특징맵"]),
        Entry(concept: "convolution", language: .ko, term: "합성곱", avoid: ["컨볼루션", "콘볼루션"]),
        Entry(concept: "activation function", language: .ko, term: "활성화 함수", avoid: ["활성함수", "활성 함수"]),
        Entry(concept: "feature map", language: .en, term: "feature map", avoid: ["activation map", "featuremap"]),
    ]

    /// Each avoided word in `text` (a page, a lesson, a catalog message in `language`) with the term to use.
    public static func misuses(in text: String, language: Language) -> [(found: String, use: String)] {
        entries.filter { $0.language == language }.flatMap { entry in
            entry.avoid.filter { text.range(of: $0, options: .caseInsensitive) != nil }.map { (found: $0, use: entry.term) }
        }
    }
}
