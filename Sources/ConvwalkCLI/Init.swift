import ArgumentParser
import Foundation
import NN
import Pipeline

/// `convwalk init DIR`: a new course that `convwalk check` and `convwalk build` accept at once.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new course in a new or empty folder: a guide for authors, course.yaml and one worked-example lesson in English and Korean.")

    @Argument(help: "The folder to create (it must not exist, or be empty).")
    var folder: String

    @Option(help: "The course's title (default: the folder's name).")
    var title: String?

    func run() throws {
        var files: [CourseScaffold.File] = []
        try Console.reportingErrors { files = try CourseScaffold.create(at: folder, title: title) }
        let width = files.map(\.path.count).max() ?? 0
        Console.out("created \(folder)/:")
        for f in files { Console.out("  " + f.path.padding(toLength: width + 2, withPad: " ", startingAt: 0) + f.about) }
        let cd = folder.contains(" ") ? "'\(folder)'" : folder
        Console.out("""
            next:
              cd \(cd)
              convwalk check                # every worked example against the kernels
              convwalk build --no-demos     # the site into output/ (plain `build` also trains the demo networks: minutes)
              convwalk serve --no-demos     # preview on http://127.0.0.1:8000, rebuilt on change
            """)
    }
}
