import Basics
import Foundation
import Lessons
import Render

/// `convwalk render`: draws the pictures of one example file, or of every example in a lesson,
/// into a folder, so an author can look at them before building the site.
public enum RenderPreview {
    /// Writes `<id>/step-N.png`, `<id>/overview.png` (and plots or diagrams) under `out`, plus
    /// `<id>/alt.txt` with each image's alt text.
    /// - Returns: the files written, relative to `out`.
    /// - Throws: `BuildError` (step `check` or `render`) naming the file and line.
    public static func render(path: String, out: String) throws -> [String] {
        let reports: [ExampleReport]
        if path.hasSuffix(".md") {
            let lesson = CourseChecker.check(file: path)
            if !lesson.errors.isEmpty { throw BuildError(step: "check", lesson.errors.map(\.description)) }
            reports = lesson.examples
        } else {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw BuildError(step: "parse", ["\(path):1:1: cannot read the example file"])
            }
            reports = [CourseChecker.checkExample(ExampleBlock(source: text, file: path, line: 1))]
        }
        let errors = reports.flatMap(\.errors)
        if !errors.isEmpty { throw BuildError(step: "check", errors.map(\.description)) }
        var written: [String] = []
        for result in reports.compactMap(\.result) {
            var figures = ExampleFigures(folder: result.id, result: result)
            figures.forcePlayer = true
            figures.captionedFrames = true
            let images: [String: RenderedImage]
            do { images = try figures.images() } catch {
                throw BuildError(step: "render", ["\(result.location): \(result.id): \(error)"])
            }
            var alt: [String] = []
            for (rel, image) in images.sorted(by: { $0.key.localizedStandardCompare($1.key) == .orderedAscending }) {
                let url = URL(fileURLWithPath: out).appendingPathComponent(rel)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try writePNG(image, to: url)
                written.append(rel)
                alt.append("\(rel): \(image.alt)")
            }
            let altURL = URL(fileURLWithPath: out).appendingPathComponent("\(result.id)/alt.txt")
            try FileManager.default.createDirectory(at: altURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(Data((alt.joined(separator: "\n") + "\n").utf8), to: altURL.path)
            written.append("\(result.id)/alt.txt")
        }
        return written
    }
}
