import Foundation
import Lessons

/// `convwalk bench build`: a cold build of the course, then a rebuild after one lesson
/// changed, both into a temporary folder (no demos, no training).
public enum BuildBenchmark {
    public struct Result: Sendable {
        public var cold: BuildSummary
        public var coldSeconds: Double
        public var rebuild: BuildSummary
        public var rebuildSeconds: Double
        /// The lesson that was changed for the rebuild.
        public var changed: String
    }

    /// Copies `lessons` to a temporary folder, builds it cold, appends a sentence to its first
    /// lesson and builds again over the first site.
    public static func run(lessons: String) throws -> Result {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("convwalk-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: dir)
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("lessons")
        try fm.copyItem(at: URL(fileURLWithPath: lessons), to: copy)
        let options = BuildOptions(lessons: copy.path, output: dir.appendingPathComponent("output").path)

        var start = Date()
        let cold = try CourseBuild.run(options)
        let coldSeconds = Date().timeIntervalSince(start)

        let files = try CourseChecker.lessonFiles([copy.path])
        guard let first = files.first else { throw BuildError(step: "bench", ["\(lessons): no lessons"]) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: first))
        handle.seekToEndOfFile()
        handle.write(Data("\nOne more sentence, to time a one-lesson rebuild.\n".utf8))
        try handle.close()

        start = Date()
        let rebuild = try CourseBuild.run(options)
        return Result(cold: cold, coldSeconds: coldSeconds, rebuild: rebuild, rebuildSeconds: Date().timeIntervalSince(start),
                      changed: (first as NSString).lastPathComponent)
    }
}
