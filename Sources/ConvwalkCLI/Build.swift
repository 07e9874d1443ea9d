import ArgumentParser
import Foundation
import NN
import Pipeline

/// `convwalk build`: checks every lesson, renders every picture and writes the static site.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the lessons, render every picture and write the static course site (atomically) to the output folder.")

    @OptionGroup var site: SiteOptions

    func run() throws {
        let start = Date()
        try Console.reportingErrors {
            let summary = try CourseBuild.run(site.buildOptions) { Console.out($0) }
            let steps = summary.stepSeconds.map { "\($0.step) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ")
            Console.out("built \(site.output)/index.html: \(summary.lessons) lessons, \(summary.examples) examples in \(String(format: "%.2f", Date().timeIntervalSince(start))) s (\(steps))")
        }
    }
}
