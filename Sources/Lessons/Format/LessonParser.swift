import Basics
import Foundation
import Yams

/// Reads lesson files: splits off the front matter and cuts the body into prose and
/// ` ```example ` blocks, keeping line numbers for every error.
public enum LessonParser {
    /// Reads and parses the lesson at `path`.
    /// - Throws: `LessonError` naming the file and line.
    public static func load(_ path: String) throws -> Lesson {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LessonError(SourceLocation(file: path, line: 1), "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LessonError(SourceLocation(file: path, line: 1), "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses lesson text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> Lesson {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw LessonError(SourceLocation(file: file, line: 1),
                              "expected front matter: a first line `---`, YAML (title, slug, order, summary), and a closing `---`")
        }
        guard let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw LessonError(SourceLocation(file: file, line: 1), "front matter is not closed: expected a second `---` line")
        }
        let (front, locations) = try parseFrontMatter(lines[1..<close].joined(separator: "\n"), file: file, firstLine: 2)
        let segments = try splitBody(Array(lines[(close + 1)...]), file: file, firstLine: close + 2, lang: front.lang)
        return Lesson(file: file, frontMatter: front, segments: segments, frontMatterLocations: locations)
    }

    static func parseFrontMatter(_ yaml: String, file: String, firstLine: Int) throws -> (FrontMatter, [String: SourceLocation]) {
        let root = try YAMLSource.compose(yaml, file: file, lineOffset: firstLine - 1)
        let map = try Fields(root, file: file, lineOffset: firstLine - 1, context: "front matter")
        let title = try map.string("title")
        let fallbackSlug = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let front = FrontMatter(
            title: title,
            slug: try map.optionalString("slug") ?? fallbackSlug,
            order: try map.optionalInt("order") ?? 0,
            summary: try map.optionalString("summary") ?? "",
            lang: try map.optionalString("lang") ?? "en",
            prev: try map.optionalString("prev"),
            next: try map.optionalString("next"),
            kind: try map.optionalString("kind") ?? "lesson")
        try map.rejectUnknown()
        guard FrontMatter.kinds.contains(front.kind) else {
            throw LessonError(map.location(of: "kind"), "kind \"\(front.kind)\" is not one of \(FrontMatter.kinds.joined(separator: ", "))")
        }
        guard front.slug.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]*$", options: .regularExpression) != nil else {
            throw LessonError(map.location(of: "slug"), "slug \"\(front.slug)\" may hold only letters, digits, '.', '_' and '-'")
        }
        // The slug becomes a file name (`SLUG.html` and a figures folder): keep it well under
        // the 255-byte limit of file names.
        guard front.slug.utf8.count <= 100 else {
            throw LessonError(map.location(of: "slug"), "slug is \(front.slug.utf8.count) characters long; the limit is 100 (it becomes a file name)")
        }
        let locations = Dictionary(uniqueKeysWithValues: map.used.map { ($0, map.location(of: $0)) })
        return (front, locations)
    }

    /// Cuts the body into prose and example blocks. Fences of other languages are kept as
    /// prose, and an ` ```example ` inside another fence is not an example.
    static func splitBody(_ lines: [String], file: String, firstLine: Int, lang: String = "en") throws -> [Segment] {
        var segments: [Segment] = []
        var prose: [String] = []
        var proseStart = firstLine
        var i = 0
        var openFence: (marker: String, line: Int)? = nil
        func flushProse(_ next: Int) {
            if prose.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                segments.append(.markdown(prose.joined(separator: "\n"), line: proseStart))
            }
            prose = []
            proseStart = next
        }
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let fence = openFence {
                if trimmed.hasPrefix(fence.marker) && trimmed.allSatisfy({ $0 == fence.marker.first }) { openFence = nil }
                prose.append(line)
                i += 1
                continue
            }
            if let marker = fenceMarker(trimmed) {
                let info = trimmed.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
                if info == "example" {
                    flushProse(firstLine + i)
                    let start = i + 1
                    var j = start
                    while j < lines.count {
                        let t = lines[j].trimmingCharacters(in: .whitespaces)
                        if t.hasPrefix(marker) && t.allSatisfy({ $0 == marker.first }) { break }
                        j += 1
                    }
                    guard j < lines.count else {
                        throw LessonError(SourceLocation(file: file, line: firstLine + i),
                                          "example block is not closed: expected a line `\(marker)`")
                    }
                    segments.append(.example(ExampleBlock(source: lines[start..<j].joined(separator: "\n"),
                                                          file: file, line: firstLine + start, lang: lang)))
                    i = j + 1
                    proseStart = firstLine + i
                    continue
                }
                openFence = (marker, firstLine + i)
            }
            prose.append(line)
            i += 1
        }
        flushProse(firstLine + i)
        return segments
    }

    /// "```" or "~~~" (or longer) when the line opens a fence.
    static func fenceMarker(_ trimmed: String) -> String? {
        for ch: Character in ["`", "~"] {
            let run = trimmed.prefix { $0 == ch }
            if run.count >= 3 { return String(run) }
        }
        return nil
    }
}
