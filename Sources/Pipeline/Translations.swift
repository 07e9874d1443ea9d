import Site
import Words

/// Lessons missing in one of the course's languages: the site shows the lesson from another
/// language in their place, with a note, so every language has the whole course.
enum Translations {
    /// Pages to add: for each lesson slug and each language without it, a copy of the lesson
    /// (English first, else the first language that has it) under that language.
    static func fallbacks(for pages: [SitePage]) -> [SitePage] {
        let lessons = pages.filter { $0.kind == .lesson }
        let languages = Set(lessons.map(\.lang))
        var bySlug: [String: [SitePage]] = [:]
        for p in lessons { bySlug[p.slug, default: []].append(p) }
        var added: [SitePage] = []
        for slug in bySlug.keys.sorted() {
            let versions = bySlug[slug]!
            guard let source = versions.first(where: { $0.lang == "en" }) ?? versions.min(by: { $0.lang < $1.lang }) else { continue }
            for lang in languages.subtracting(versions.map(\.lang)).sorted() {
                var copy = source
                copy.lang = lang
                copy.blocks = [.markdown(Language(code: lang)[.noteUntranslated])] + source.blocks
                added.append(copy)
            }
        }
        return added
    }
}
