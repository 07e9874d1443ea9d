import Foundation

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

    /// A typed view of one area of the catalog: a `Decodable` struct whose `String` properties
    /// are named like the area's keys (`TracePhrases.windowAt` is `trace.windowAt`). A property
    /// without a key is a bug, and stops here (every view is built in both languages by the tests).
    public func view<View: Decodable>(_ type: View.Type = View.self, area: String) -> View {
        do {
            return try JSONDecoder().decode(View.self, from: Data(Catalog.json(Catalog.table(self, area: area)).utf8))
        } catch {
            preconditionFailure("the \(rawValue) catalog's area \(area) does not fill \(View.self): \(error)")
        }
    }

    /// A receptive field and the jump between neighbouring values: "5x5, jump 2" ("5x5, 간격 2");
    /// rectangles and unequal jumps as "5x3, jump 2x1". The one wording of the layer tables,
    /// the receptive-field pictures and `convwalk models check`.
    public func receptiveField(size: [Int], jump: [Int]) -> String {
        let jumpText = jump[0] == jump[1] ? "\(jump[0])" : "\(jump[0])x\(jump[1])"
        return Catalog.fill(self[.tableFieldAndJump], ["size": "\(size[0])x\(size[1])", "jump": jumpText])
    }

    /// A count with thousands separators, as English and Korean both write it: `61706` → "61,706"
    /// (and a real minus sign, U+2212).
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "−" : "") + out
    }
}
