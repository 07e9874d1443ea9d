import ArgumentParser
import Foundation
import NN
import Pipeline

/// `convwalk render FILE --out DIR`: the frames of one example (or of a whole lesson), to preview.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw the frames of one example (.yaml/.json) or of every example in a lesson (.md) into a folder, to preview.")

    @Argument(help: "An example file (YAML or JSON) or a lesson (.md).")
    var file: String

    @Option(name: .shortAndLong, help: "The folder to write the PNGs into.")
    var out = "render-preview"

    func run() throws {
        try Console.reportingErrors {
            let files = try RenderPreview.render(path: file, out: out)
            Console.out("wrote \(files.count) files to \(out)/")
        }
    }
}
