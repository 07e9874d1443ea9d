import Basics
import Foundation
import NN
import Site
import Words

/// What `convwalk handout` is told.
public struct HandoutOptions: Sendable {
    /// The lessons folder.
    public var lessons: String
    /// A site written by `convwalk build`, whose unchanged pictures are used rather than drawn
    /// again, and to which links to pages outside the handout lead; need not exist.
    public var site: String
    /// One lesson's slug, or nil for the whole course.
    public var lesson: String?
    /// The language of a multilingual course.
    public var lang: String
    /// The PDF to write (atomically).
    public var out: String
    /// The Chromium binary; nil finds `chromium`, `chromium-browser` or `google-chrome` on PATH.
    public var chromium: String?
    /// Number the table of contents with `pdfinfo` (a second print); skipped when poppler is missing.
    public var pageNumbersInContents: Bool

    public init(lessons: String = "lessons", site: String = "output", lesson: String? = nil, lang: String = "en", out: String,
                chromium: String? = nil, pageNumbersInContents: Bool = true) {
        self.lessons = lessons
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

/// `convwalk handout`: the course as one printable PDF.
///
/// Steps: the course's `SiteModel`, as `convwalk build` makes it (check → render, pictures
/// unchanged since the last build taken from its site) → each lesson's `<article>` rendered
/// by the Site module for the print page (`SitePrint`: ids made unique per lesson, links
/// between lessons kept inside the handout), its answers taken out for an answer key at the
/// end → one print page with a cover and a table of contents (`SitePrint.page`), in a folder laid out like the site
/// (its pictures and assets) → headless Chromium prints it to PDF, twice when poppler's
/// `pdfinfo` is there: the first print tells on which page each lesson starts, the second
/// writes those numbers into the contents. The print rules of `assets/site.css` lay out every
/// step of every example as a strip and number the pages.
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
    /// - Throws: `BuildError` for a course that does not check; `HandoutError` naming what is
    ///   missing (the language, the lesson, Chromium) or what failed.
    public static func make(_ o: HandoutOptions, log: (String) -> Void = { _ in }) throws -> Summary {
        let site = URL(fileURLWithPath: o.site).standardizedFileURL
        let model = try CourseBuild.siteModel(BuildOptions(lessons: o.lessons, output: o.site), log: log).0
        guard let language = model.languages.first(where: { $0.code == o.lang }) else {
            throw HandoutError("the course in \(o.lessons) has no lessons in '\(o.lang)'; pass --lang \(model.languages.map(\.code).joined(separator: " or "))")
        }
        let lessons: [SitePrint.Lesson]
        do {
            let slugs = try SitePrint.slugs(of: model, lang: o.lang)
            guard !slugs.isEmpty else { throw HandoutError("the course in \(o.lessons) has no lessons in '\(o.lang)', only other pages") }
            if let slug = o.lesson, !slugs.contains(slug) {
                throw HandoutError("no lesson '\(slug)' in \(o.lessons) (lessons: \(slugs.joined(separator: ", ")))")
            }
            lessons = try SitePrint.lessons(of: model, lang: o.lang, slugs: o.lesson.map { [$0] }, site: site)
        } catch let error as HandoutError { throw error } catch { throw HandoutError(ErrorWords.describe(error)) }
        let chromium = try o.chromium ?? findChromium()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-handout-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        do { try SitePrint.writeFiles(of: model, to: work, previousSite: site) } catch { throw HandoutError(ErrorWords.describe(error)) }
        let pagePath = SitePrint.pagePath(of: lessons)
        let html = work.appendingPathComponent(pagePath), pdf = work.appendingPathComponent("handout.pdf")
        try FileManager.default.createDirectory(at: html.deletingLastPathComponent(), withIntermediateDirectories: true)

        var pageNumbers: [String: Int] = [:]
        func printOnce() throws {
            let page = SitePrint.page(title: language.title, lang: o.lang, path: pagePath, lessons: lessons, pages: pageNumbers)
            try Data(page.utf8).write(to: html)
            try printToPDF(html: html, pdf: pdf, chromium: chromium, profile: work.appendingPathComponent("profile"))
        }
        log("handout: printing \(lessons.count) lesson\(lessons.count == 1 ? "" : "s") with \(chromium)")
        try printOnce()
        if o.pageNumbersInContents, let destinations = try? destinations(pdf), !destinations.isEmpty {
            pageNumbers = destinations
            try printOnce()
        }
        let entries = lessons.map { Entry(slug: $0.slug, title: $0.title, number: $0.number, page: pageNumbers[SitePrint.lessonID($0.slug)]) }
        let pages = try? pdfText(pdf)
        let bytes = try Data(contentsOf: pdf)
        try AtomicFile.write(bytes, to: o.out)
        return Summary(entries: entries, pages: pages?.count, bytes: bytes.count)
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

    /// Capture groups of every match of `pattern`.
    static func matches(_ pattern: String, in s: String) -> [[String]] {
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        return re.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { m in
            (1..<m.numberOfRanges).map { i in Range(m.range(at: i), in: s).map { String(s[$0]) } ?? "" }
        }
    }
}
