import Basics
import Foundation
import NN

/// `convwalk init DIR`: a new course that checks and builds at once, the way `mdbook init`
/// starts a book. The folder gets a guide for authors (`README.md`), `lessons/course.yaml`, one
/// worked-example lesson in English and its Korean translation, and a `.gitignore` for the
/// generated `output/` and `runs/`. The files are written into a hidden folder beside `DIR`
/// and renamed into place, so a failure leaves nothing half-written.
public enum CourseScaffold {
    /// One file of a new course: its path inside the course folder, its text, and a few words
    /// saying what it is for (printed by `convwalk init`).
    public struct File: Sendable, Equatable {
        public var path: String
        public var contents: String
        public var about: String
    }

    /// The files of a new course titled `title`.
    public static func files(title: String) -> [File] {
        let quoted = "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return [
            File(path: "README.md", contents: CourseTemplate.guide, about: "how to write lessons (start here)"),
            File(path: "lessons/course.yaml", contents: CourseTemplate.courseYAML(quotedTitle: quoted),
                 about: "the course's title and tagline per language"),
            File(path: "lessons/01-first-convolution.md", contents: CourseTemplate.englishLesson,
                 about: "a worked-example lesson (English)"),
            File(path: "lessons/ko/01-first-convolution.md", contents: CourseTemplate.koreanLesson,
                 about: "the same lesson in Korean"),
            File(path: ".gitignore", contents: "output/\nruns/\n.*.lock\n.*.cache/\n", about: "leaves the built site, its build state and trained runs out of git"),
        ]
    }

    /// Writes a new course into `folder`, which must not exist or be an empty folder.
    /// - Parameter title: the course's title; the folder's name when nil.
    /// - Returns: the files written.
    /// - Throws: `ScaffoldError` when `folder` is a file or a folder with something in it (nothing
    ///   is written then), `FileWriteError` when the disk refuses.
    @discardableResult
    public static func create(at folder: String, title: String? = nil) throws -> [File] {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw ScaffoldError.notAFolder(folder) }
            let entries = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
            guard entries.isEmpty else { throw ScaffoldError.notEmpty(folder, entries: entries) }
        }
        let name = url.lastPathComponent
        let files = files(title: title ?? (name.isEmpty || name == "/" ? "My course" : name))
        let parent = url.deletingLastPathComponent().path
        do { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw FileWriteError(path: parent, reason: "cannot create the folder")
        }
        let staging = (parent as NSString).appendingPathComponent(".\(name).init-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(atPath: staging)
        defer { try? fm.removeItem(atPath: staging) }
        for file in files {
            let path = (staging as NSString).appendingPathComponent(file.path)
            let dir = (path as NSString).deletingLastPathComponent
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw FileWriteError(path: dir, reason: "cannot create the folder")
            }
            try AtomicFile.write(Data(file.contents.utf8), to: path)
        }
        try AtomicFolder.replace(url.path, with: staging)
        return files
    }
}

/// Why `convwalk init` wrote nothing.
public enum ScaffoldError: Error, Equatable, CustomStringConvertible {
    case notAFolder(String)
    case notEmpty(String, entries: [String])

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "\(path): is a file, not a folder; convwalk init writes a new course into a new or empty folder"
        case .notEmpty(let path, let entries):
            let shown = entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? ", …" : "")
            return "\(path): the folder is not empty (\(entries.count) entr\(entries.count == 1 ? "y" : "ies"): \(shown)); "
                + "convwalk init writes a new course only into a new or empty folder and never overwrites files. "
                + "Choose another name, or empty the folder first."
        }
    }
}
