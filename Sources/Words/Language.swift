/// A language the course's pages, pictures and traces are written in. Its words live in one
/// catalog file (`Catalog+English.swift`, ...); adding a language means adding a case here,
/// a catalog file, and the lessons.
public enum Language: String, CaseIterable, Codable, Sendable {
    case en, ko

    /// The language of a lesson's `lang` code, or English for a code without a catalog.
    public init(code: String) {
        self = Language(rawValue: code) ?? .en
    }

    /// Every message in this language, by key.
    public var catalog: [Message: String] {
        switch self {
        case .en: return Catalog.english
        case .ko: return Catalog.korean
        }
    }

    /// The message under `key` (every key is present in every catalog: `CatalogTests` checks).
    public subscript(_ key: Message) -> String { catalog[key] ?? "" }

    /// The message under `key` with its `{name}` placeholders filled from `values`.
    public func fill(_ key: Message, _ values: [String: String]) -> String { Catalog.fill(self[key], values) }
}
