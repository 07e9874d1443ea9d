import ArgumentParser
import Foundation
import Pipeline

/// The options of a site build, shared by `convwalk build` and `convwalk serve` (so the preview
/// builds exactly what `build` would, demos and all).
struct SiteOptions: ParsableArguments {
    @OptionGroup var lessons: LessonsOption

    @Option(name: .shortAndLong, help: "The site folder; the previous site stays intact if the build fails.")
    var output = "output"

    @Flag(help: "Let raw HTML in lesson prose through (escaped by default).")
    var allowRawHTML = false

    @Flag(help: "Leave out the pages of the trained demo networks.")
    var noDemos = false

    @Option(name: .customLong("model"), help: "A demo model: a built-in name or a model file (repeat for several; default: lenet5 and alexnet-mini).")
    var models: [String] = []

    @Option(help: "Folder of trained runs (runs/<model>/checkpoint.cwck, run.json); missing runs are trained into it.")
    var runs = "runs"

    @Option(help: "Epochs when a demo has to be trained (default: 12 for lenet5, 8 for alexnet-mini).")
    var demoEpochs: Int?

    @Option(help: "Train a missing demo on a random subset of this many digits.")
    var demoLimit: Int?

    @Option(help: "Evaluate the demos on the first this many test digits.")
    var demoTestLimit: Int?

    @OptionGroup var data: DataOption

    @Flag(help: "Train the demos again even when their runs exist.")
    var retrain = false

    @Option(help: ArgumentHelp("Two models to train alike and compare on one page, separated by a comma, or 'none'.",
                               valueName: "a,b"))
    var compare = "resnet-mini,plain-mini"

    @Option(help: "Data for the comparison (a folder, or fashion-mnist for Debian's dataset-fashion-mnist).")
    var compareData = "fashion-mnist"

    func validate() throws {
        // A demo trained for 0 epochs or on 0 digits would be saved as a "trained" run and reused.
        try requirePositive(["--demo-epochs": demoEpochs, "--demo-limit": demoLimit, "--demo-test-limit": demoTestLimit])
        guard compare == "none" || compare.split(separator: ",", omittingEmptySubsequences: false).count == 2 else {
            throw ValidationError("--compare: expected two models separated by a comma (resnet-mini,plain-mini) or 'none', got '\(compare)'")
        }
    }

    /// The build these options ask for.
    var buildOptions: BuildOptions {
        let demos = noDemos ? nil : DemoOptions(runs: runs, models: models.isEmpty ? ["lenet5", "alexnet-mini"] : models, epochs: demoEpochs,
                                               limit: demoLimit, testLimit: demoTestLimit, data: data.folder, retrain: retrain)
        // The comparison trains like the demos: their budget flags apply to it too.
        let models = compare.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let comparison = noDemos || compare == "none" ? nil
            : ComparisonOptions(models: models, data: compareData, runs: runs, epochs: demoEpochs, limit: demoLimit,
                                testLimit: demoTestLimit, retrain: retrain)
        return BuildOptions(lessons: lessons.path, output: output, allowRawHTML: allowRawHTML, demos: demos, comparison: comparison)
    }
}
