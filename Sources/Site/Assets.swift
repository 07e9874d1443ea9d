import Foundation

/// One file of the output: bytes in memory, or a file to copy (symlinks followed, like `cp -L`).
enum OutputItem: Equatable {
    case data(Data)
    /// Copy this file; if it does not exist, throw `ifMissing`.
    case copy(URL, ifMissing: SiteError)

    /// The bytes: the data, or the copied file's.
    /// - Throws: the `ifMissing` error when the file cannot be read.
    func contents() throws -> Data {
        switch self {
        case .data(let data):
            return data
        case let .copy(url, ifMissing):
            guard let data = FileManager.default.contents(atPath: url.path) else { throw ifMissing }
            return data
        }
    }
}

/// The files under `assets/`: the stylesheet and scripts bundled with this module
/// (`Sources/Site/Assets/`), and KaTeX copied from the system so the site works offline.
enum Assets {
    /// The bundled files, by name.
    static let bundled = ["site.css", "frames.js", "edit.js", "player.js", "math.js", "site.js", "favicon.svg", "engine.js", "engine-wasm.js",
                          "explorer.js", "digit.js", "walk.js"]

    /// `assets/engine-phrases.js`: the in-page engine's words per language, and the models
    /// that architecture examples name, resolved, as one script (`<` escaped, so no text can
    /// close the script element).
    static func enginePhrasesScript(_ phrases: [String: String], models: [String: String] = [:]) -> String {
        func object(_ values: [String: String]) -> String {
            var js = "{"
            for (i, key) in values.keys.sorted().enumerated() {
                js += (i > 0 ? ",\n" : "\n") + "\"\(key)\": " + values[key]!.replacingOccurrences(of: "<", with: "\\u003c")
            }
            return js + "\n};\n"
        }
        var js = "// The words of the in-page engine's steps, per language (from the lesson engine's tables).\n"
        js += "window.convwalkPhrases = " + object(phrases)
        guard !models.isEmpty else { return js }
        js += "// The models that architecture examples name (`model: NAME`), resolved from models/*.yaml.\n"
        return js + "window.convwalkModels = " + object(models)
    }

    /// Site-relative path → item for every asset.
    /// - Throws: `SiteError.missingAsset` if a bundled file or KaTeX is missing.
    static func items(katexDirectory: URL) throws -> [String: OutputItem] {
        var items: [String: OutputItem] = [:]
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil) else {
            throw SiteError.missingAsset(path: "Assets (resource bundle of the Site module)")
        }
        for name in bundled {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw SiteError.missingAsset(path: url.path)
            }
            items["\(SiteLayout.assetsFolder)/\(name)"] = .data(data)
        }
        for (relative, url) in try filesResolvingLinks(in: katexDirectory) where shipsToReaders(katexFile: relative) {
            items["\(SiteLayout.katexFolder)/\(relative)"] = .copy(url, ifMissing: .missingAsset(path: url.path))
        }
        for required in [SiteLayout.katexScript, SiteLayout.katexStylesheet] where items[required] == nil {
            throw SiteError.missingAsset(path: katexDirectory.path + "/" + required.dropFirst(SiteLayout.katexFolder.count + 1))
        }
        return items
    }

    /// Whether a file of the KaTeX folder is one a page can load: the script and stylesheet the
    /// pages link, and the woff2 fonts (every browser that runs KaTeX reads woff2, so the ttf and
    /// woff copies the stylesheet also names are never fetched). Left out: `katex.js`/`katex.mjs`
    /// under their own names, the unminified stylesheet and `contrib/`.
    static func shipsToReaders(katexFile relative: String) -> Bool {
        if relative.hasPrefix("fonts/") { return relative.hasSuffix(".woff2") }
        return relative == "katex.min.js" || relative == "katex.min.css"
    }

    /// Every regular file below `root`, following symbolic links (Debian's `katex/fonts` is
    /// one), as relative path → URL, in sorted order.
    static func filesResolvingLinks(in root: URL) throws -> [(String, URL)] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SiteError.missingAsset(path: root.path)
        }
        var found: [(String, URL)] = []
        func walk(_ folder: URL, prefix: String, depth: Int) throws {
            guard depth < 16 else { return }
            let names: [String]
            do { names = try fm.contentsOfDirectory(atPath: folder.path).sorted() } catch {
                throw SiteError.io(operation: "list", path: folder.path, reason: "\(error)")
            }
            for name in names where !name.hasPrefix(".") {
                let url = folder.appendingPathComponent(name)
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: url.path, isDirectory: &isDir) else { continue }
                if isDir.boolValue {
                    try walk(url, prefix: prefix + name + "/", depth: depth + 1)
                } else {
                    found.append((prefix + name, url))
                }
            }
        }
        try walk(root, prefix: "", depth: 0)
        return found
    }
}
