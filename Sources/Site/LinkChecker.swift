import Foundation

/// One broken reference found by `LinkChecker`.
public struct LinkProblem: Equatable, Sendable, CustomStringConvertible {
    /// Site-relative path of the HTML file.
    public var file: String
    /// 1-based line of the tag.
    public var line: Int
    /// The attribute's value (or the tag, for a missing alt).
    public var reference: String
    public var reason: String

    public var description: String { "\(file):\(line): \(reference): \(reason)" }
}

/// Checks a built site: every `href`/`src` in every HTML file resolves to a file in the site,
/// fragments name an existing `id`, nothing points at an absolute local path, and every `<img>`
/// has a non-empty `alt`. Links with a scheme (`https:`, `mailto:` …) are not followed, except
/// `file:`, which is reported.
public enum LinkChecker {
    /// - Parameter site: the site's root folder.
    /// - Returns: the problems found, sorted by file and line; empty when the site is sound.
    /// - Throws: `SiteError.io` if the folder cannot be read.
    public static func check(siteAt site: URL) throws -> [LinkProblem] {
        let root = site.standardizedFileURL
        let files = try Assets.filesResolvingLinks(in: root).map(\.0)
        let existing = Set(files)
        var idsByFile: [String: Set<String>] = [:]
        var documents: [(String, String)] = []
        for path in files where path.hasSuffix(".html") {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
                throw SiteError.io(operation: "read", path: root.appendingPathComponent(path).path, reason: "unreadable")
            }
            let html = String(decoding: data, as: UTF8.self)
            documents.append((path, html))
            idsByFile[path] = Set(attributes(named: "id", in: html).map { unescapeHTML($0.value) })
        }

        var problems: [LinkProblem] = []
        for (path, html) in documents {
            for attribute in attributes(named: "href", in: html) + attributes(named: "src", in: html) {
                let reference = unescapeHTML(attribute.value)
                if let reason = problem(with: reference, in: path, files: existing, ids: idsByFile) {
                    problems.append(LinkProblem(file: path, line: line(of: attribute.offset, in: html),
                                                reference: reference, reason: reason))
                }
            }
            for tag in imgTags(in: html) where !hasNonEmptyAlt(tag.text) {
                problems.append(LinkProblem(file: path, line: line(of: tag.offset, in: html),
                                            reference: tag.text, reason: "<img> without a non-empty alt"))
            }
        }
        return problems.sorted { ($0.file, $0.line, $0.reference) < ($1.file, $1.line, $1.reference) }
    }

    private static func problem(with reference: String, in page: String, files: Set<String>,
                                ids: [String: Set<String>]) -> String? {
        if reference.isEmpty { return "empty link" }
        if reference.hasPrefix("/") || reference.lowercased().hasPrefix("file:") {
            return "absolute local path; use a path relative to the page"
        }
        if let colon = reference.firstIndex(of: ":"),
           reference[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
           !reference[..<colon].contains("/") {
            return nil
        }
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let pathPart = String(parts[0].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let fragment = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : nil
        var target = page
        if !pathPart.isEmpty {
            guard let decoded = pathPart.removingPercentEncoding, let resolved = resolve(decoded, from: page) else {
                return "leaves the site"
            }
            target = resolved
            guard files.contains(target) else { return "no such file in the site (\(target))" }
        }
        if let fragment, !fragment.isEmpty, target.hasSuffix(".html") {
            guard ids[target]?.contains(fragment) ?? false else { return "no element with id '\(fragment)' in \(target)" }
        }
        return nil
    }

    /// Joins a relative reference to the folder of `page`; nil if it climbs above the root.
    static func resolve(_ reference: String, from page: String) -> String? {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for component in reference.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        if reference.hasSuffix("/") { parts.append("index.html") }
        return parts.joined(separator: "/")
    }

    private struct Attribute {
        let value: String
        let offset: Int
    }

    /// Values of `name="…"` attributes (double or single quotes) inside tags.
    private static func attributes(named name: String, in html: String) -> [Attribute] {
        let pattern = "<[a-zA-Z][^>]*?\\s\(name)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')"
        return matches(of: pattern, in: html).compactMap { match, ns in
            for group in 1...2 {
                let range = match.range(at: group)
                if range.location != NSNotFound {
                    return Attribute(value: ns.substring(with: range), offset: match.range.location)
                }
            }
            return nil
        }
    }

    private static func imgTags(in html: String) -> [(text: String, offset: Int)] {
        matches(of: "<img\\b[^>]*>", in: html).map { match, ns in (ns.substring(with: match.range), match.range.location) }
    }

    private static func hasNonEmptyAlt(_ tag: String) -> Bool {
        let value = matches(of: "\\salt\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", in: tag).first.flatMap { match, ns in
            (1...2).lazy.map { match.range(at: $0) }.first { $0.location != NSNotFound }.map { ns.substring(with: $0) }
        }
        return !(value ?? "").trimmingCharacters(in: .whitespaces).isEmpty
    }

    private static func matches(of pattern: String, in text: String) -> [(NSTextCheckingResult, NSString)] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ($0, ns) }
    }

    /// 1-based line of a UTF-16 offset.
    private static func line(of offset: Int, in html: String) -> Int {
        let prefix = (html as NSString).substring(to: min(offset, (html as NSString).length))
        return prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
