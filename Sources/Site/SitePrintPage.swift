import Foundation
import Words

extension SitePrint {
    /// The id of the print page's answer key.
    public static let answersID = "answers"

    /// Where the print page of `lessons` stands: `handout.html` in the folder of their pages,
    /// so the relative URLs of their articles hold on it.
    public static func pagePath(of lessons: [Lesson]) -> String {
        let folder = ((lessons.first?.path ?? "") as NSString).deletingLastPathComponent
        return folder.isEmpty ? "handout.html" : folder + "/handout.html"
    }

    /// The print page at `path` (`pagePath(of:)`): a cover with `title`, the contents, every
    /// lesson's article and, when there are answers, the answer key, styled by the site's
    /// stylesheet (whose print rules do the layout).
    /// - Parameter pages: the PDF page on which an id of the page starts, from an earlier
    ///   print (a lesson's `lessonID`, `answersID`); the contents give these numbers.
    public static func page(title: String, lang: String, path: String, lessons: [Lesson], pages: [String: Int] = [:]) -> String {
        let words = Language(code: lang)
        let asset = { (file: String) in escapeHTML(SiteLayout.relativeURL(from: path, to: file)) }
        var html = """
        <!DOCTYPE html>
        <html lang="\(escapeHTML(lang))">
        <head>
        <meta charset="utf-8">
        <title>\(escapeHTML(title))</title>
        <link rel="stylesheet" href="\(asset(SiteLayout.katexStylesheet))">
        <link rel="stylesheet" href="\(asset(SiteLayout.stylesheet))">
        </head>
        <body class="handout">
        <header class="handout-cover"><h1>\(escapeHTML(title))</h1></header>
        <nav class="handout-contents"><h2>\(escapeHTML(words[.handoutContents]))</h2><ol>

        """
        let hasAnswers = lessons.contains { !$0.answers.isEmpty }
        func entry(_ id: String, number: Int?, title: String) -> String {
            "<li><a href=\"#\(id)\"><span class=\"handout-number\">\(number.map(String.init) ?? "")</span>"
                + "<span class=\"handout-title\">\(escapeHTML(title))</span><span class=\"handout-page\">\(pages[id].map(String.init) ?? "")</span></a></li>\n"
        }
        for lesson in lessons {
            html += entry(lessonID(lesson.slug), number: lesson.number, title: lesson.title)
        }
        if hasAnswers { html += entry(answersID, number: nil, title: words[.handoutAnswers]) }
        html += "</ol></nav>\n"
        for lesson in lessons {
            html += "<section class=\"handout-lesson\" id=\"\(lessonID(lesson.slug))\">\n\(lesson.article)\n</section>\n"
        }
        if hasAnswers {
            html += "<section class=\"handout-answers\" id=\"\(answersID)\"><h1>\(escapeHTML(words[.handoutAnswers]))</h1>\n"
            for lesson in lessons {
                let name = lesson.number.map { Catalog.fill(words[.uiLessonNumber], ["n": "\($0)"]) } ?? lesson.title
                for (i, answer) in lesson.answers.enumerated() {
                    let heading = Catalog.fill(words[.handoutAnswerHeading], ["lesson": name, "n": "\(i + 1)"])
                    html += "<div class=\"handout-answer\" id=\"\(answer.id)\"><h2>\(escapeHTML(heading))</h2>\n\(answer.html)\n</div>\n"
                }
            }
            html += "</section>\n"
        }
        html += "<script src=\"\(asset(SiteLayout.katexScript))\"></script>\n<script src=\"\(asset(SiteLayout.mathScript))\"></script>\n"
        return html + "</body>\n</html>\n"
    }
}
