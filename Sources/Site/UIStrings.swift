import Words

/// A piece of interface text. Templates and the player script ask for these by key; the words
/// themselves live only in the tables below.
public enum UIKey: String, CaseIterable, Sendable {
    case languageName
    case contents
    case previous
    case next
    case lessons
    case demos
    case more
    case home
    case skipToContent
    case languageSwitch
    case chooseLanguage
    case first
    case last
    case play
    case pause
    case stepSlider
    /// `{n}` and `{total}` are replaced.
    case stepOf
    case player
    case overview
    case playerHelp
    /// `{n}` is replaced by the lesson's number.
    case lessonNumber
    /// The summary of an exercise's collapsed answer.
    case answer
    /// The search box's label.
    case search
    case searchPlaceholder
    case searchNone
    /// `{n}` is replaced by the number of pages found.
    case searchCount
}

extension UIKey {
    /// This text's key in the message catalog (`ui.<name>`); `UIStringsTests` checks each has one.
    var message: Message? { Message(rawValue: "ui.\(rawValue)") }
}

/// The interface strings of a language, from its message catalog.
public enum UIStrings {
    /// Languages with a catalog.
    public static var languages: [String] { Language.allCases.map(\.rawValue).sorted() }

    /// The table for a language code.
    /// - Throws: `SiteError.unsupportedLanguage`.
    public static func table(for code: String) throws -> [UIKey: String] {
        guard let language = Language(rawValue: code) else {
            throw SiteError.unsupportedLanguage(code: code, supported: languages)
        }
        return Dictionary(uniqueKeysWithValues: UIKey.allCases.compactMap { key in key.message.map { (key, language[$0]) } })
    }

    /// "step 3 of 4" in the given table.
    static func stepOf(_ n: Int, _ total: Int, in table: [UIKey: String]) -> String {
        Catalog.fill(table[.stepOf] ?? "", ["n": String(n), "total": String(total)])
    }
}
