import ArgumentParser
import Foundation
import Lessons

/// `convwalk check [paths…]`: runs every worked example through the training kernels and
/// compares it with the author's `expect`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every worked example in the lessons against the kernels; exits non-zero on any mismatch.")

    @Argument(help: "Lesson files or folders (default: lessons/).")
    var paths: [String] = ["lessons"]

    @Flag(name: .shortAndLong, help: "Print only errors and the summary.")
    var quiet = false

    func run() throws {
        let report = CourseChecker.check(paths: paths)
        for lesson in report.lessons {
            for e in lesson.errors { Console.out(Console.red("FAIL ") + e.description) }
            for ex in lesson.examples {
                if ex.passed {
                    let checked = ex.compared == 0 ? "no expect: computed only" : "\(ex.compared) value\(ex.compared == 1 ? "" : "s") checked"
                    if !quiet { Console.out(Console.green("ok   ") + "\(ex.location) \(ex.id ?? "?") (\(ex.result?.op.rawValue ?? ""), \(checked))") }
                } else {
                    for e in ex.errors { Console.out(Console.red("FAIL ") + e.description) }
                }
            }
        }
        for e in report.errors { Console.out(Console.red("FAIL ") + e.description) }
        for w in report.warnings { Console.out(Console.yellow("warn ") + w.description) }
        let failed = report.lessons.flatMap(\.examples).filter { !$0.passed }.count + report.lessons.filter { !$0.errors.isEmpty }.count
        let passed = report.exampleCount - report.lessons.flatMap(\.examples).filter { !$0.passed }.count
        Console.out("\(report.lessons.count) lessons, \(report.exampleCount) examples: \(passed) passed, \(failed) failed, \(report.allErrors.count) errors, \(report.warnings.count) warnings")
        if !report.passed { throw ExitCode.failure }
    }
}
