import ArgumentParser
import Foundation
import Pipeline

/// `convwalk bench png`: Cairo's PNG encoder against convwalk's on the pictures of a built site.
struct BenchPNG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "png",
        abstract: "Time Cairo's PNG encoder against convwalk's settings on a built site's pictures (use a release build).")

    @Option(help: "A built site (convwalk build --output ...) whose PNGs are re-encoded.")
    var site = "output"

    @Option(help: "How many pictures to sample.")
    var images = 40

    func validate() throws {
        try requirePositive(["--images": images])
    }

    func run() throws {
        let r = try PNGBenchmark.run(folder: site, limit: images)
        Console.out(String(format: "%d pictures, %.1f Mpx in all; CPU time per picture, best of 3", r.images, r.megapixels))
        let cairo = r.rows[0]
        for row in r.rows {
            let name = row.encoder.padding(toLength: max(28, row.encoder.count), withPad: " ", startingAt: 0)
            Console.out(String(format: "%@ %7.2f ms  %5.2fx faster  %9d bytes  %5.2fx size  %@", name, row.msPerImage, cairo.msPerImage / max(row.msPerImage, 1e-9), row.bytes,
                               Double(row.bytes) / Double(max(cairo.bytes, 1)),
                               row.differing == 0 ? "same pixels" : "\(row.differing) pictures differ"))
        }
    }
}
