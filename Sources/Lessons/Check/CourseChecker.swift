import Basics
import Foundation
import Tensor

/// The outcome of one example: its result when it ran, and every error found.
public struct ExampleReport: Sendable {
    public var id: String?
    public var location: SourceLocation
    public var result: ExampleResult?
    public var errors: [LessonError]
    /// How many expected values were compared.
    public var compared: Int
    public var passed: Bool { errors.isEmpty && result != nil }
}

/// The outcome of one lesson file.
public struct LessonReport: Sendable {
    public var file: String
    public var lesson: Lesson?
    public var examples: [ExampleReport]
    /// Errors of the file itself (front matter, fences), not of one example.
    public var errors: [LessonError]
    public var allErrors: [LessonError] { errors + examples.flatMap(\.errors) }
}

/// The outcome of checking a course: every lesson, every example, every error.
public struct CourseReport: Sendable {
    public var lessons: [LessonReport]
    /// Course-wide problems: duplicate ids or slugs, dangling prev/next.
    public var errors: [LessonError]
    /// Things worth fixing that do not fail the build.
    public var warnings: [LessonError]
    public var allErrors: [LessonError] { lessons.flatMap(\.allErrors) + errors }
    public var exampleCount: Int { lessons.reduce(0) { $0 + $1.examples.count } }
    public var passed: Bool { allErrors.isEmpty }
}

/// Checks lessons: parses every file, runs every example through the kernels and compares
/// with its `expect`. Reports all errors, not just the first.
public enum CourseChecker {
    /// The lesson files under `paths` (files as given, folders searched for `*.md` except README.md), sorted.
    /// - Parameter list: the entries of a folder (injectable so tests can make one unreadable).
    /// - Throws: `LessonError` for a missing path or a folder that cannot be read: skipping it
    ///   would build a site with lessons silently missing.
    public static func lessonFiles(_ paths: [String],
                                   list: (String) throws -> [String] = { try FileManager.default.contentsOfDirectory(atPath: $0) }) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        var seen = Set<String>()
        func walk(_ folder: String) throws {
            // A symlink cycle would recurse forever: each real folder is read once.
            guard seen.insert(URL(fileURLWithPath: folder).resolvingSymlinksInPath().path).inserted else { return }
            let entries: [String]
            do { entries = try list(folder) } catch {
                let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) }
                throw LessonError(SourceLocation(file: folder, line: 1), "cannot read the folder\(reason.map { " (\($0))" } ?? ""); its lessons would be missing from the site")
            }
            for name in entries.sorted() where !name.hasPrefix(".") {
                let full = (folder as NSString).appendingPathComponent(name)
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: full, isDirectory: &isDir) else { continue }
                if isDir.boolValue {
                    try walk(full)
                } else if name.hasSuffix(".md") && name != "README.md" {
                    files.append(full)
                }
            }
        }
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw LessonError(SourceLocation(file: path, line: 1), "no such file or folder")
            }
            if isDir.boolValue { try walk(path) } else { files.append(path) }
        }
        return files.sorted()
    }

    /// Checks one lesson file.
    public static func check(file: String) -> LessonReport {
        let lesson: Lesson
        do { lesson = try LessonParser.load(file) } catch let e as LessonError {
            return LessonReport(file: file, lesson: nil, examples: [], errors: [e])
        } catch {
            return LessonReport(file: file, lesson: nil, examples: [], errors: [LessonError(SourceLocation(file: file, line: 1), "\(error)")])
        }
        let examples = lesson.examples.map(checkExample)
        return LessonReport(file: file, lesson: lesson, examples: examples, errors: [])
    }

    /// Runs one example and compares it with its `expect`.
    public static func checkExample(_ block: ExampleBlock) -> ExampleReport {
        let start = SourceLocation(file: block.file, line: block.line)
        let example: Example
        do { example = try Example.parse(block) } catch {
            return ExampleReport(id: nil, location: start, result: nil, errors: [asLessonError(error, start)], compared: 0)
        }
        do {
            let result = try ExampleRunner.run(example)
            let (errors, compared) = try Expectation.compare(example, result)
            return ExampleReport(id: example.id, location: start, result: result, errors: errors, compared: compared)
        } catch {
            var e = asLessonError(error, start)
            if e.exampleID == nil { e.exampleID = example.id }
            return ExampleReport(id: example.id, location: start, result: nil, errors: [e], compared: 0)
        }
    }

    static func asLessonError(_ error: Error, _ at: SourceLocation) -> LessonError {
        (error as? LessonError) ?? LessonError(at, "\(error)")
    }

    /// A warning for each lesson that exists in some of the course's languages but not in all.
    static func missingTranslations(_ lessons: [LessonReport]) -> [LessonError] {
        let fronts = lessons.compactMap { r in r.lesson.map { (r.file, $0.frontMatter) } }
        let languages = Set(fronts.map(\.1.lang))
        guard languages.count > 1 else { return [] }
        var bySlug: [String: [(String, FrontMatter)]] = [:]
        for f in fronts { bySlug[f.1.slug, default: []].append(f) }
        return bySlug.keys.sorted().compactMap { slug in
            let have = Set(bySlug[slug]!.map(\.1.lang))
            let missing = languages.subtracting(have).sorted()
            guard !missing.isEmpty, let first = bySlug[slug]!.first else { return nil }
            return LessonError(SourceLocation(file: first.0, line: 1),
                               "lesson \"\(slug)\" has no \(missing.joined(separator: ", ")) version; the site shows this one in its place")
        }
    }

    /// Checks every lesson under `paths`, then the course-wide rules.
    public static func check(paths: [String]) -> CourseReport {
        let files: [String]
        do { files = try lessonFiles(paths) } catch {
            return CourseReport(lessons: [], errors: [asLessonError(error, SourceLocation(file: paths.joined(separator: " "), line: 1))], warnings: [])
        }
        let lessons = Parallelism.map(files) { check(file: $0) }
        var errors: [LessonError] = []
        var ids: [String: SourceLocation] = [:]
        var slugs: [String: SourceLocation] = [:]
        for report in lessons {
            // Translations repeat their examples, so ids are unique within a language.
            let lang = report.lesson?.frontMatter.lang ?? "en"
            for ex in report.examples {
                guard let exampleID = ex.id else { continue }
                let id = "\(lang)/\(exampleID)"
                if let first = ids[id] {
                    errors.append(LessonError(ex.location, example: exampleID, "duplicate example id; first used at \(first)"))
                } else { ids[id] = ex.location }
            }
            if let front = report.lesson?.frontMatter {
                // Case-insensitive: on macOS and Windows file systems `Conv.html` and `conv.html` clash.
                let key = "\(front.lang)/\(front.slug.lowercased())"
                let here = SourceLocation(file: report.file, line: 2)
                if let first = slugs[key] { errors.append(LessonError(here, "duplicate slug \"\(front.slug)\" (\(front.lang)); first used in \(first.file)")) }
                else { slugs[key] = here }
            }
        }
        for report in lessons {
            guard let front = report.lesson?.frontMatter else { continue }
            for (name, target) in [("prev", front.prev), ("next", front.next)] {
                if let t = target, slugs["\(front.lang)/\(t)"] == nil {
                    let at = report.lesson?.frontMatterLocations[name] ?? SourceLocation(file: report.file, line: 2)
                    errors.append(LessonError(at, "\(name): no lesson has the slug \"\(t)\""))
                }
            }
        }
        var warnings = lessons.compactMap { r -> LessonError? in
            // A page (kind: page, e.g. "About these lessons") needs no example; a lesson does.
            guard let l = r.lesson, l.examples.isEmpty, l.frontMatter.kind == "lesson" else { return nil }
            return LessonError(SourceLocation(file: r.file, line: 1), "lesson has no worked example")
        }
        warnings += missingTranslations(lessons)
        return CourseReport(lessons: lessons, errors: errors, warnings: warnings)
    }
}
