import ArgumentParser
import Foundation
import NN
import Pipeline

/// `convwalk handout`: the built course (or one lesson) as one printable PDF.
struct HandoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handout",
        abstract: "Print the course (or one lesson) to one PDF: every step of every example, math, contents and page numbers.",
        discussion: """
        Checks the lessons as `convwalk build` does, uses the pictures of its last site that are \
        still current (drawing the others), and prints the lessons with headless Chromium. With \
        poppler-utils installed (pdfinfo), the contents list the page each lesson starts on.
        """)

    @OptionGroup var lessons: LessonsOption

    @Option(help: "The site folder written by `convwalk build` (its current pictures are reused; it need not exist).")
    var site = "output"

    @Option(help: "Only this lesson (its slug, e.g. convolution).")
    var lesson: String?

    @Option(help: "The language, for a site in several languages.")
    var lang = "en"

    @Option(help: "The PDF to write.")
    var out = "course.pdf"

    @Option(help: "The Chromium binary (default: chromium on PATH).")
    var chromium: String?

    func run() throws {
        let start = Date()
        try Console.reportingErrors {
            let summary = try Handout.make(HandoutOptions(lessons: lessons.path, site: site, lesson: lesson, lang: lang, out: out, chromium: chromium)) { Console.out($0) }
            let pages = summary.pages.map { "\($0) pages, " } ?? ""
            Console.out("wrote \(out): \(summary.entries.count) lesson\(summary.entries.count == 1 ? "" : "s"), \(pages)"
                        + "\(summary.bytes / 1024) KB in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        }
    }
}
