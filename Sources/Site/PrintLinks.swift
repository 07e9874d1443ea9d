import Foundation

/// How one lesson's article writes its ids and URLs when several lessons stand on one print
/// page (`SitePrint`). The renderers ask it as they write each `id`, `href` and `src`, so the
/// article comes out ready for the print page and nothing rewrites its HTML afterwards:
///
/// - every id takes the lesson's slug as a prefix (`sliding--padding`), so two lessons'
///   `#padding` stay apart;
/// - a link within the lesson, or to another lesson on the print page, stays on the page
///   (`#sliding--conv-a`, `pooling.html#max` → `#pooling--max`, `pooling.html` → `#lesson-pooling`);
/// - a URL of a file beside the print page (its pictures, the assets) is kept, and one of
///   anything else (a demo page, a lesson left out) leads into the built site, absolute.
struct PrintLinks {
    /// The lesson being rendered.
    let slug: String
    /// The lessons on the print page.
    let lessons: Set<String>
    /// Site-relative paths beside the print page: its files, their folders and "" (the root).
    let beside: Set<String>
    /// The site-relative path of the lesson's page; its URLs are relative to it (the print
    /// page stands in the same folder).
    let page: String
    /// The built site, where links to what is not beside the print page lead.
    let site: URL

    /// `files` and every folder above them, "" included.
    static func folders(and files: some Sequence<String>) -> Set<String> {
        var paths: Set<String> = [""]
        for file in files {
            var path = Substring(file)
            paths.insert(file)
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                paths.insert(String(path))
            }
        }
        return paths
    }

    /// An id of this lesson's article as the print page has it.
    func id(_ id: String) -> String { SitePrint.id(id, in: slug) }

    /// A URL written in this lesson's article (relative to its page, percent-encoded, not yet
    /// escaped for HTML) as the print page has it.
    func url(_ url: String) -> String {
        if url.hasPrefix("#") { return "#" + id(String(url.dropFirst())) }
        let hash = url.firstIndex(of: "#")
        let target = hash.map { url[..<$0] } ?? url[...]
        if target.hasSuffix(".html"), !target.contains("/"), lessons.contains(String(target.dropLast(5))) {
            let other = String(target.dropLast(5))
            let fragment = hash.map { url[url.index(after: $0)...] } ?? ""
            return "#" + (fragment.isEmpty ? SitePrint.lessonID(other) : SitePrint.id(String(fragment), in: other))
        }
        guard URL(string: url)?.scheme == nil, let there = URL(string: url, relativeTo: site.appendingPathComponent(page)),
              !beside.contains(sitePath(of: there)) else { return url }
        return there.absoluteString
    }

    /// The site-relative path of a URL in the site ("" for the site's folder; a path starting
    /// with "/" for one outside it, never beside the print page).
    private func sitePath(of url: URL) -> String {
        let path = url.absoluteURL.standardized.path, root = site.absoluteURL.standardized.path
        if path == root { return "" }
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
