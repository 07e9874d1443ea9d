import Foundation

/// Where every file of a site goes, relative to the site's root folder.
///
/// One language:                 Several languages:
///     index.html                    index.html            (language chooser)
///     <slug>.html                   <lang>/index.html
///     assets/…                      <lang>/<slug>.html
///     <your files>                  assets/…  <your files>
///     .convwalk-site                .convwalk-site
///
/// `.convwalk-site` marks the folder as a convwalk site (a build replaces only such a folder)
/// and names the build; what the next build reuses lives beside the site, not in it, so
/// nothing is published that no page loads (`SiteManifest`).
struct SiteLayout {
    let multilingual: Bool

    static let assetsFolder = "assets"
    static let stylesheet = "assets/site.css"
    static let playerScript = "assets/player.js"
    /// The live player's HTML frames and its Edit mode (loaded before player.js).
    static let framesScript = "assets/frames.js"
    static let editScript = "assets/edit.js"
    static let mathScript = "assets/math.js"
    static let siteScript = "assets/site.js"
    static let favicon = "assets/favicon.svg"
    /// The in-page engine: the words of its steps and its API (engine.js loads the module,
    /// assets/engine-wasm.js, itself).
    static let enginePhrasesScript = "assets/engine-phrases.js"
    static let engineScript = "assets/engine.js"
    /// The atlas explorer's script (pages with a `data-engine` block).
    static let explorerScript = "assets/explorer.js"
    /// The demo pages' drawing pad (pages with a `data-digit-pad` block).
    static let digitScript = "assets/digit.js"
    /// The demo pages' walk through the network, drawn from the pad's network (after digit.js).
    static let walkScript = "assets/walk.js"
    static let katexFolder = "assets/katex"
    static let katexStylesheet = "assets/katex/katex.min.css"
    static let katexScript = "assets/katex/katex.min.js"
    /// The one line that marks a site and names its build: `convwalk site <build>`.
    static let marker = ".convwalk-site"
    /// Where sites built before 4 December 2026 kept their manifest, inside the site.
    static let legacyManifest = ".cache/manifest.json"
    /// Top-level names a caller's files may not use.
    static let reservedRoots: Set<String> = ["assets", ".cache", ".convwalk-site", "index.html"]

    /// The folder beside a site that holds its build state: `<parent>/.<name>.cache`.
    static func stateFolder(of site: URL) -> URL {
        let site = site.standardizedFileURL
        return site.deletingLastPathComponent().appendingPathComponent(".\(site.lastPathComponent).cache")
    }

    /// The manifest of build `build` of the site at `site`.
    static func manifest(of site: URL, build: String) -> URL {
        stateFolder(of: site).appendingPathComponent("manifest-\(build).json")
    }

    /// The language chooser at the root, when there is more than one language.
    var rootIndex: String? { multilingual ? "index.html" : nil }

    func index(lang: String) -> String {
        multilingual ? "\(lang)/index.html" : "index.html"
    }

    func page(slug: String, lang: String) -> String {
        multilingual ? "\(lang)/\(slug).html" : "\(slug).html"
    }

    /// The URL that leads from the file at `from` to the file at `to` (both site-relative).
    static func relativeURL(from: String, to: String) -> String {
        let fromDirs = from.split(separator: "/").dropLast()
        let target = to.split(separator: "/")
        var common = 0
        while common < fromDirs.count, common < target.count - 1, fromDirs[fromDirs.startIndex + common] == target[common] {
            common += 1
        }
        let ups = Array(repeating: "..", count: fromDirs.count - common)
        let downs = target[common...].map { percentEncodePathComponent(String($0)) }
        return (ups + downs).joined(separator: "/")
    }

    /// Checks a caller-supplied site-relative path: non-empty, relative, no `.`/`..`/empty
    /// components, no backslashes, and not inside a folder the site itself writes.
    static func validate(filePath path: String) throws {
        func fail(_ reason: String) -> SiteError { .invalidPath(path: path, reason: reason) }
        if path.isEmpty { throw fail("is empty") }
        if path.hasPrefix("/") { throw fail("is absolute; use a path relative to the site root") }
        if path.contains("\\") { throw fail("contains a backslash; use '/'") }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            throw fail("has an empty, '.' or '..' component")
        }
        if let first = parts.first, reservedRoots.contains(String(first)) {
            throw fail("is inside '\(first)', which the site generator writes itself")
        }
    }

    /// Percent-encodes everything but unreserved characters, so a path survives as a URL.
    static func percentEncodePathComponent(_ component: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return component.addingPercentEncoding(withAllowedCharacters: allowed) ?? component
    }
}
