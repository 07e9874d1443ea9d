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
    /// `{n}` is replaced by the part's number (the index groups lessons in parts).
    case partNumber
    /// The summary of an exercise's collapsed answer.
    case answer
    /// Under a picture kept wide enough for its text, when it is wider than the screen.
    case scrollHint
    /// The search box's label.
    case search
    case searchPlaceholder
    case searchNone
    /// `{n}` is replaced by the number of pages found.
    case searchCount
    // Edit mode and pointing at cells (the live player).
    case edit, editClose, edited, editHelp, editFormulaHelp, editKept, editLoading, reset, copyYAML, copied, copyManual
    case inputSize, rows, columns, showAnswer, engineAnswer, pointHelp
    // Edit mode of a layer table (`architecture`). `removeLayer`, `layerKind`: `{n}` is the layer's number.
    case editLayersHelp, inputShape, channels, layers, addLayer, removeLayer, layerKind
    /// The table's receptive-field words (`table.*` in the catalog): `{size}`, `{jump}`.
    case tableFieldAndJump, tableWholeInput
    /// `{n}` is replaced by how many steps read the cell.
    case readTimes
    case neverRead
    /// `{tensor}`, `{index}`, `{value}`: a cell's accessible name.
    case cellOf
    // The frames' words, shared with the Cairo frames (`frame.*` in the catalog).
    case frameInput, frameParameter, frameOutput, frameGradient, framePadding, frameChannel, frameFilter
    case frameFilterChannel, framePartialSums, frameRead, frameWeights, frameWritten
}

extension UIKey {
    /// This text's key in the message catalog (`ui.<name>`, or the frame pictures' `frame.*`
    /// for the `frame` keys); `UIStringsTests` checks each has one.
    var message: Message? {
        switch self {
        case .frameInput: .frameRoleInput
        case .frameParameter: .frameRoleParameter
        case .frameOutput: .frameRoleOutput
        case .frameGradient: .frameRoleGradient
        case .framePadding: .framePadding
        case .frameChannel: .frameChannel
        case .frameFilter: .frameFilter
        case .frameFilterChannel: .frameFilterChannel
        case .framePartialSums: .framePartialSums
        case .frameRead: .frameRead
        case .frameWeights: .frameWeights
        case .frameWritten: .frameWritten
        case .tableFieldAndJump: .tableFieldAndJump
        case .tableWholeInput: .tableWholeInput
        default: Message(rawValue: "ui.\(rawValue)")
        }
    }
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
