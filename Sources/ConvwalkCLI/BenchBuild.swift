import ArgumentParser
import Foundation
import Pipeline

/// `convwalk bench build`: cold build and one-lesson rebuild times of the course.
struct BenchBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Time a cold build of the course and a rebuild after one lesson changed (no demos; use a release build).")

    @OptionGroup var lessons: LessonsOption

    func run() throws {
        let r = try BuildBenchmark.run(lessons: lessons.path)
        func steps(_ s: BuildSummary) -> String { s.stepSeconds.map { "\($0.step) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ") }
        Console.out("CPU: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadAverage())")
        Console.out(String(format: "cold build:        %6.2f s  (%d lessons, %d examples, %d images drawn; %@)",
                           r.coldSeconds, r.cold.lessons, r.cold.examples, r.cold.rendered, steps(r.cold)))
        Console.out(String(format: "one-lesson rebuild: %6.2f s  (%@ changed; %d images drawn, %d reused; %@)",
                           r.rebuildSeconds, r.changed, r.rebuild.rendered, r.rebuild.reused, steps(r.rebuild)))
        Console.out(String(format: "rebuild / cold: %.2f", r.rebuildSeconds / max(r.coldSeconds, 1e-9)))
    }

    private func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "unknown"
    }
}
