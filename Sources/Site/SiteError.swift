/// What can go wrong while building a site; each message names the page, file or path involved.
public enum SiteError: Error, Equatable, CustomStringConvertible {
    /// The model lists a language with no UI strings table.
    case unsupportedLanguage(code: String, supported: [String])
    /// The model lists a language twice.
    case duplicateLanguage(code: String)
    /// A page's language is not one of the model's languages.
    case pageLanguageNotInModel(slug: String, lang: String)
    /// Two pages share a slug and a language.
    case duplicatePage(slug: String, lang: String)
    /// A site-relative path is empty, absolute or leaves the site (`..`).
    case invalidPath(path: String, reason: String)
    /// An image has an empty alt text.
    case missingAlt(page: String, image: String)
    /// A player has no steps.
    case emptyPlayer(page: String, player: String)
    /// A `.previousBuild` file is not in the site at the destination.
    case previousFileMissing(path: String, destination: String)
    /// md4c failed.
    case markdown(reason: String)
    /// A bundled or KaTeX asset could not be found.
    case missingAsset(path: String)
    /// The destination exists but is not a site built by convwalk; refuse to replace it.
    case destinationNotASite(path: String)
    /// A file-system operation failed.
    case io(operation: String, path: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupportedLanguage(code, supported):
            return "site: language '\(code)' has no UI strings; supported: \(supported.joined(separator: ", "))"
        case let .duplicateLanguage(code):
            return "site: language '\(code)' is listed twice"
        case let .pageLanguageNotInModel(slug, lang):
            return "site: page '\(slug)' has language '\(lang)', which is not in the model's languages"
        case let .duplicatePage(slug, lang):
            return "site: two pages with slug '\(slug)' in language '\(lang)'"
        case let .invalidPath(path, reason):
            return "site: path '\(path)' \(reason)"
        case let .missingAlt(page, image):
            return "site: page '\(page)': image '\(image)' has no alt text"
        case let .emptyPlayer(page, player):
            return "site: page '\(page)': player '\(player)' has no steps"
        case let .previousFileMissing(path, destination):
            return "site: '\(path)' was marked unchanged but is not in the previous build at \(destination)"
        case let .markdown(reason):
            return "site: markdown: \(reason)"
        case let .missingAsset(path):
            return "site: asset not found: \(path)"
        case let .destinationNotASite(path):
            return "site: \(path) exists and is not a convwalk site (no .convwalk-site); refusing to replace it"
        case let .io(operation, path, reason):
            return "site: \(operation) \(path): \(reason)"
        }
    }
}
