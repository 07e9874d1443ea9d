import Basics
import Foundation
import NN
import Words

/// What `convwalk handout` is told.
public struct HandoutOptions: Sendable {
    /// A site written by `convwalk build`.
    public var site: String
    /// One lesson's slug, or nil for the whole course.
    public var lesson: String?
    /// The language of a multilingual site.
    public var lang: String
    /// The PDF to write (atomically).
    public var out: String
    /// The Chromium binary; nil finds `chromium`, `chromium-browser` or `google-chrome` on PATH.
    public var chromium: String?
    /// Number the table of contents with `pdfinfo` (a second print); skipped when poppler is missing.
    public var pageNumbersInContents: Bool

    public init(site: String = "output", lesson: String? = nil, lang: String = "en", out: String,
                chromium: String? = nil, pageNumbersInContents: Bool = true) {
        self.site = site
        self.lesson = lesson
        self.lang = lang
        self.out = out
        self.chromium = chromium
        self.pageNumbersInContents = pageNumbersInContents
    }
}

/// A problem making the handout: which step, and what to do about it.
public struct HandoutError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "handout: \(message)" }
}

/// `convwalk handout`: the built course as one printable PDF.
///
/// Steps: read the lessons listed on the site's index (in course order) → cut each lesson's
/// `<article>` out of its page, with ids made unique per lesson and links between lessons
/// turned into links inside the handout → one print page with a cover and a table of contents
/// → headless Chromium prints it to PDF, twice when poppler's `pdfinfo` is there: the first
/// print tells on which page each lesson starts, the second writes those numbers into the contents.
/// The print rules of `assets/site.css` lay out every step of every example as a strip and
/// number the pages.
public enum Handout {
    /// One lesson in the handout.
    public struct Entry: Equatable, Sendable {
        public var slug: String
        public var title: String
        /// The lesson's number on the index (nil for unnumbered ones such as the notation page).
        public var number: Int?
        /// Where its page starts in the PDF (known after the first print).
        public var page: Int?
    }

    /// What was written.
    public struct Summary: Sendable {
        public var entries: [Entry]
        public var pages: Int?
        public var bytes: Int
    }

    /// Makes the PDF.
    /// - Throws: `HandoutError` naming what is missing (the site, the lesson, Chromium) or what failed.
    public static func make(_ o: HandoutOptions, log: (String) -> Void = { _ in }) throws -> Summary {
        let site = URL(fileURLWithPath: o.site).standardizedFileURL
        let folder = try languageFolder(site: site, lang: o.lang)
        let index = try read(folder.appendingPathComponent("index.html"))
        var entries = lessonEntries(indexHTML: index)
        guard !entries.isEmpty else { throw HandoutError("\(folder.path)/index.html lists no lessons; is this a convwalk site?") }
        if let slug = o.lesson {
            entries = entries.filter { $0.slug == slug }
            guard !entries.isEmpty else {
                throw HandoutError("no lesson '\(slug)' in \(folder.path) (lessons: \(lessonEntries(indexHTML: index).map(\.slug).joined(separator: ", ")))")
            }
        }
        let words = Language(code: o.lang)
        var articles: [String] = [], answers: [Answer] = []
        for entry in entries {
            let (body, found) = answerKey(try article(of: entry, folder: folder, slugs: Set(entries.map(\.slug))), of: entry, words: words)
            articles.append(body)
            answers += found
        }
        let title = firstMatch(#"<header class="hero"><h1>(.*?)</h1>"#, in: index) ?? "convwalk"
        let chromium = try o.chromium ?? findChromium()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-handout-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let html = work.appendingPathComponent("handout.html"), pdf = work.appendingPathComponent("handout.pdf")

        var answersPage: Int?
        func printOnce() throws {
            let page = printPage(title: title, lang: o.lang, entries: entries, articles: articles, answers: answers,
                                 answersPage: answersPage, assets: site.appendingPathComponent("assets"))
            try Data(page.utf8).write(to: html)
            try printToPDF(html: html, pdf: pdf, chromium: chromium, profile: work.appendingPathComponent("profile"))
        }
        log("handout: printing \(entries.count) lesson\(entries.count == 1 ? "" : "s") with \(chromium)")
        try printOnce()
        if o.pageNumbersInContents, let destinations = try? destinations(pdf), !destinations.isEmpty {
            entries = number(entries, destinations: destinations)
            answersPage = destinations["answers"]
            try printOnce()
        }
        let pages = try? pdfText(pdf)
        let bytes = try Data(contentsOf: pdf)
        try AtomicFile.write(bytes, to: o.out)
        return Summary(entries: entries, pages: pages?.count, bytes: bytes.count)
    }

    // MARK: reading the site

    /// `site/<lang>/` for a multilingual site, else `site/` when its pages are in `lang`.
    static func languageFolder(site: URL, lang: String) throws -> URL {
        let fm = FileManager.default
        guard fm.fileExists(atPath: site.appendingPathComponent("index.html").path) else {
            throw HandoutError("no site in \(site.path) (no index.html); run `convwalk build` first or pass --site DIR")
        }
        let perLanguage = site.appendingPathComponent(lang)
        if fm.fileExists(atPath: perLanguage.appendingPathComponent("index.html").path) { return perLanguage }
        let index = try read(site.appendingPathComponent("index.html"))
        let siteLang = firstMatch(#"<html lang="([^"]*)""#, in: index) ?? lang
        guard siteLang == lang else { throw HandoutError("\(site.path) is a site in '\(siteLang)', not '\(lang)'; pass --lang \(siteLang)") }
        return site
    }

    /// The lessons section of an index page, in course order.
    static func lessonEntries(indexHTML: String) -> [Entry] {
        guard let start = indexHTML.range(of: #"<h2 id="lessons">"#) else { return [] }
        // The section runs to the next listing (demos, more); it holds one list per part.
        let end = indexHTML.range(of: #"<section class="listing""#, range: start.upperBound..<indexHTML.endIndex)?.lowerBound
            ?? indexHTML.endIndex
        let section = String(indexHTML[start.upperBound..<end])
        let card = ##"<li class="card"><a href="([^"#]+)\.html">(?:<span class="card-number">(\d+)</span>)?<span class="card-title">(.*?)</span>"##
        return matches(card, in: section).map { Entry(slug: $0[0], title: $0[2], number: Int($0[1])) }
    }

    /// The lesson's `<article>`, with every id prefixed by its slug, links within it and to the
    /// other lessons of the handout kept inside the handout, and every other URL made absolute.
    static func article(of entry: Entry, folder: URL, slugs: Set<String>) throws -> String {
        let page = try read(folder.appendingPathComponent("\(entry.slug).html"))
        guard let start = page.range(of: "<article"), let end = page.range(of: "</article>", options: .backwards) else {
            throw HandoutError("\(folder.path)/\(entry.slug).html has no <article>; rebuild the site with this convwalk")
        }
        // Pages load their images lazily; on paper every image is wanted before printing starts.
        var html = String(page[start.lowerBound..<end.upperBound]).replacingOccurrences(of: " loading=\"lazy\"", with: "")
        let prefix = { (slug: String, id: String) in "\(slug)--\(id)" }
        html = replace(#"(id|aria-labelledby|for)="([^"]*)""#, in: html) { "\($0[0])=\"\(prefix(entry.slug, $0[1]))\"" }
        html = replace(#"(href|src)="([^"]*)""#, in: html) { m in
            let (attribute, url) = (m[0], m[1])
            if url.hasPrefix("#") { return "\(attribute)=\"#\(prefix(entry.slug, String(url.dropFirst())))\"" }
            let parts = url.split(separator: "#", maxSplits: 1).map(String.init)
            if parts[0].hasSuffix(".html"), !parts[0].contains("/"), slugs.contains(String(parts[0].dropLast(5))) {
                let slug = String(parts[0].dropLast(5))
                return "\(attribute)=\"#\(parts.count > 1 ? prefix(slug, parts[1]) : "lesson-\(slug)")\""
            }
            guard URL(string: url)?.scheme == nil, let absolute = URL(string: url, relativeTo: folder.appendingPathComponent("x")) else { return "\(attribute)=\"\(url)\"" }
            return "\(attribute)=\"\(absolute.absoluteString)\""
        }
        return html
    }

    // MARK: the answer key

    /// One exercise's answer, moved from its lesson to the end of the handout.
    struct Answer: Equatable {
        var slug: String
        var lesson: String
        var number: Int
        var html: String
        var id: String { "answer-\(slug)-\(number)" }
    }

    /// The article with each collapsed answer (`<details class="answer">`) replaced by a line
    /// pointing to the answer key, and those answers in order: on paper a reader tries the
    /// exercise first and turns to the back for the answer, as in a textbook.
    static func answerKey(_ article: String, of entry: Entry, words: Language) -> (article: String, answers: [Answer]) {
        var answers: [Answer] = []
        let lesson = entry.number.map { Catalog.fill(words[.uiLessonNumber], ["n": "\($0)"]) } ?? entry.title
        let body = replace(#"<details class="answer"[^>]*>\s*<summary>.*?</summary>(.*?)</details>"#, in: article, options: [.dotMatchesLineSeparators]) { m in
            let answer = Answer(slug: entry.slug, lesson: lesson, number: answers.count + 1, html: m[0])
            answers.append(answer)
            let text = Catalog.fill(words[.handoutAnswerReference], ["n": "\(answer.number)"])
            return "<p class=\"handout-answer-reference\"><a href=\"#\(answer.id)\">\(escapeText(text))</a></p>"
        }
        return (body, answers)
    }

    static func escapeText(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    // MARK: the print page

    /// One HTML page holding the cover, the contents and every lesson, styled by the site's
    /// stylesheet (whose print rules do the layout).
    static func printPage(title: String, lang: String, entries: [Entry], articles: [String], answers: [Answer] = [], answersPage: Int? = nil, assets: URL) -> String {
        let url = { (path: String) in assets.appendingPathComponent(path).absoluteString }
        var html = """
        <!DOCTYPE html>
        <html lang="\(lang)">
        <head>
        <meta charset="utf-8">
        <title>\(title)</title>
        <link rel="stylesheet" href="\(url("katex/katex.min.css"))">
        <link rel="stylesheet" href="\(url("site.css"))">
        </head>
        <body class="handout">
        <header class="handout-cover"><h1>\(title)</h1></header>
        <nav class="handout-contents"><h2>\(Language(code: lang)[.handoutContents])</h2><ol>

        """
        for entry in entries {
            let number = entry.number.map { "<span class=\"handout-number\">\($0)</span>" } ?? "<span class=\"handout-number\"></span>"
            let page = entry.page.map(String.init) ?? ""
            html += "<li><a href=\"#lesson-\(entry.slug)\">\(number)<span class=\"handout-title\">\(entry.title)</span><span class=\"handout-page\">\(page)</span></a></li>\n"
        }
        let words = Language(code: lang)
        if !answers.isEmpty {
            html += "<li><a href=\"#answers\"><span class=\"handout-number\"></span><span class=\"handout-title\">\(words[.handoutAnswers])</span><span class=\"handout-page\">\(answersPage.map(String.init) ?? "")</span></a></li>\n"
        }
        html += "</ol></nav>\n"
        for (entry, article) in zip(entries, articles) {
            html += "<section class=\"handout-lesson\" id=\"lesson-\(entry.slug)\">\n\(article)\n</section>\n"
        }
        if !answers.isEmpty {
            html += "<section class=\"handout-answers\" id=\"answers\"><h1>\(words[.handoutAnswers])</h1>\n"
            for answer in answers {
                let heading = Catalog.fill(words[.handoutAnswerHeading], ["lesson": answer.lesson, "n": "\(answer.number)"])
                html += "<div class=\"handout-answer\" id=\"\(answer.id)\"><h2>\(escapeText(heading))</h2>\n\(answer.html)\n</div>\n"
            }
            html += "</section>\n"
        }
        html += "<script src=\"\(url("katex/katex.min.js"))\"></script>\n<script src=\"\(url("math.js"))\"></script>\n"
        return html + "</body>\n</html>\n"
    }

    /// Each entry with the page its lesson starts on, from the PDF's named destinations
    /// (Chromium keeps every id a link points to; the contents point to `lesson-<slug>`).
    static func number(_ entries: [Entry], destinations: [String: Int]) -> [Entry] {
        entries.map { entry in
            var entry = entry
            entry.page = destinations["lesson-\(entry.slug)"]
            return entry
        }
    }

    // MARK: Chromium and poppler

    /// The first of `chromium`, `chromium-browser`, `google-chrome` on PATH.
    static func findChromium() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        throw HandoutError("no Chromium found (looked for chromium, chromium-browser, google-chrome on PATH); install it (`apt-get install chromium`) or pass --chromium PATH")
    }

    /// Prints `html` to `pdf` with headless Chromium, its page numbers from the stylesheet's
    /// `@page` rules rather than Chromium's own header and footer.
    static func printToPDF(html: URL, pdf: URL, chromium: String, profile: URL) throws {
        try? FileManager.default.removeItem(at: pdf)
        let arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                         "--no-pdf-header-footer", "--generate-pdf-document-outline", "--virtual-time-budget=20000",
                         "--print-to-pdf=\(pdf.path)", html.absoluteString]
        let result = try run(chromium, arguments, timeout: 600)
        guard result.status == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            throw HandoutError("\(chromium) did not print \(html.path) (exit \(result.status)): \(result.errors.suffix(400))")
        }
    }

    /// The named destinations of `pdf` and their pages (`pdfinfo -dests`).
    static func destinations(_ pdf: URL) throws -> [String: Int] {
        let result = try run("/usr/bin/env", ["pdfinfo", "-dests", pdf.path], timeout: 120)
        guard result.status == 0 else { throw HandoutError("pdfinfo failed: \(result.errors)") }
        var pages: [String: Int] = [:]
        for m in matches(#"(?m)^ *(\d+) [^\n]*"([^"\n]*)" *$"#, in: result.output) {
            if let page = Int(m[0]) { pages[m[1]] = page }
        }
        return pages
    }

    /// The text of each page of `pdf` (`pdftotext -layout`).
    static func pdfText(_ pdf: URL) throws -> [String] {
        let result = try run("/usr/bin/env", ["pdftotext", "-layout", pdf.path, "-"], timeout: 120)
        guard result.status == 0 else { throw HandoutError("pdftotext failed: \(result.errors)") }
        var pages = result.output.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages
    }

    /// Runs a program to the end (or kills it after `timeout` seconds).
    static func run(_ program: String, _ arguments: [String], timeout: TimeInterval) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw HandoutError("cannot run \(program): \(error.localizedDescription)") }
        let lock = NSLock()
        nonisolated(unsafe) var output = Data(), errors = Data()
        let group = DispatchGroup()
        for (pipe, isError) in [(out, false), (err, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                lock.lock()
                if isError { errors = data } else { output = data }
                lock.unlock()
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw HandoutError("\(program) took longer than \(Int(timeout)) s and was stopped")
        }
        process.waitUntilExit()
        group.wait()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    // MARK: text helpers

    static func read(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw HandoutError("cannot read \(url.path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Capture groups of every match of `pattern`.
    static func matches(_ pattern: String, in s: String) -> [[String]] {
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        return re.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { m in
            (1..<m.numberOfRanges).map { i in Range(m.range(at: i), in: s).map { String(s[$0]) } ?? "" }
        }
    }

    static func firstMatch(_ pattern: String, in s: String) -> String? { matches(pattern, in: s).first?.first }

    /// `s` with every match of `pattern` replaced by `transform(captureGroups)`.
    static func replace(_ pattern: String, in s: String, options: NSRegularExpression.Options = [],
                        _ transform: ([String]) -> String) -> String {
        guard let re = try? NSRegularExpression(pattern: pattern, options: options) else { return s }
        var result = "", last = s.startIndex
        for m in re.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
            guard let whole = Range(m.range, in: s) else { continue }
            result += s[last..<whole.lowerBound]
            result += transform((1..<m.numberOfRanges).map { i in Range(m.range(at: i), in: s).map { String(s[$0]) } ?? "" })
            last = whole.upperBound
        }
        return result + s[last...]
    }
}
