import ArgumentParser

/// `convwalk bench ...`: speed, measured as ratios against a reference run in the same process.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure speed against a reference measured in the same run (use a release build).",
        subcommands: [
            BenchKernels.self,
            BenchTrain.self,
            BenchLatency.self,
            BenchBuild.self,
            BenchPNG.self,
        ]
    )
}
