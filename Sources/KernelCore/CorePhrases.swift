/// The words an op writes its steps with: one template per key. A key's raw value is its name
/// in the catalog's `trace` area, so both runtimes fill the same phrases by the same names: the
/// host from its catalog (`CorePhrases(language)` in Lessons), the in-page engine from the
/// phrase object the page passes in (`ExampleCore.phrases`).
public struct CorePhrases<Key: RawRepresentable & CaseIterable & Equatable> where Key.RawValue == String {
    private let entries: [(key: Key, word: String)]

    /// Each key's template, `word(key)`.
    public init(_ word: (Key) -> String) {
        entries = Key.allCases.map { ($0, word($0)) }
    }

    /// The template of `key` (every key has one: `init` asked for each).
    public subscript(_ key: Key) -> String {
        entries.first { $0.key == key }!.word
    }
}
