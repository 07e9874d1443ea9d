import Foundation
import NN
import Site
import Words
import Yams

/// The course's title, tagline and parts per language, from an optional `course.yaml` in the
/// lessons folder; languages in the order: en, then the others sorted.
///
/// ```yaml
/// en:
///   title: "convwalk: convolutional networks, one step at a time"
///   tagline: "Every number on these pages was computed by the kernels that train the networks."
///   parts:
///     - {from: 0, title: "One kernel over one image", summary: "Convolution, stride, padding ..."}
///     - {from: 7, title: "Layers"}
/// ```
/// A part starts at the lesson whose `order` is `from` and runs to the next part; the index lists
/// the lessons under their parts. Every language that has parts must start them at the same lessons.
enum CourseInfo {
    static func load(lessonsFolder: String, codes: [String]) throws -> [SiteLanguage] {
        let path = (lessonsFolder as NSString).appendingPathComponent("course.yaml")
        var info: [String: Entry] = [:]
        if let data = FileManager.default.contents(atPath: path) {
            guard let text = String(data: data, encoding: .utf8) else {
                throw BuildError(step: "parse", ["\(path):1:1: expected UTF-8 text"])
            }
            info = try parse(text, file: path)
        }
        let unique = Array(Set(codes)).sorted { ($0 == "en" ? "" : $0) < ($1 == "en" ? "" : $1) }
        return unique.map { code in
            SiteLanguage(code: code, title: info[code]?.title ?? Language(rawValue: code).map { $0[.courseTitle] } ?? "convwalk",
                         tagline: info[code]?.tagline ?? Language(rawValue: code).map { $0[.courseTagline] } ?? "",
                         parts: info[code]?.parts ?? [])
        }
    }

    struct Entry {
        var title: String?
        var tagline: String?
        var parts: [CoursePart] = []
    }

    /// The entries of `course.yaml`, or an error naming the line and what was expected.
    static func parse(_ text: String, file: String) throws -> [String: Entry] {
        func fail(_ node: Node?, _ message: String) -> BuildError {
            let line = node?.mark?.line ?? 1, column = node?.mark?.column ?? 1
            return BuildError(step: "parse", ["\(file):\(line):\(column): \(message)"])
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                throw BuildError(step: "parse", ["\(file):\(mark.line):\(mark.column): YAML: \(yamlProblemInWords(problem))"])
            default:
                throw BuildError(step: "parse", ["\(file):1:1: not readable as YAML"])
            }
        }
        guard let root else { return [:] }
        guard let languages = root.mapping else {
            throw fail(root, "expected one entry per language, e.g. `en: {title: ..., tagline: ..., parts: [...]}`")
        }
        var out: [String: Entry] = [:]
        var firstParts: (code: String, starts: [Int])?
        for (key, value) in languages {
            guard let code = key.scalar?.string else { throw fail(key, "expected a language code such as `en`") }
            guard let fields = value.mapping else {
                throw fail(value, "`\(code)`: expected `{title: ..., tagline: ..., parts: [...]}`")
            }
            var entry = Entry()
            for (name, field) in fields {
                switch name.scalar?.string ?? "" {
                case "title":
                    guard let s = field.scalar?.string else { throw fail(field, "`\(code).title`: expected text") }
                    entry.title = s
                case "tagline":
                    guard let s = field.scalar?.string else { throw fail(field, "`\(code).tagline`: expected text") }
                    entry.tagline = s
                case "parts":
                    entry.parts = try parts(field, code: code, fail: fail)
                default:
                    throw fail(name, "`\(code)`: unknown field `\(name.scalar?.string ?? "?")`; expected title, tagline or parts")
                }
            }
            if !entry.parts.isEmpty {
                let starts = entry.parts.map(\.firstOrder)
                if let first = firstParts, first.starts != starts {
                    throw fail(fields["parts"], "`\(code).parts` start at lessons \(starts.map(String.init).joined(separator: ", ")), "
                               + "but `\(first.code).parts` at \(first.starts.map(String.init).joined(separator: ", ")): every language must divide the course alike")
                }
                if firstParts == nil { firstParts = (code, starts) }
            }
            out[code] = entry
        }
        return out
    }

    private static func parts(_ node: Node, code: String, fail: (Node?, String) -> BuildError) throws -> [CoursePart] {
        guard let items = node.sequence else {
            throw fail(node, "`\(code).parts`: expected a list such as `[{from: 0, title: \"One kernel\"}, {from: 7, title: \"Layers\"}]`")
        }
        var parts: [CoursePart] = []
        for (i, item) in items.enumerated() {
            let what = "\(code).parts[\(i)]"
            guard let fields = item.mapping else { throw fail(item, "`\(what)`: expected `{from: ORDER, title: TEXT, summary: TEXT}`") }
            var from: Int?, title: String?, summary = ""
            for (name, field) in fields {
                switch name.scalar?.string ?? "" {
                case "from":
                    guard let v = field.wholeNumber, v >= 0 else {
                        throw fail(field, "`\(what).from`: expected the `order` of the part's first lesson (a whole number, 0 or more)")
                    }
                    from = v
                case "title":
                    guard let s = field.scalar?.string, !s.isEmpty else { throw fail(field, "`\(what).title`: expected text") }
                    title = s
                case "summary":
                    guard let s = field.scalar?.string else { throw fail(field, "`\(what).summary`: expected text") }
                    summary = s
                default:
                    throw fail(name, "`\(what)`: unknown field `\(name.scalar?.string ?? "?")`; expected from, title or summary")
                }
            }
            guard let from else { throw fail(item, "`\(what)`: missing `from` (the order of the part's first lesson)") }
            guard let title else { throw fail(item, "`\(what)`: missing `title`") }
            if let last = parts.last, from <= last.firstOrder {
                throw fail(item, "`\(what).from`: \(from) must come after the previous part's \(last.firstOrder)")
            }
            parts.append(CoursePart(firstOrder: from, title: title, summary: summary))
        }
        return parts
    }
}
